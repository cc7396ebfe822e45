import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import type * as RRuleModule from 'rrule';

// Required whole: Node's ESM loader cannot see the names of rrule's UMD bundle.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/**
 * The eleven US federal holidays (5 U.S.C. 6103), as the days a clinic closes. Holidays on a
 * fixed date that fall on a Saturday are observed the Friday before, on a Sunday the Monday
 * after (Executive Order 11582); the others are a weekday of a month, written as RRULEs.
 */

interface Holiday {
  name: string;
  /** Month and day of a fixed-date holiday. */
  fixed?: { month: number; day: number };
  /** A weekday of a month: FREQ=YEARLY;BYMONTH=1;BYDAY=3MO is the third Monday of January. */
  rule?: string;
}

const holidays: Holiday[] = [
  { name: 'New Year’s Day', fixed: { month: 1, day: 1 } },
  { name: 'Birthday of Martin Luther King, Jr.', rule: 'FREQ=YEARLY;BYMONTH=1;BYDAY=3MO' },
  { name: 'Washington’s Birthday', rule: 'FREQ=YEARLY;BYMONTH=2;BYDAY=3MO' },
  { name: 'Memorial Day', rule: 'FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO' },
  { name: 'Juneteenth National Independence Day', fixed: { month: 6, day: 19 } },
  { name: 'Independence Day', fixed: { month: 7, day: 4 } },
  { name: 'Labor Day', rule: 'FREQ=YEARLY;BYMONTH=9;BYDAY=1MO' },
  { name: 'Columbus Day', rule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2MO' },
  { name: 'Veterans Day', fixed: { month: 11, day: 11 } },
  { name: 'Thanksgiving Day', rule: 'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH' },
  { name: 'Christmas Day', fixed: { month: 12, day: 25 } },
];

/** The day a fixed-date holiday is observed on. */
function observed(year: number, month: number, day: number): string {
  const date = DateTime.utc(year, month, day);
  if (date.weekday === 6) return date.minus({ days: 1 }).toISODate()!;
  if (date.weekday === 7) return date.plus({ days: 1 }).toISODate()!;
  return date.toISODate()!;
}

/** The observed federal holidays from `from` to `to` (`YYYY-MM-DD`, inclusive), in date order. */
export function usFederalHolidays(from: string, to: string): { date: string; name: string }[] {
  const first = DateTime.fromISO(from, { zone: 'utc' });
  const last = DateTime.fromISO(to, { zone: 'utc' });
  const found: { date: string; name: string }[] = [];
  // A New Year's Day on a Saturday is observed on the last day of the year before.
  for (let year = first.year; year <= last.year + 1; year++)
    for (const holiday of holidays) {
      if (holiday.fixed)
        found.push({ date: observed(year, holiday.fixed.month, holiday.fixed.day), name: holiday.name });
      if (holiday.rule) {
        const rule = new RRule({
          ...RRule.parseString(holiday.rule),
          dtstart: DateTime.utc(year, 1, 1).toJSDate(),
        });
        const [day] = rule.between(
          DateTime.utc(year, 1, 1).toJSDate(),
          DateTime.utc(year, 12, 31).toJSDate(),
          true,
        );
        if (day) found.push({ date: day.toISOString().slice(0, 10), name: holiday.name });
      }
    }
  return found
    .filter((holiday) => holiday.date >= from && holiday.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The clinic's closed days: the federal holidays after `today` and within the coming year. */
export function demoClosedDates(today: string): string[] {
  const start = DateTime.fromISO(today, { zone: 'utc' });
  return usFederalHolidays(start.plus({ days: 1 }).toISODate()!, start.plus({ years: 1 }).toISODate()!).map(
    (holiday) => holiday.date,
  );
}
