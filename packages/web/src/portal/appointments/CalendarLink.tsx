import { Anchor } from '@mantine/core';
import type { Appointment } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';

/** "Add to calendar": the visit as an .ics file, which every calendar app opens. */
export function CalendarLink({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  if (appointment.status !== 'booked') return null;
  return (
    <Anchor href={`/api/portal/appointments/${appointment.id}/calendar.ics`} download>
      {t('appointments.calendarFile')}
    </Anchor>
  );
}
