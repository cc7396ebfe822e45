import { NativeSelect } from '@mantine/core';
import type { StaffAvailabilityName } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { staffAvailabilities } from './availability.ts';
import { useStaffSession } from './staff-session.tsx';

/** The header's compact availability choice, on every staff page (labelled on screen in the header's menu). */
export function AvailabilitySelect({
  availability,
  visibleLabel = false,
}: {
  availability: StaffAvailabilityName;
  visibleLabel?: boolean;
}) {
  const { t } = useTranslation();
  const { changeAvailability } = useStaffSession();
  return (
    <NativeSelect
      label={visibleLabel ? t('desk.availability') : undefined}
      aria-label={visibleLabel ? undefined : t('desk.availability')}
      size="sm"
      value={availability}
      onChange={(event) => void changeAvailability(event.currentTarget.value as StaffAvailabilityName)}
      data={staffAvailabilities.map((value) => ({ value, label: t(`availability.${value}`) }))}
    />
  );
}
