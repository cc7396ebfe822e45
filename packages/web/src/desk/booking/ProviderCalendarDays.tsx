import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { FreeTime, ProviderCalendar, SchedulingDirectory } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import classes from './booking.module.css';
import { locationIn } from './use-directory.ts';
import { addCalendarDays, calendarDay, visitTime, zoneName } from './visit-time.ts';

const daysPerPage = 7;

/**
 * One provider's free times for a kind of visit, a week at a time, each day with its times in
 * the location's zone. Starts today (the clinic's today); "Later" and "Earlier" page through.
 */
export function ProviderCalendarDays({
  providerId,
  providerName,
  appointmentTypeId,
  directory,
  disabled,
  onChoose,
  dayHeadingLevel,
}: {
  providerId: string;
  providerName: string;
  appointmentTypeId: string;
  directory: SchedulingDirectory;
  disabled?: boolean;
  onChoose(time: FreeTime): void;
  /** The days' heading level, one below the heading the calendar sits under. */
  dayHeadingLevel: 3 | 4 | 5;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  // The first day of each page seen so far; the first page is the clinic's today.
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const from = pages[pages.length - 1];
  const params = new URLSearchParams({ appointmentType: appointmentTypeId, days: String(daysPerPage) });
  if (from) params.set('from', from);
  const calendar = useApiData<ProviderCalendar>(`/api/providers/${providerId}/calendar?${params}`);
  const data = calendar.data?.providerId === providerId ? calendar.data : undefined;
  const lastDay = data?.days[data.days.length - 1]?.date;
  const places = new Set(data?.days.flatMap((day) => day.times.map((time) => time.locationId)) ?? []);
  const firstTime = data?.days.flatMap((day) => day.times)[0];

  return (
    <Stack gap="xs" component="section" aria-label={t('booking.calendar.label', { provider: providerName })}>
      {calendar.error && !data ? (
        <FormError error={calendar.error} title={t('booking.calendar.failed')} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          {firstTime && (
            <Text size="xs" c="dimmed">
              {t('booking.calendar.zone', {
                zone: zoneName(firstTime.startsAt, data.timeZone, language),
              })}
            </Text>
          )}
          {data.days.every((day) => day.times.length === 0) && (
            <Text size="sm">{t('booking.calendar.noneThisWeek')}</Text>
          )}
          {data.days
            .filter((day) => day.times.length > 0)
            .map((day) => (
              <Stack key={day.date} gap={4}>
                <Title order={dayHeadingLevel} size="sm">
                  {calendarDay(day.date, language)}
                </Title>
                <ul className={classes.times}>
                  {day.times.map((time) => {
                    const location = locationIn(directory, time.locationId);
                    const clock = visitTime(time.startsAt, location?.timeZone ?? data.timeZone, language);
                    return (
                      <li key={`${time.locationId}:${time.startsAt}`}>
                        <Button
                          size="compact-sm"
                          variant="default"
                          disabled={disabled}
                          onClick={() => onChoose(time)}
                          aria-label={t('booking.calendar.time', {
                            time: clock,
                            day: calendarDay(day.date, language),
                            place: location?.name ?? '',
                          })}
                        >
                          {places.size > 1 && location ? `${clock} · ${location.name}` : clock}
                        </Button>
                      </li>
                    );
                  })}
                </ul>
              </Stack>
            ))}
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={pages.length === 1}
              onClick={() => setPages((seen) => seen.slice(0, -1))}
            >
              {t('booking.calendar.earlier')}
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={!lastDay}
              onClick={() => lastDay && setPages((seen) => [...seen, addCalendarDays(lastDay, 1)])}
            >
              {t('booking.calendar.later')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
