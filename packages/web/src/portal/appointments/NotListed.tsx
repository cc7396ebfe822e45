import { Text } from '@mantine/core';
import type { PortalPatient } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { schedulingPatients } from './booking-api.ts';

/** Whose visits are not shown, and why, in one line: nobody is left out without a word. */
export function NotListed({ patients }: { patients: PortalPatient[] }) {
  const { t } = useTranslation();
  const offered = schedulingPatients(patients);
  const left = patients.filter((patient) => !offered.includes(patient));
  if (left.length === 0) return null;
  return (
    <Text size="sm" c="dimmed">
      {t('appointments.notListed', { names: left.map((patient) => patient.displayName).join(', ') })}
    </Text>
  );
}
