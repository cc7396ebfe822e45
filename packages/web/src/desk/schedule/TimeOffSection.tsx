import { Card, List, Stack, Text, Title } from '@mantine/core';
import type { ProviderScheduleProfile, TimeOff } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { localDateOf, useScheduleTime } from './schedule-time.ts';

/** "Mon, Dec 7, 1:00 PM – 5:00 PM", or across days "Mon, Dec 7, 1:00 PM – Wed, Dec 9, 9:00 AM". */
export function useTimeOffSpan() {
  const time = useScheduleTime();
  return (off: Pick<TimeOff, 'startsAt' | 'endsAt'>, timeZone: string) => {
    const startDay = localDateOf(off.startsAt, timeZone);
    const endDay = localDateOf(new Date(new Date(off.endsAt).getTime() - 1).toISOString(), timeZone);
    return startDay === endDay
      ? `${time.day(startDay)}, ${time.span(off.startsAt, off.endsAt, timeZone)}`
      : `${time.day(startDay)}, ${time.clock(off.startsAt, timeZone)} – ${time.day(endDay)}, ${time.clock(off.endsAt, timeZone)}`;
  };
}

/**
 * The provider's time off from today on. It is marked through the "provider unavailable" flow
 * (which also deals with the visits it touches), so this page only shows it.
 */
export function TimeOffSection({ profile }: { profile: ProviderScheduleProfile }) {
  const { t } = useTranslation();
  const span = useTimeOffSpan();
  const fallbackZone = profile.locations.find((place) => place.active)?.timeZone ?? 'UTC';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="time-off-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id="time-off-heading">
            {t('schedule.timeOff.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('schedule.timeOff.intro')}
          </Text>
        </div>
        {profile.timeOff.length === 0 ? (
          <Text size="sm">{t('schedule.timeOff.none')}</Text>
        ) : (
          <List spacing={4} size="sm">
            {profile.timeOff.map((off) => {
              const place = profile.locations.find((candidate) => candidate.locationId === off.locationId);
              return (
                <List.Item key={off.id}>
                  {t('schedule.timeOff.item', {
                    when: span(off, place?.timeZone ?? fallbackZone),
                    where: place ? place.name : t('schedule.timeOff.everywhere'),
                  })}
                  {off.reason && ` — ${off.reason}`}
                </List.Item>
              );
            })}
          </List>
        )}
      </Stack>
    </Card>
  );
}
