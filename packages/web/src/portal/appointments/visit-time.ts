import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Visit times as patients read them: in the zone of the clinic's location, with the zone named
 * ("Wed, Jan 14, 10:30 AM (Eastern Time)"), because the visit happens there, whatever the zone
 * of the phone or computer the patient books from. All the zone work is Intl's.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone });
    cache.set(key, format);
  }
  return format;
}

const dayOptions: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const timeOptions: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

/** The zone's everyday name: "Eastern Time", "hora del Pacífico". */
export function zoneName(language: string, timeZone: string): string {
  const parts = formatter(language, timeZone, { timeZoneName: 'longGeneric' }).formatToParts(new Date());
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** "Wed, Jan 14, 10:30 AM (Eastern Time)" */
export function formatVisitTime(language: string, instant: string, timeZone: string): string {
  return `${formatDayAndClock(language, instant, timeZone)} (${zoneName(language, timeZone)})`;
}

/** "Wed, Jan 14, 10:30 AM": for a button whose accessible name carries the zone. */
export function formatDayAndClock(language: string, instant: string, timeZone: string): string {
  return formatter(language, timeZone, { ...dayOptions, ...timeOptions }).format(new Date(instant));
}

/** "10:30 AM" in the zone, for a time under its day's heading. */
export function formatClockTime(language: string, instant: string, timeZone: string): string {
  return formatter(language, timeZone, timeOptions).format(new Date(instant));
}

/** "Wed, Jan 14": the day an instant falls on in the zone. */
export function formatVisitDay(language: string, instant: string, timeZone: string): string {
  return formatter(language, timeZone, dayOptions).format(new Date(instant));
}

/** "Wed, Jan 14" for a calendar date (2026-01-14), which has no zone of its own. */
export function formatCalendarDate(language: string, date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  // Noon UTC of the date, read in UTC: the same calendar day whatever the browser's zone.
  return formatter(language, 'UTC', dayOptions).format(new Date(Date.UTC(year!, month! - 1, day!, 12)));
}

/**
 * The calendar date `days` after `date` (both like 2026-01-14). Calendar days, not instants:
 * counted on UTC's calendar, which has no daylight-saving change to skip or repeat a day.
 */
export function calendarDateAfter(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

export interface VisitTimeFormat {
  when(instant: string, timeZone: string): string;
  dayAndClock(instant: string, timeZone: string): string;
  clock(instant: string, timeZone: string): string;
  day(instant: string, timeZone: string): string;
  calendarDate(date: string): string;
  zone(timeZone: string): string;
}

/** The formats above in the interface's language. */
export function useVisitTime(): VisitTimeFormat {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(
    () => ({
      when: (instant, timeZone) => formatVisitTime(language, instant, timeZone),
      dayAndClock: (instant, timeZone) => formatDayAndClock(language, instant, timeZone),
      clock: (instant, timeZone) => formatClockTime(language, instant, timeZone),
      day: (instant, timeZone) => formatVisitDay(language, instant, timeZone),
      calendarDate: (date) => formatCalendarDate(language, date),
      zone: (timeZone) => zoneName(language, timeZone),
    }),
    [language],
  );
}
