import { Alert, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import type { Arrival, ArrivalsBoard, SignedInStaff } from '@patientdesk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useCoalescedReload, useInboxLive, useLiveChanges } from '../inbox/inbox-live.tsx';
import { ArrivalsTable } from './ArrivalsTable.tsx';
import { frontDesk, kioskManagers, noShowReaders, visitAttenders } from './arrival-roles.ts';
import { SeenDialog } from './SeenDialog.tsx';
import { useLocationChoice } from './use-location-choice.ts';

/** Re-renders every `everyMs`: waiting times tick on while nothing else changes. */
function useClock(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * /desk/arrivals: today's appointments at the chosen location, live. Who has arrived and how
 * long they have waited since check-in (counted on the server's clock, ticking each minute), what
 * they told the kiosk changed, and the desk's actions: check in, seen (with follow-up
 * instructions for the portal), no-show.
 */
export function ArrivalsBoardPage({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const place = useLocationChoice();
  const board = useApiData<ArrivalsBoard>(
    place.locationId ? `/api/locations/${place.locationId}/arrivals` : undefined,
  );
  const reload = useCoalescedReload(board.reload);
  const { status } = useInboxLive();
  useLiveChanges((event) => {
    if (event.type === 'appointment.changed' && event.locationId === place.locationId) reload();
  }, board.reload);

  // The server's "now" when the board was read, carried forward by this computer's clock.
  const [readAt, setReadAt] = useState(() => Date.now());
  useEffect(() => {
    if (board.data) setReadAt(Date.now());
  }, [board.data]);
  const tick = useClock(15_000);
  const serverNow = board.data ? new Date(board.data.now).getTime() + (tick - readAt) : tick;

  const [message, setMessage] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [seeing, setSeeing] = useState<Arrival>();
  const [missing, setMissing] = useState<Arrival>();

  const act = useCallback(
    async (arrival: Arrival, path: string, done: string, body?: object) => {
      setActionError(undefined);
      await callApi('POST', `/api/appointments/${arrival.appointmentId}/${path}`, body);
      setMessage(done);
      board.reload();
    },
    [board],
  );

  const checkIn = (arrival: Arrival) =>
    act(arrival, 'check-in', t('arrivals.done.checkedIn', { name: arrival.patient.displayName })).catch(
      setActionError,
    );

  return (
    <Stack maw={1300} mx="auto" py="lg" gap="lg">
      <PageHeading
        title={t('arrivals.title')}
        intro={t('arrivals.intro')}
        actions={
          <Group gap="xs">
            {noShowReaders.includes(staff.role) && (
              <Button component={Link} to="/desk/arrivals/no-shows" variant="default">
                {t('arrivals.noShows.title')}
              </Button>
            )}
            {kioskManagers.includes(staff.role) && (
              <Button component={Link} to="/desk/arrivals/kiosks" variant="default">
                {t('arrivals.kiosks.title')}
              </Button>
            )}
          </Group>
        }
      />
      <Group justify="space-between" align="flex-end">
        <NativeSelect
          label={t('arrivals.location')}
          value={place.locationId ?? ''}
          onChange={(event) => place.choose(event.currentTarget.value)}
          data={place.locations.map((location) => ({ value: location.id, label: location.name }))}
          miw={260}
        />
        <Text size="sm" fw={600} role="status">
          {status === 'connected' ? t('arrivals.live') : t('arrivals.reconnecting')}
        </Text>
      </Group>
      <FormError error={place.error ?? board.error} title={t('arrivals.loadFailed')} />
      <StatusMessage message={message} />
      <FormError error={actionError} title={t('arrivals.actionFailed')} />
      {place.loaded && place.locations.length === 0 && (
        <Alert variant="light" color="gray">
          {t('arrivals.noLocations')}
        </Alert>
      )}
      {place.locationId && !board.data && !board.error && <Loading />}
      {board.data && (
        <ArrivalsTable
          board={board.data}
          serverNow={serverNow}
          mayCheckIn={frontDesk.includes(staff.role)}
          mayAttend={visitAttenders.includes(staff.role)}
          onCheckIn={(arrival) => void checkIn(arrival)}
          onSeen={setSeeing}
          onNoShow={setMissing}
        />
      )}
      <SeenDialog
        arrival={seeing}
        onClose={() => setSeeing(undefined)}
        onSeen={(arrival, followUp) =>
          act(
            arrival,
            'seen',
            t('arrivals.done.seen', { name: arrival.patient.displayName }),
            followUp ? { followUp } : {},
          )
        }
      />
      <ConfirmDialog
        opened={missing !== undefined}
        title={t('arrivals.noShowDialog.title')}
        confirmLabel={t('arrivals.noShowDialog.confirm')}
        onClose={() => setMissing(undefined)}
        onConfirm={async () => {
          if (missing)
            await act(missing, 'no-show', t('arrivals.done.noShow', { name: missing.patient.displayName }));
        }}
      >
        {missing && t('arrivals.noShowDialog.text', { name: missing.patient.displayName })}
      </ConfirmDialog>
    </Stack>
  );
}
