import { SegmentedControl, Stack, Text } from '@mantine/core';
import type { StaffAvailabilityName } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { staffAvailabilities } from '../app/availability.ts';
import { useStaffSession } from '../app/staff-session.tsx';

/** Lets a staff member say whether they can take conversations now. */
export function AvailabilityControl({ availability }: { availability: StaffAvailabilityName }) {
  const { t } = useTranslation();
  const { changeAvailability } = useStaffSession();
  return (
    <Stack gap="xs">
      <Text fw={600} id="availability-label">
        {t('desk.availability')}
      </Text>
      <SegmentedControl
        aria-labelledby="availability-label"
        value={availability}
        onChange={(value) => void changeAvailability(value as StaffAvailabilityName)}
        data={staffAvailabilities.map((value) => ({ value, label: t(`availability.${value}`) }))}
      />
      <Text size="sm" c="dimmed">
        {t('desk.availabilityHelp')}
      </Text>
    </Stack>
  );
}
