import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { Arrival, ArrivalsBoard } from '@patientdesk/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

const minute = 60_000;

const statusColors: Record<Arrival['status'], string> = {
  booked: 'gray.7',
  arrived: 'blue.8',
  fulfilled: 'green.9',
  noshow: 'red.9',
};

/** Minutes waited since check-in at the server's `now`; null unless the patient is waiting. */
export function waitedMinutes(
  arrival: Pick<Arrival, 'status' | 'checkedInAt'>,
  serverNow: number,
): number | null {
  if (arrival.status !== 'arrived' || !arrival.checkedInAt) return null;
  return Math.max(0, Math.floor((serverNow - new Date(arrival.checkedInAt).getTime()) / minute));
}

interface ArrivalsTableProps {
  board: ArrivalsBoard;
  serverNow: number;
  mayCheckIn: boolean;
  mayAttend: boolean;
  onCheckIn(arrival: Arrival): void;
  onSeen(arrival: Arrival): void;
  onNoShow(arrival: Arrival): void;
}

/** The day's appointments at one location, in time order, with what the desk can do about each. */
export function ArrivalsTable({
  board,
  serverNow,
  mayCheckIn,
  mayAttend,
  onCheckIn,
  onSeen,
  onNoShow,
}: ArrivalsTableProps) {
  const { t, i18n } = useTranslation();
  const timeOf = useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.resolvedLanguage, {
      hour: 'numeric',
      minute: '2-digit',
      timeZone: board.location.timeZone,
    });
    return (instant: string) => format.format(new Date(instant));
  }, [i18n.resolvedLanguage, board.location.timeZone]);
  const day = new Intl.DateTimeFormat(i18n.resolvedLanguage, {
    dateStyle: 'full',
    timeZone: 'UTC',
  }).format(new Date(`${board.date}T12:00:00Z`));
  const waiting = board.items.filter((item) => item.status === 'arrived').length;

  return (
    <Stack gap="xs">
      <Text fw={600}>{t('arrivals.summary', { day, count: board.items.length, waiting })}</Text>
      {board.items.length === 0 ? (
        <Text c="dimmed">{t('arrivals.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Caption>{t('arrivals.caption', { location: board.location.name, day })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('arrivals.columns.time')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.columns.patient')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.columns.visit')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.columns.notes')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {board.items.map((arrival) => {
                const waited = waitedMinutes(arrival, serverNow);
                const started = new Date(arrival.startsAt).getTime() <= serverNow;
                const name = arrival.patient.displayName;
                return (
                  <Table.Tr key={arrival.appointmentId} data-appointment={arrival.appointmentId}>
                    <Table.Td>{timeOf(arrival.startsAt)}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Anchor component={Link} to={`/desk/patients/${arrival.patient.id}`}>
                          {name}
                        </Anchor>
                        {arrival.patientNoShowCount > 0 && (
                          <Text size="xs" c="red.9">
                            {t('arrivals.missedBefore', { count: arrival.patientNoShowCount })}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{arrival.appointmentType.name}</Text>
                      <Text size="xs" c="dimmed">
                        {arrival.provider.displayName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Badge color={statusColors[arrival.status]} variant="filled">
                          {t(`arrivals.status.${arrival.status}`)}
                        </Badge>
                        {waited !== null && (
                          <Text size="sm" fw={600}>
                            {t('arrivals.waiting', { count: waited })}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      {arrival.checkInNotes && (
                        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                          {arrival.checkInNotes}
                        </Text>
                      )}
                      {arrival.hasFollowUp && (
                        <Text size="xs" c="dimmed">
                          {t('arrivals.followUpWritten')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {mayCheckIn && arrival.status === 'booked' && (
                          <Button
                            size="xs"
                            onClick={() => onCheckIn(arrival)}
                            aria-label={t('arrivals.actions.checkInFor', { name })}
                          >
                            {t('arrivals.actions.checkIn')}
                          </Button>
                        )}
                        {mayAttend && (arrival.status === 'booked' || arrival.status === 'arrived') && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => onSeen(arrival)}
                            aria-label={t('arrivals.actions.seenFor', { name })}
                          >
                            {t('arrivals.actions.seen')}
                          </Button>
                        )}
                        {mayCheckIn && arrival.status === 'booked' && started && (
                          <Button
                            size="xs"
                            variant="default"
                            color="red.9"
                            onClick={() => onNoShow(arrival)}
                            aria-label={t('arrivals.actions.noShowFor', { name })}
                          >
                            {t('arrivals.actions.noShow')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
