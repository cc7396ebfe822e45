import { Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ProviderWeek } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { calendarDateAfter, localDateOf, useScheduleTime } from './schedule-time.ts';

type Kind = 'hours' | 'free' | 'booked' | 'held' | 'done' | 'timeOff';

interface Entry {
  key: string;
  kind: Kind;
  startsAt: string;
  text: string;
}

const colours: Record<Kind, string> = {
  hours: 'var(--mantine-color-gray-5)',
  free: 'var(--mantine-color-green-7)',
  booked: 'var(--mantine-color-blue-7)',
  held: 'var(--mantine-color-yellow-7)',
  done: 'var(--mantine-color-gray-7)',
  timeOff: 'var(--mantine-color-red-8)',
};

/** The days of the week each entry belongs to, read in the zone of its location. */
function useEntries(week: ProviderWeek | undefined): Map<string, Entry[]> {
  const { t } = useTranslation();
  const time = useScheduleTime();
  const byDay = new Map<string, Entry[]>();
  if (!week) return byDay;
  const days: string[] = [];
  for (let day = week.from; day <= week.to; day = calendarDateAfter(day, 1)) days.push(day);
  for (const day of days) byDay.set(day, []);
  const place = (id: string | null) => week.locations.find((candidate) => candidate.id === id);
  const zoneOf = (id: string | null) => place(id)?.timeZone ?? week.timeZone;
  // With more than one location, each entry says where.
  const where = (id: string | null) =>
    week.locations.length > 1 && place(id) ? ` · ${place(id)!.name}` : '';
  const add = (day: string, entry: Entry) => byDay.get(day)?.push(entry);

  for (const block of week.workingBlocks)
    add(block.localDate, {
      key: `hours:${block.locationId}:${block.startsAt}`,
      kind: 'hours',
      startsAt: block.startsAt,
      text: `${t('schedule.week.hours')} ${time.span(block.startsAt, block.endsAt, zoneOf(block.locationId))}${where(block.locationId)}`,
    });
  for (const free of week.freeTime)
    add(free.localDate, {
      key: `free:${free.locationId}:${free.startsAt}`,
      kind: 'free',
      startsAt: free.startsAt,
      text: `${t('schedule.week.free')} ${time.span(free.startsAt, free.endsAt, zoneOf(free.locationId))}${where(free.locationId)}`,
    });
  for (const visit of week.appointments) {
    const kind: Kind =
      visit.status === 'held'
        ? 'held'
        : visit.status === 'booked' || visit.status === 'arrived'
          ? 'booked'
          : 'done';
    const who = visit.patient ? ` · ${visit.patient.displayName}` : '';
    add(localDateOf(visit.startsAt, zoneOf(visit.locationId)), {
      key: `visit:${visit.id}`,
      kind,
      startsAt: visit.startsAt,
      text: `${t(`schedule.week.status.${visit.status}`)} ${time.span(visit.startsAt, visit.endsAt, zoneOf(visit.locationId))} · ${visit.appointmentType.name}${who}${where(visit.locationId)}`,
    });
  }
  for (const off of week.timeOff) {
    const zone = zoneOf(off.locationId);
    const first = localDateOf(off.startsAt, zone);
    const last = localDateOf(new Date(new Date(off.endsAt).getTime() - 1).toISOString(), zone);
    for (const day of days.filter((candidate) => candidate >= first && candidate <= last))
      add(day, {
        key: `off:${off.id}:${day}`,
        kind: 'timeOff',
        startsAt: day === first ? off.startsAt : `${day}T00:00:00Z`,
        text: `${t('schedule.week.timeOff')} ${
          first === last ? time.span(off.startsAt, off.endsAt, zone) : t('schedule.week.allDay')
        }${off.reason ? ` · ${off.reason}` : ''}`,
      });
  }
  for (const entries of byDay.values()) entries.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return byDay;
}

/**
 * A provider's week, day by day: the hours they work, what is still free, the visits (with the
 * patient's name for staff who read appointments) and time off; previous and next week.
 */
export function WeekView({ providerId, version }: { providerId: string; version: number }) {
  const { t } = useTranslation();
  const time = useScheduleTime();
  const [from, setFrom] = useState<string>();
  const week = useApiData<ProviderWeek>(`/api/providers/${providerId}/week${from ? `?from=${from}` : ''}`);
  const { reload } = week;
  // A new version is how the page asks again after a change of hours.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const shown = week.data && (!from || week.data.from === from) ? week.data : undefined;
  const entries = useEntries(shown);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="week-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2} size="h3" id="week-heading">
              {shown
                ? t('schedule.week.title', { day: time.day(shown.from) })
                : t('schedule.week.titleLoading')}
            </Title>
            {shown && (
              <Text size="sm" c="dimmed">
                {t('schedule.week.zoneNote', { zone: time.zone(shown.timeZone) })}
              </Text>
            )}
          </div>
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              disabled={!week.data}
              onClick={() => week.data && setFrom(calendarDateAfter(week.data.from, -7))}
            >
              {t('schedule.week.previous')}
            </Button>
            <Button variant="default" size="sm" disabled={!from} onClick={() => setFrom(undefined)}>
              {t('schedule.week.thisWeek')}
            </Button>
            <Button
              variant="default"
              size="sm"
              disabled={!week.data}
              onClick={() => week.data && setFrom(calendarDateAfter(week.data.from, 7))}
            >
              {t('schedule.week.next')}
            </Button>
          </Group>
        </Group>
        <Group gap="xs">
          {(['hours', 'free', 'booked', 'held', 'timeOff'] as const).map((kind) => (
            <Badge
              key={kind}
              variant="outline"
              color="dark"
              style={{ borderLeft: `6px solid ${colours[kind]}` }}
            >
              {t(`schedule.week.legend.${kind}`)}
            </Badge>
          ))}
        </Group>
        <FormError error={week.error} title={t('schedule.week.loadFailed')} />
        {!shown && !week.error && <Loading />}
        {shown && (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 7 }} spacing="xs">
            {[...entries].map(([day, list]) => (
              <Paper key={day} withBorder p="xs" component="section" aria-label={time.longDay(day)}>
                <Stack gap={4}>
                  <Title order={3} size="h6">
                    {time.day(day)}
                  </Title>
                  {list.length === 0 && (
                    <Text size="xs" c="dimmed">
                      {t('schedule.week.nothing')}
                    </Text>
                  )}
                  {list.map((entry) => (
                    <Text
                      key={entry.key}
                      size="xs"
                      pl={6}
                      data-kind={entry.kind}
                      style={{ borderLeft: `4px solid ${colours[entry.kind]}` }}
                    >
                      {entry.text}
                    </Text>
                  ))}
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}
