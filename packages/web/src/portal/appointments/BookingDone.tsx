import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import type { BookedAppointment, PortalPatient, SchedulingDirectory } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CalendarLink } from './CalendarLink.tsx';
import { confirmationWords } from './confirmation-words.ts';
import { VisitDetails } from './VisitDetails.tsx';

/**
 * "We sent a confirmation to …", as the server answered the booking: the channel and the masked
 * address it really used, or why nothing went (then the page itself is the record to keep).
 */
function ConfirmationSent({
  appointment,
  patient,
}: {
  appointment: BookedAppointment;
  patient: PortalPatient;
}) {
  const { t } = useTranslation();
  const { confirmation } = appointment;
  if (!confirmation) return null;
  return (
    <Text>
      {confirmationWords(t, confirmation, patient.displayName)}
      {confirmation.status === 'not-sent' && ` ${t('appointments.confirmation.keepThisPage')}`}
    </Text>
  );
}

/** The last step: the booked visit, where the confirmation went, and what to do next. */
export function BookingDone({
  appointment,
  patient,
  directory,
  showPatient,
  onBookAnother,
}: {
  appointment: BookedAppointment;
  patient: PortalPatient;
  directory: SchedulingDirectory;
  showPatient: boolean;
  onBookAnother(): void;
}) {
  const { t } = useTranslation();
  const type = directory.appointmentTypes.find(
    (candidate) => candidate.id === appointment.appointmentType.id,
  );
  return (
    <Stack gap="md">
      <ConfirmationSent appointment={appointment} patient={patient} />
      <Card withBorder padding="lg">
        <VisitDetails appointment={appointment} type={type} showPatient={showPatient} showAnswers />
      </Card>
      <Group gap="md">
        <CalendarLink appointment={appointment} />
        <Anchor component={Link} to={`/portal/appointments/${appointment.id}`}>
          {t('appointments.done.open')}
        </Anchor>
        <Anchor component={Link} to="/portal/appointments">
          {t('appointments.done.myAppointments')}
        </Anchor>
      </Group>
      <Group>
        <Button variant="default" onClick={onBookAnother}>
          {t('appointments.done.bookAnother')}
        </Button>
      </Group>
    </Stack>
  );
}
