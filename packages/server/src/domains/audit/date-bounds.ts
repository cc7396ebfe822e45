import type { AuditLogFilters } from '@patientdesk/contracts';
import { sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Invalid } from '../../errors.ts';

/** The time window of an audit search, as instants: `from` inclusive, `until` exclusive. */
export interface TimeWindow {
  from?: Date;
  until?: Date;
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const hasOffset = (value: string) => /(Z|[+-]\d{2}:?\d{2})$/i.test(value);

/**
 * The SQL for the instant a bound names. A day, or a moment written without an offset, is read
 * in the clinic's time zone by PostgreSQL's time zone database (a compliance officer asking for
 * "1 March" means the clinic's 1 March, daylight saving time included).
 */
function instantOf(value: string, timeZone: string, edge: 'start' | 'end') {
  if (isDay(value)) {
    return edge === 'start'
      ? sql`((${value}::date)::timestamp at time zone ${timeZone})`
      : sql`(((${value}::date) + 1)::timestamp at time zone ${timeZone})`;
  }
  if (hasOffset(value)) return sql`(${value}::timestamptz)`;
  return sql`((${value}::timestamp) at time zone ${timeZone})`;
}

/**
 * Turns `from` and `to` (days or moments, validated by the contract) into instants. `to` is
 * inclusive for people (`to=2026-03-01` means all of that day); it comes back as the exclusive
 * `until`. Refuses a window that ends before it starts.
 */
export async function resolveTimeWindow(
  orm: Orm,
  filters: Pick<AuditLogFilters, 'from' | 'to'>,
  timeZone: string,
): Promise<TimeWindow> {
  if (!filters.from && !filters.to) return {};
  const from = filters.from ? instantOf(filters.from, timeZone, 'start') : sql`null::timestamptz`;
  const to = filters.to ? instantOf(filters.to, timeZone, 'end') : sql`null::timestamptz`;
  const result = (await orm.execute(sql`select ${from} as "from", ${to} as "to"`)) as unknown as {
    rows: { from: Date | string | null; to: Date | string | null }[];
  };
  const row = result.rows[0]!;
  const window: TimeWindow = {};
  if (row.from !== null) window.from = new Date(row.from);
  if (row.to !== null) {
    const to = new Date(row.to);
    // A moment is inclusive: events carry millisecond times, so "up to and including" is "< to + 1 ms".
    window.until = filters.to && !isDay(filters.to) ? new Date(to.getTime() + 1) : to;
  }
  if (window.from && window.until && window.from >= window.until) {
    throw new Invalid(`The period is empty: "from" (${filters.from}) is after "to" (${filters.to}).`, [
      { field: 'query.from', message: 'must not be after query.to' },
    ]);
  }
  return window;
}
