import { DateTime } from 'luxon';
import { Invalid } from '../../errors.ts';

/**
 * When a team answers: opening hours per weekday in the location's time zone, and the dates it
 * is closed. SLA targets ("first response within 2 business hours") count only this time, and
 * count it in real minutes: on the night clocks go forward an always-open line has 23 hours.
 */
export interface BusinessHours {
  /** IANA time zone of the location, e.g. America/New_York. */
  timeZone: string;
  /** ISO weekday (1 = Monday ... 7 = Sunday) -> opening intervals `HH:MM`-`HH:MM`; `24:00` ends a day. */
  weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, readonly { start: string; end: string }[]>>;
  /** Whole days closed (holidays), `YYYY-MM-DD` in the time zone. */
  closedDates?: readonly string[];
}

// Far enough to cross any holiday season; a schedule that never opens in a year is an error.
const maxDaysAhead = 366;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Checks a schedule, naming what is wrong with it. */
export function validateBusinessHours(hours: BusinessHours): void {
  if (!DateTime.local().setZone(hours.timeZone).isValid)
    throw new Invalid(`"${hours.timeZone}" is not a time zone; use a name such as America/New_York.`, [
      { field: 'timeZone', message: 'unknown time zone' },
    ]);
  let open = false;
  for (const [day, intervals] of Object.entries(hours.weekly)) {
    for (const { start, end } of intervals ?? []) {
      if (!timePattern.test(start) || !timePattern.test(end) || minutesOf(end) <= minutesOf(start))
        throw new Invalid(
          `Opening hours ${start}-${end} on weekday ${day} are not a time range within one day.`,
          [
            {
              field: `weekly.${day}`,
              message: 'use HH:MM-HH:MM with the end after the start; split overnight hours',
            },
          ],
        );
      open = true;
    }
  }
  if (!open)
    throw new Invalid('The schedule has no opening hours at all.', [{ field: 'weekly', message: 'empty' }]);
}

/**
 * A wall-clock time on a local day as an instant: 08:00 is 8 on the clocks of the clinic, however
 * long that day is; 24:00 is the next midnight. A time the clocks skip becomes the first moment
 * after the gap.
 */
function wallTime(day: DateTime, time: string): DateTime {
  if (time === '24:00') return day.plus({ days: 1 }).startOf('day');
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** The opening intervals of one local day, as instants (an hour that does not exist is skipped over). */
function intervalsOn(hours: BusinessHours, day: DateTime): { start: DateTime; end: DateTime }[] {
  if (hours.closedDates?.includes(day.toISODate()!)) return [];
  const intervals = hours.weekly[day.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7] ?? [];
  return [...intervals]
    .sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
    .map(({ start, end }) => ({ start: wallTime(day, start), end: wallTime(day, end) }));
}

/**
 * Walks the open intervals from `from` on, giving each (clipped to start no earlier than
 * `from`) to `visit` until it returns true.
 */
function walkOpenTime(
  hours: BusinessHours,
  from: Date,
  visit: (start: DateTime, end: DateTime) => boolean,
): void {
  const origin = DateTime.fromJSDate(from, { zone: hours.timeZone });
  let day = origin.startOf('day');
  for (let step = 0; step <= maxDaysAhead; step++, day = day.plus({ days: 1 })) {
    for (const interval of intervalsOn(hours, day)) {
      if (interval.end <= origin) continue;
      const start = interval.start < origin ? origin : interval.start;
      if (visit(start, interval.end)) return;
    }
  }
  throw new Invalid('The schedule has no opening hours in the next year; check its days and holidays.');
}

/** Whether the team is open at an instant. */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: hours.timeZone });
  return intervalsOn(hours, local.startOf('day')).some(({ start, end }) => start <= local && local < end);
}

/** The instant `minutes` of open time after `start` (an SLA's due time). */
export function addBusinessMinutes(hours: BusinessHours, start: Date, minutes: number): Date {
  let left = minutes;
  let due: DateTime | undefined;
  walkOpenTime(hours, start, (from, to) => {
    const available = to.diff(from, 'minutes').minutes;
    if (left <= available) {
      due = from.plus({ minutes: left });
      return true;
    }
    left -= available;
    return false;
  });
  return due!.toJSDate();
}

/** Open minutes between two instants (how long a message waited, in business time). */
export function businessMinutesBetween(hours: BusinessHours, from: Date, to: Date): number {
  if (to <= from) return 0;
  const until = DateTime.fromJSDate(to, { zone: hours.timeZone });
  let total = 0;
  walkOpenTime(hours, from, (start, end) => {
    if (start >= until) return true;
    total += (end < until ? end : until).diff(start, 'minutes').minutes;
    return end >= until;
  });
  return total;
}
