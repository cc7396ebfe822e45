import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { Appointment, SchedulingDirectory } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import classes from './booking.module.css';
import { RescheduleDialog } from './RescheduleDialog.tsx';
import { visitDateTime } from './visit-time.ts';

const statusColours: Record<Appointment['status'], string> = {
  held: 'blue',
  booked: 'teal',
  arrived: 'grape',
  fulfilled: 'gray',
  cancelled: 'red',
  noshow: 'orange',
};

/**
 * A patient's appointments, each with its time in the location's zone, and for those who book,
 * "Move" and "Cancel" (asked once more before anything changes).
 */
export function AppointmentList({
  appointments,
  directory,
  mayChange,
  label,
  onChanged,
}: {
  appointments: Appointment[];
  directory: SchedulingDirectory | undefined;
  mayChange: boolean;
  label: string;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const [cancelling, setCancelling] = useState<Appointment>();
  const [moving, setMoving] = useState<Appointment>();
  const when = (appointment: Appointment) =>
    visitDateTime(appointment.startsAt, appointment.timeZone, language);

  return (
    <>
      <ul className={classes.plainList} aria-label={label}>
        {appointments.map((appointment) => (
          <li key={appointment.id} className={classes.item} data-status={appointment.status}>
            <Stack gap={2}>
              <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
                <Text size="sm" fw={600}>
                  {when(appointment)}
                </Text>
                <Badge size="xs" variant="light" color={statusColours[appointment.status]}>
                  {t(`booking.status.${appointment.status}`)}
                </Badge>
              </Group>
              <Text size="sm">
                {t('booking.list.what', {
                  type: appointment.appointmentType.name,
                  provider: appointment.provider.displayName,
                })}
              </Text>
              <Text size="xs" c="dimmed">
                {appointment.appointmentType.mode === 'telehealth'
                  ? t('booking.flow.byVideo')
                  : appointment.location.name}
              </Text>
              {mayChange && (appointment.canReschedule || appointment.canCancel) && (
                <Group gap={6} mt={4}>
                  {appointment.canReschedule && directory && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setMoving(appointment)}
                      aria-label={t('booking.list.moveLabel', { when: when(appointment) })}
                    >
                      {t('booking.list.move')}
                    </Button>
                  )}
                  {appointment.canCancel && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      color="red.9"
                      onClick={() => setCancelling(appointment)}
                      aria-label={t('booking.list.cancelLabel', { when: when(appointment) })}
                    >
                      {t('booking.list.cancel')}
                    </Button>
                  )}
                </Group>
              )}
            </Stack>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        opened={cancelling !== undefined}
        title={t('booking.cancel.title')}
        confirmLabel={t('booking.cancel.submit')}
        onClose={() => setCancelling(undefined)}
        onConfirm={async () => {
          if (!cancelling) return;
          await callApi('POST', `/api/appointments/${cancelling.id}/cancel`, {});
          onChanged();
        }}
      >
        {cancelling &&
          t('booking.cancel.explain', {
            type: cancelling.appointmentType.name,
            provider: cancelling.provider.displayName,
            when: when(cancelling),
          })}
      </ConfirmDialog>
      {moving && directory && (
        <RescheduleDialog
          appointment={moving}
          directory={directory}
          onClose={() => setMoving(undefined)}
          onMoved={() => {
            setMoving(undefined);
            onChanged();
          }}
        />
      )}
    </>
  );
}
