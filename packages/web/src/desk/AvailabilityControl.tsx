import { SegmentedControl, Stack, Text } from '@mantine/core';
import type { StaffAvailabilityName } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client.ts';
import { FormError } from '../app/FormError.tsx';

const availabilities: StaffAvailabilityName[] = ['available', 'busy', 'away', 'offline'];

/** Lets a staff member say whether they can take conversations now. */
export function AvailabilityControl({ initial }: { initial: StaffAvailabilityName }) {
  const { t } = useTranslation();
  const [availability, setAvailability] = useState(initial);
  const [error, setError] = useState<unknown>();

  async function change(next: StaffAvailabilityName) {
    const previous = availability;
    setAvailability(next);
    setError(undefined);
    try {
      await callApi('PUT', '/api/staff/me/availability', { availability: next });
    } catch (caught) {
      setAvailability(previous);
      setError(caught);
    }
  }

  return (
    <Stack gap="xs">
      <Text fw={600} id="availability-label">
        {t('desk.availability')}
      </Text>
      <SegmentedControl
        aria-labelledby="availability-label"
        value={availability}
        onChange={(value) => void change(value as StaffAvailabilityName)}
        data={availabilities.map((value) => ({ value, label: t(`availability.${value}`) }))}
      />
      <Text size="sm" c="dimmed">
        {t('desk.availabilityHelp')}
      </Text>
      <FormError error={error} title={t('desk.availabilityFailed')} />
    </Stack>
  );
}
