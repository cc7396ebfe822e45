import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import type { Appointment, PortalPatient, PortalProfile, SchedulingDirectory } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { CalendarLink } from './CalendarLink.tsx';
import { confirmationAddress } from './confirmation-address.ts';
import { VisitDetails } from './VisitDetails.tsx';

/**
 * "We sent a confirmation to …": the address, when the person may read the patient's contact
 * details; otherwise who it went to. A record with no usable phone or email is said plainly.
 */
function ConfirmationSent({ patient }: { patient: PortalPatient }) {
  const { t } = useTranslation();
  const readable = patient.scopes.includes('records');
  const profile = useApiData<PortalProfile>(
    readable ? `/api/portal/patients/${patient.id}/profile` : undefined,
  );
  if (readable && !profile.data && !profile.error) return null;
  if (!profile.data)
    return <Text>{t('appointments.done.sentToPatient', { name: patient.displayName })}</Text>;
  const address = confirmationAddress(profile.data);
  return (
    <Text>{address ? t('appointments.done.sentTo', { address }) : t('appointments.done.noWayToSend')}</Text>
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
  appointment: Appointment;
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
      <ConfirmationSent patient={patient} />
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
