import { Anchor, Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type {
  Appointment,
  AppointmentTypeSummary,
  BookedAppointment,
  FreeTime,
} from '@patientdesk/contracts';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CalendarLink } from './CalendarLink.tsx';
import { CancelVisitDialog } from './CancelVisitDialog.tsx';
import { ReschedulePanel } from './ReschedulePanel.tsx';
import { VisitDetails, VisitStatus } from './VisitDetails.tsx';
import { useVisitTime } from './visit-time.ts';

export type VisitChange =
  | { kind: 'cancelled'; appointment: Appointment }
  | { kind: 'moved'; appointment: BookedAppointment };

interface AppointmentCardProps {
  appointment: Appointment;
  type: AppointmentTypeSummary | undefined;
  zoneOf(time: FreeTime): string;
  headingOrder: 2 | 3 | 4;
  showPatient?: boolean;
  showAnswers?: boolean;
  /** Link to the visit's own page (not on that page itself). */
  linkToPage?: boolean;
  onChanged(change: VisitChange): void;
}

/** Why a patient cannot change a visit online any more, and whom to call instead. */
function TooLateToChange({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const phone = appointment.location.phone;
  return (
    <Text size="sm" c="dimmed">
      {phone ? t('appointments.card.tooLateCall', { phone }) : t('appointments.card.tooLate')}
    </Text>
  );
}

/** One visit: its details, and what the patient may do with it (move, cancel, add to a calendar). */
export function AppointmentCard({
  appointment,
  type,
  zoneOf,
  headingOrder,
  showPatient,
  showAnswers,
  linkToPage,
  onChanged,
}: AppointmentCardProps) {
  const { t } = useTranslation();
  const time = useVisitTime();
  const [rescheduling, setRescheduling] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const rescheduleButton = useRef<HTMLButtonElement>(null);
  const headingId = `appointment-${appointment.id}`;
  const kind = type?.name ?? appointment.appointmentType.name;
  const upcoming = new Date(appointment.endsAt).getTime() > Date.now();
  const changeable = appointment.canCancel || appointment.canReschedule;

  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={headingOrder} size="h4" id={headingId}>
            {t('appointments.card.heading', { kind, provider: appointment.provider.displayName })}
          </Title>
          <VisitStatus status={appointment.status} />
        </Group>
        <VisitDetails
          appointment={appointment}
          type={type}
          showPatient={showPatient}
          showAnswers={showAnswers}
        />
        {appointment.status === 'booked' && upcoming && appointment.changeableUntil && changeable && (
          <Text size="sm" c="dimmed">
            {t('appointments.card.changeableUntil', {
              when: time.when(appointment.changeableUntil, appointment.timeZone),
            })}
          </Text>
        )}
        {appointment.status === 'booked' && upcoming && !changeable && (
          <TooLateToChange appointment={appointment} />
        )}
        <Group gap="sm">
          {appointment.canReschedule && !rescheduling && (
            <Button ref={rescheduleButton} variant="light" onClick={() => setRescheduling(true)}>
              {t('appointments.card.reschedule')}
            </Button>
          )}
          {appointment.canCancel && (
            <Button variant="outline" color="red.9" onClick={() => setCancelling(true)}>
              {t('appointments.card.cancel')}
            </Button>
          )}
          {upcoming && <CalendarLink appointment={appointment} />}
          {linkToPage && (
            <Anchor component={Link} to={`/portal/appointments/${appointment.id}`}>
              {t('appointments.card.open')}
              <VisuallyHidden>
                {' '}
                {t('appointments.card.openWhich', {
                  when: time.when(appointment.startsAt, appointment.timeZone),
                })}
              </VisuallyHidden>
            </Anchor>
          )}
        </Group>
        {rescheduling && (
          <ReschedulePanel
            appointment={appointment}
            zoneOf={zoneOf}
            headingOrder={headingOrder === 2 ? 3 : 4}
            onMoved={(moved) => {
              setRescheduling(false);
              onChanged({ kind: 'moved', appointment: moved });
            }}
            onClose={() => {
              setRescheduling(false);
              requestAnimationFrame(() => rescheduleButton.current?.focus());
            }}
          />
        )}
      </Stack>
      <CancelVisitDialog
        appointment={appointment}
        opened={cancelling}
        onClose={() => setCancelling(false)}
        onCancelled={(cancelled) => {
          setCancelling(false);
          onChanged({ kind: 'cancelled', appointment: cancelled });
        }}
      />
    </Card>
  );
}
