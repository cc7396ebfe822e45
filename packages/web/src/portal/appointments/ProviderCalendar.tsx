import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ProviderCalendar as Calendar, FreeTime } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { providerCalendarPath } from './booking-api.ts';
import { FreeTimeButtons } from './FreeTimeButtons.tsx';
import { calendarDateAfter, useVisitTime } from './visit-time.ts';

const daysShown = 7;

interface ProviderCalendarProps {
  providerId: string;
  appointmentTypeId: string;
  locationId?: string | undefined;
  /** The zone of each location, for times at another location than the calendar's own zone. */
  zoneOf(time: FreeTime): string;
  placeOf?(time: FreeTime): string | undefined;
  onPick(time: FreeTime): void;
  picking?: FreeTime | undefined;
  disabled?: boolean;
  /** The heading level of each day (below the heading of the section it is shown in). */
  dayHeadingOrder?: 3 | 4 | 5;
}

/** One provider's free times for a kind of visit, day by day, a week at a time. */
export function ProviderCalendar({
  providerId,
  appointmentTypeId,
  locationId,
  zoneOf,
  placeOf,
  onPick,
  picking,
  disabled,
  dayHeadingOrder = 4,
}: ProviderCalendarProps) {
  const { t } = useTranslation();
  const time = useVisitTime();
  // Undefined: from today in the clinic's zone, as the server counts it.
  const [from, setFrom] = useState<string>();
  const [earlier, setEarlier] = useState<string[]>([]);
  const calendar = useApiData<Calendar>(
    providerCalendarPath({ providerId, appointmentTypeId, from, days: daysShown, locationId }),
  );
  const days = calendar.data?.days;
  const lastDay = days?.at(-1)?.date;
  const freeDays = days?.filter((day) => day.times.length > 0) ?? [];

  return (
    <Stack gap="sm">
      <FormError error={calendar.error} title={t('appointments.calendar.failed')} />
      {!days && !calendar.error && <Loading />}
      {days && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('appointments.calendar.range', {
              first: time.calendarDate(days[0]!.date),
              last: time.calendarDate(lastDay!),
              zone: time.zone(calendar.data!.timeZone),
            })}
          </Text>
          {freeDays.length === 0 && <Text>{t('appointments.calendar.noneThisWeek')}</Text>}
          {freeDays.map((day) => (
            <Stack key={day.date} gap={6}>
              <Title order={dayHeadingOrder} size="h5">
                {time.calendarDate(day.date)}
              </Title>
              <FreeTimeButtons
                times={day.times}
                zoneOf={zoneOf}
                placeOf={placeOf}
                clockOnly
                onPick={onPick}
                picking={picking}
                disabled={disabled}
              />
            </Stack>
          ))}
          <Group gap="sm">
            <Button
              variant="default"
              size="sm"
              disabled={earlier.length === 0}
              onClick={() => {
                setFrom(earlier.at(-1) || undefined);
                setEarlier((list) => list.slice(0, -1));
              }}
            >
              {t('appointments.calendar.previous', { count: daysShown })}
            </Button>
            <Button
              variant="default"
              size="sm"
              onClick={() => {
                setEarlier((list) => [...list, from ?? '']);
                setFrom(calendarDateAfter(lastDay!, 1));
              }}
            >
              {t('appointments.calendar.next', { count: daysShown })}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
