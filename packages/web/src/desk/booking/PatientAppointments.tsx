import { Tabs, Text } from '@mantine/core';
import type { Appointment, SchedulingDirectory } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { AppointmentList } from './AppointmentList.tsx';

/** A time that was only held, or the old time of a move, is no appointment of its own to show. */
const shown = (appointment: Appointment) =>
  appointment.status !== 'cancelled' ||
  (appointment.cancellationReason !== 'rescheduled' && appointment.cancellationReason !== 'hold-expired');

function AppointmentsWhen({
  patientId,
  when,
  directory,
  mayChange,
  generation,
  onChanged,
}: {
  patientId: string;
  when: 'upcoming' | 'past';
  directory: SchedulingDirectory | undefined;
  mayChange: boolean;
  generation: number;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const list = useApiData<{ items: Appointment[] }>(`/api/patients/${patientId}/appointments?when=${when}`);
  const { reload } = list;
  // A new generation is a change made beside the list: read it again.
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  if (list.error && !list.data) return <FormError error={list.error} title={t('booking.list.failed')} />;
  if (!list.data) return <Loading />;
  const items = list.data.items.filter(shown);
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t(when === 'upcoming' ? 'booking.list.noUpcoming' : 'booking.list.noPast')}
      </Text>
    );
  return (
    <AppointmentList
      appointments={items}
      directory={directory}
      mayChange={mayChange && when === 'upcoming'}
      label={t(when === 'upcoming' ? 'booking.list.upcoming' : 'booking.list.past')}
      onChanged={onChanged}
    />
  );
}

/**
 * The patient's upcoming appointments (soonest first) and past ones (latest first). `generation`
 * grows with every change made beside the list (a booking, a live update), which reloads it.
 */
export function PatientAppointments({
  patientId,
  directory,
  mayChange,
  generation,
  onChanged,
}: {
  patientId: string;
  directory: SchedulingDirectory | undefined;
  mayChange: boolean;
  generation: number;
  /** A move or cancellation made from the list. */
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('upcoming');
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="upcoming">{t('booking.list.upcoming')}</Tabs.Tab>
        <Tabs.Tab value="past">{t('booking.list.past')}</Tabs.Tab>
      </Tabs.List>
      {(['upcoming', 'past'] as const).map((when) => (
        <Tabs.Panel key={when} value={when} pt="xs">
          <AppointmentsWhen
            patientId={patientId}
            when={when}
            directory={directory}
            mayChange={mayChange}
            generation={generation}
            onChanged={onChanged}
          />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
