import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import type * as RRuleModule from 'rrule';
import { Invalid } from '../../errors.ts';
import { mergeRanges, subtractRanges, type TimeRange } from './time-ranges.ts';

// rrule points Node at a UMD bundle whose names Node's ESM loader cannot see (`npm start` and
// the benches run through tsx, not Vite), so it is required whole.
const { Frequency, RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/**
 * Working hours as instants. A rule names the days (an RFC 5545 RRULE read as a calendar of
 * days, with no time in it) and the local hours worked on each; the hours are placed in the
 * location's IANA time zone by luxon on each day, so 09:00 stays 09:00 on both sides of a
 * daylight-saving change. Time off takes hours away, extra hours add them, and a location's
 * closed days (holidays) take whole days of the rules away.
 */

export interface WorkingRule {
  locationId: string;
  recurrence: string;
  startsOn: string;
  endsOn: string | null;
  /** `HH:MM` or `HH:MM:SS`, local to the location. */
  startTime: string;
  endTime: string;
}

export interface ScheduleChange {
  kind: 'unavailable' | 'extra-hours';
  /** null: time off everywhere. */
  locationId: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface WorkingLocation {
  id: string;
  timeZone: string;
  closedDates: readonly string[];
}

/** Hours worked at one location within one of its local days. */
export interface WorkingBlock extends TimeRange {
  locationId: string;
  localDate: string;
}

const allowedParts = new Set([
  'FREQ',
  'INTERVAL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'COUNT',
  'WKST',
]);

/**
 * Reads a rule's recurrence, refusing what would not mean "these days": times (the rule's own
 * hours say when), and a start or end (starts_on and ends_on say those).
 */
export function parseRecurrence(recurrence: string, field = 'recurrence') {
  const text = recurrence.trim().replace(/^RRULE:/i, '');
  const parts = text.split(';').filter(Boolean);
  for (const part of parts) {
    const [name] = part.split('=');
    if (!name || !allowedParts.has(name.toUpperCase()))
      throw new Invalid(
        `The recurrence "${recurrence}" uses ${name}, which a working-hours rule cannot: give the days only (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT), and the hours and dates in their own fields.`,
        [{ field, message: `${name} is not allowed here` }],
      );
  }
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text.toUpperCase());
    // The parser leaves days it does not know as holes rather than failing.
    const days = options.byweekday === undefined ? [] : [options.byweekday].flat();
    if (days.some((day) => day === undefined || day === null))
      throw new Error('a day in BYDAY is not MO..SU');
    if (Object.values(options).some((value) => typeof value === 'number' && Number.isNaN(value)))
      throw new Error('a number is not a number');
  } catch (error) {
    throw new Invalid(`The recurrence "${recurrence}" cannot be read: ${(error as Error).message}.`, [
      { field, message: 'must be an RRULE such as FREQ=WEEKLY;BYDAY=MO,WE,FR' },
    ]);
  }
  if (options.freq === undefined || options.freq > Frequency.DAILY)
    throw new Invalid(`The recurrence "${recurrence}" must repeat daily, weekly, monthly or yearly.`, [
      { field, message: 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY' },
    ]);
  return options;
}

const utcDay = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/** The days from `from` to `to` (inclusive, `YYYY-MM-DD`) on which the rule applies. */
export function ruleDays(rule: WorkingRule, from: string, to: string): string[] {
  const start = rule.startsOn > from ? rule.startsOn : from;
  const end = rule.endsOn && rule.endsOn < to ? rule.endsOn : to;
  if (start > end) return [];
  // Days are floating: the rule is expanded on a calendar that has no zone (UTC midnights).
  const recurrence = new RRule({
    ...parseRecurrence(rule.recurrence),
    dtstart: utcDay(rule.startsOn),
    ...(rule.endsOn ? { until: utcDay(rule.endsOn) } : {}),
  });
  return recurrence.between(utcDay(start), utcDay(end), true).map((day) => day.toISOString().slice(0, 10));
}

/** A local wall-clock time on a day, as an instant; 24:00 is the next midnight. */
export function localInstant(date: string, time: string, zone: string): number {
  const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
  const day = DateTime.fromISO(date, { zone });
  // In the spring-forward gap luxon moves the time on by the missing hour, which is what a
  // clinic means by "09:00" too (no working hours are written inside the missing hour).
  return (hour === 24 ? day.plus({ days: 1 }) : day.set({ hour, minute, second, millisecond: 0 })).toMillis();
}

/** Every local day from `from` to `to`, inclusive. */
export function localDates(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = DateTime.fromISO(from, { zone: 'utc' }); day.toISODate()! <= to; day = day.plus({ days: 1 }))
    days.push(day.toISODate()!);
  return days;
}

/** Splits a range at the location's midnights, naming the local day of each part. */
function byLocalDay(range: TimeRange, zone: string): { localDate: string; start: number; end: number }[] {
  const parts: { localDate: string; start: number; end: number }[] = [];
  let start = range.start;
  while (start < range.end) {
    const local = DateTime.fromMillis(start, { zone });
    const nextMidnight = local.startOf('day').plus({ days: 1 }).toMillis();
    const end = Math.min(range.end, nextMidnight);
    parts.push({ localDate: local.toISODate()!, start, end });
    start = end;
  }
  return parts;
}

/**
 * The hours worked at each location on the local days `from` to `to`: the rules' blocks on days
 * the location is open, plus extra hours, minus time off, minus `busy` (appointments with their
 * buffers). Each block lies within one local day.
 */
export function workingBlocks(input: {
  rules: readonly WorkingRule[];
  changes: readonly ScheduleChange[];
  locations: readonly WorkingLocation[];
  from: string;
  to: string;
  busy?: readonly TimeRange[];
}): WorkingBlock[] {
  const blocks: WorkingBlock[] = [];
  const timeOff = input.changes.filter((change) => change.kind === 'unavailable');
  for (const location of input.locations) {
    const closed = new Set(location.closedDates);
    const byDay = new Map<string, TimeRange[]>();
    const add = (localDate: string, range: TimeRange) => {
      if (localDate < input.from || localDate > input.to) return;
      const list = byDay.get(localDate) ?? [];
      list.push(range);
      byDay.set(localDate, list);
    };
    for (const rule of input.rules.filter((candidate) => candidate.locationId === location.id))
      for (const day of ruleDays(rule, input.from, input.to)) {
        if (closed.has(day)) continue;
        add(day, {
          start: localInstant(day, rule.startTime, location.timeZone),
          end: localInstant(day, rule.endTime, location.timeZone),
        });
      }
    for (const change of input.changes)
      if (change.kind === 'extra-hours' && change.locationId === location.id)
        for (const part of byLocalDay(
          { start: change.startsAt.getTime(), end: change.endsAt.getTime() },
          location.timeZone,
        ))
          add(part.localDate, part);
    const away = [
      ...timeOff
        .filter((change) => change.locationId === null || change.locationId === location.id)
        .map((change) => ({ start: change.startsAt.getTime(), end: change.endsAt.getTime() })),
      ...(input.busy ?? []),
    ];
    for (const [localDate, ranges] of [...byDay].sort(([a], [b]) => a.localeCompare(b)))
      for (const range of subtractRanges(mergeRanges(ranges), away))
        blocks.push({ locationId: location.id, localDate, ...range });
  }
  return blocks;
}
