import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import type { Appointment, FreeTime, SchedulingDirectory } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { nextFreeTimesOf, TimeTakenNotice } from './FreeTimeChoices.tsx';
import { ProviderCalendarDays } from './ProviderCalendarDays.tsx';
import { locationIn } from './use-directory.ts';
import { visitDateTime } from './visit-time.ts';

/**
 * Moves a booked appointment to another free time of the same kind of visit, with the same
 * provider or another who offers it. Staff have no cut-off; the move is asked once more before
 * it is made, and the old time is freed only when the new one is booked.
 */
export function RescheduleDialog({
  appointment,
  directory,
  onClose,
  onMoved,
}: {
  appointment: Appointment;
  directory: SchedulingDirectory;
  onClose(): void;
  onMoved(moved: Appointment): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const [providerId, setProviderId] = useState(appointment.provider.id);
  const [chosen, setChosen] = useState<FreeTime>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const offering = directory.providers.filter((provider) =>
    provider.appointmentTypeIds.includes(appointment.appointmentType.id),
  );
  const providerName =
    offering.find((provider) => provider.id === providerId)?.displayName ?? appointment.provider.displayName;
  const when = (time: FreeTime) =>
    visitDateTime(
      time.startsAt,
      locationIn(directory, time.locationId)?.timeZone ?? appointment.timeZone,
      language,
    );

  function choose(time: FreeTime) {
    setError(undefined);
    setChosen(time);
  }

  async function move(time: FreeTime) {
    setBusy(true);
    setError(undefined);
    try {
      const moved = await callApi<Appointment>('POST', `/api/appointments/${appointment.id}/reschedule`, {
        startsAt: time.startsAt,
        providerId: time.providerId,
        locationId: time.locationId,
      });
      onMoved(moved);
    } catch (caught) {
      setError(caught);
      if (nextFreeTimesOf(caught)) setChosen(undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminModal opened onClose={() => !busy && onClose()} size="lg" title={t('booking.move.title')}>
      <Stack gap="sm">
        <Text size="sm">
          {t('booking.move.now', {
            type: appointment.appointmentType.name,
            provider: appointment.provider.displayName,
            when: visitDateTime(appointment.startsAt, appointment.timeZone, language),
          })}
        </Text>
        {chosen ? (
          <Stack gap="xs">
            <Text fw={600}>{t('booking.move.confirm', { when: when(chosen), provider: providerName })}</Text>
            <FormError error={error} title={t('booking.move.failed')} />
            <Group gap="xs">
              <Button loading={busy} onClick={() => void move(chosen)}>
                {t('booking.move.submit')}
              </Button>
              <Button variant="default" disabled={busy} onClick={() => setChosen(undefined)}>
                {t('booking.move.another')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <>
            <TimeTakenNotice error={error} directory={directory} onChoose={choose} />
            <NativeSelect
              label={t('booking.find.provider')}
              value={providerId}
              onChange={(event) => setProviderId(event.currentTarget.value)}
              data={offering.map((provider) => ({ value: provider.id, label: provider.displayName }))}
            />
            <ProviderCalendarDays
              key={providerId}
              providerId={providerId}
              providerName={providerName}
              appointmentTypeId={appointment.appointmentType.id}
              directory={directory}
              onChoose={choose}
              dayHeadingLevel={3}
            />
          </>
        )}
      </Stack>
    </AdminModal>
  );
}
