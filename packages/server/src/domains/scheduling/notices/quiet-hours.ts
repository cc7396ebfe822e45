import { DateTime } from 'luxon';

/**
 * Quiet hours: the part of the night no reminder is sent in (21:00-08:00 unless the clinic or
 * the patient chose otherwise), read in the visit location's time zone. Times are `HH:MM` or
 * `HH:MM:SS` as Postgres returns a `time`; a start after the end wraps past midnight, and equal
 * times mean there are none.
 */
export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/**
 * When the quiet hours that hold `instant` began, in `zone`; undefined when `instant` is not in
 * quiet hours. The start is the local time on the local day it fell on, as luxon places it (a
 * start that a daylight-saving change skips is moved forward by the gap).
 */
export function quietHoursStartingBefore(
  instant: Date,
  zone: string,
  quiet: QuietHours,
): DateTime | undefined {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const local = DateTime.fromJSDate(instant, { zone });
  const minute = local.hour * 60 + local.minute;
  const wraps = start > end;
  const quietNow = wraps ? minute >= start || minute < end : minute >= start && minute < end;
  if (!quietNow) return undefined;
  // Before midnight in a wrapping window, the quiet hours began today; after it, yesterday.
  const day = wraps && minute < end ? local.minus({ days: 1 }) : local;
  return day.startOf('day').set({ hour: Math.floor(start / 60), minute: start % 60 });
}

/**
 * The time a message planned for `instant` may go out: `instant` itself outside quiet hours,
 * else the last minute before those quiet hours began (a reminder is better a little early than
 * in the middle of the night, and never after the visit it announces).
 */
export function outsideQuietHours(instant: Date, zone: string, quiet: QuietHours): Date {
  const began = quietHoursStartingBefore(instant, zone, quiet);
  return began ? began.minus({ minutes: 1 }).toJSDate() : instant;
}

/** When the quiet hours holding `instant` end (the first moment a message may go), if it is in them. */
export function quietHoursEndingAfter(instant: Date, zone: string, quiet: QuietHours): Date | undefined {
  const began = quietHoursStartingBefore(instant, zone, quiet);
  if (!began) return undefined;
  const end = minutesOf(quiet.end);
  const endDay = minutesOf(quiet.start) > end ? began.plus({ days: 1 }) : began;
  return endDay
    .startOf('day')
    .set({ hour: Math.floor(end / 60), minute: end % 60 })
    .toJSDate();
}
