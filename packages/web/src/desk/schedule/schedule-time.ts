import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type WeekdayCode, weekdayCodes } from './recurrence.ts';

/**
 * Times on the schedule pages, in the zone of the location they happen at (or the clinic's),
 * whatever the zone of the computer reading them. All the zone work is Intl's; calendar dates
 * are counted on UTC's calendar, which skips and repeats no day.
 */

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(language: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

/** The calendar date (2026-03-08) an instant falls on in the zone. */
export function localDateOf(instant: string, timeZone: string): string {
  const parts = formatter('en-CA', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Minutes since the local midnight of the instant's day in the zone. */
export function minutesOfDay(instant: string, timeZone: string): number {
  const parts = formatter('en-GB', timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/** The date `days` after `date`. */
export function calendarDateAfter(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

/** The weekday of a calendar date, as an RRULE day. */
export function weekdayOfDate(date: string): WeekdayCode {
  const [year, month, day] = date.split('-').map(Number);
  return weekdayCodes[(new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay() + 6) % 7]!;
}

/** The Monday of the week a date is in. */
export function mondayOf(date: string): string {
  return calendarDateAfter(date, -weekdayCodes.indexOf(weekdayOfDate(date)));
}

/** Today's date in the zone. */
export function todayIn(timeZone: string): string {
  return localDateOf(new Date().toISOString(), timeZone);
}

// 2024-01-01 was a Monday: the reference week for weekday names.
const referenceDay = (code: WeekdayCode) => new Date(Date.UTC(2024, 0, 1 + weekdayCodes.indexOf(code), 12));

export interface ScheduleTime {
  /** "9:00 AM" in the zone. */
  clock(instant: string, timeZone: string): string;
  /** "9:00 AM – 12:00 PM" in the zone. */
  span(startsAt: string, endsAt: string, timeZone: string): string;
  /** "Mon, Dec 7" for a calendar date. */
  day(date: string): string;
  /** "Monday, December 7, 2026" for a calendar date. */
  longDay(date: string): string;
  /** "Monday" / "lunes". */
  weekday(code: WeekdayCode): string;
  /** "Mon" / "lun". */
  shortWeekday(code: WeekdayCode): string;
  /** "9:00 AM" for a wall-clock time like 09:00 or 24:00. */
  wallClock(time: string): string;
  /** "Eastern Time". */
  zone(timeZone: string): string;
}

export function useScheduleTime(): ScheduleTime {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const clock = (instant: string, timeZone: string) =>
      formatter(language, timeZone, { hour: 'numeric', minute: '2-digit' }).format(new Date(instant));
    const dateAt = (date: string, options: Intl.DateTimeFormatOptions) => {
      const [year, month, day] = date.split('-').map(Number);
      return formatter(language, 'UTC', options).format(new Date(Date.UTC(year!, month! - 1, day!, 12)));
    };
    return {
      clock,
      span: (startsAt, endsAt, timeZone) => `${clock(startsAt, timeZone)} – ${clock(endsAt, timeZone)}`,
      day: (date) => dateAt(date, { weekday: 'short', month: 'short', day: 'numeric' }),
      longDay: (date) => dateAt(date, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
      weekday: (code) => formatter(language, 'UTC', { weekday: 'long' }).format(referenceDay(code)),
      shortWeekday: (code) => formatter(language, 'UTC', { weekday: 'short' }).format(referenceDay(code)),
      wallClock: (time) => {
        const [hour = 0, minute = 0] = time.split(':').map(Number);
        // 24:00 is the end of the day: shown as midnight.
        return formatter(language, 'UTC', { hour: 'numeric', minute: '2-digit' }).format(
          new Date(Date.UTC(2024, 0, 1, hour % 24, minute)),
        );
      },
      zone: (timeZone) =>
        formatter(language, timeZone, { timeZoneName: 'longGeneric' })
          .formatToParts(new Date())
          .find((part) => part.type === 'timeZoneName')?.value ?? timeZone,
    };
  }, [language]);
}
