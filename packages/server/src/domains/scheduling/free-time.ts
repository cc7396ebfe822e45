import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { DateTime } from 'luxon';
import { type Orm, rowsOf } from '../../db/connection.ts';
import { locations } from '../organizations/schema.ts';
import { inTurn } from './in-turn.ts';
import {
  providerFreeTime,
  providerLocations,
  providers,
  scheduleExceptions,
  scheduleRules,
} from './schema.ts';
import { type WorkingLocation, workingBlocks } from './working-hours.ts';

/**
 * The free time of a provider, kept precomputed in provider_free_time: working hours minus live
 * appointments and unexpired holds (with their buffers), minus time off and closed days. Every
 * change to a provider's hours or appointments rewrites the local days it touches, in the
 * change's own transaction, so a search reads only the few free ranges it answers with.
 *
 * The provider's row is locked first: two bookings on one day recompute that day one after
 * the other, the second seeing the first, and the free time never misses an appointment.
 */

interface ProviderForFreeTime {
  organizationId: string;
  freeTimeThrough: string | null;
  locations: (WorkingLocation & { name: string })[];
}

/**
 * Locks providers' rows, in one order (by id) so two changes never wait for each other. Every
 * change to a provider's appointments takes this lock before it touches an appointment: a
 * booking that inserted first and locked after could otherwise wait on a cancellation that
 * waits on it.
 */
export async function lockProviders(orm: Orm, providerIds: string[]): Promise<void> {
  const ids = [...new Set(providerIds)].sort();
  if (ids.length === 0) return;
  await orm.execute(
    sql`select id from providers where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) order by id for update`,
  );
}

/**
 * A rewrite outside a transaction takes one of its own: without it the provider lock would end
 * with its statement, and two rewrites of one provider (a new provider's first computation and
 * the roll-forward job that a starting server runs, say) could interleave their deletes and
 * inserts and collide on the same free range.
 */
const inTransaction = (orm: Orm) => orm instanceof PgTransaction;

async function lockProvider(orm: Orm, providerId: string): Promise<ProviderForFreeTime | undefined> {
  const [provider] = rowsOf<{ organization_id: string; free_time_through: string | Date | null }>(
    await orm.execute(
      sql`select organization_id, free_time_through from providers where id = ${providerId} for update`,
    ),
  );
  if (!provider) return undefined;
  const places = await orm
    .select({
      id: locations.id,
      name: locations.name,
      timeZone: locations.timeZone,
      closedDates: locations.closedDates,
    })
    .from(providerLocations)
    .innerJoin(locations, eq(locations.id, providerLocations.locationId))
    .where(and(eq(providerLocations.providerId, providerId), eq(providerLocations.active, true)));
  const through = provider.free_time_through;
  return {
    organizationId: provider.organization_id,
    freeTimeThrough: through === null ? null : typeof through === 'string' ? through : isoDateOf(through),
    locations: places,
  };
}

const isoDateOf = (date: Date) => date.toISOString().slice(0, 10);
const localDateOf = (instant: Date | number, zone: string) =>
  DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone }).toISODate()!;

/** Rewrites one provider's free time on the local days `from`..`to` at each of their locations. */
async function rewriteDays(
  orm: Orm,
  providerId: string,
  provider: ProviderForFreeTime,
  days: Map<string, { from: string; to: string }>,
  now: Date,
): Promise<number> {
  if (days.size === 0) return 0;
  const allDays = [...days.values()];
  const firstDay = allDays.map((span) => span.from).sort()[0]!;
  const lastDay = allDays
    .map((span) => span.to)
    .sort()
    .at(-1)!;
  // A local day lies within 14 hours either side of the UTC day of the same date.
  const windowStart = DateTime.fromISO(firstDay, { zone: 'utc' }).minus({ hours: 15 }).toJSDate();
  const windowEnd = DateTime.fromISO(lastDay, { zone: 'utc' }).plus({ hours: 39 }).toJSDate();

  const [rules, changes, busyRows] = await inTurn(
    orm
      .select({
        locationId: scheduleRules.locationId,
        recurrence: scheduleRules.recurrence,
        startsOn: scheduleRules.startsOn,
        endsOn: scheduleRules.endsOn,
        startTime: scheduleRules.startTime,
        endTime: scheduleRules.endTime,
      })
      .from(scheduleRules)
      .where(eq(scheduleRules.providerId, providerId)),
    orm
      .select({
        kind: scheduleExceptions.kind,
        locationId: scheduleExceptions.locationId,
        startsAt: scheduleExceptions.startsAt,
        endsAt: scheduleExceptions.endsAt,
      })
      .from(scheduleExceptions)
      .where(
        and(
          eq(scheduleExceptions.providerId, providerId),
          sql`${scheduleExceptions.startsAt} < ${windowEnd} and ${scheduleExceptions.endsAt} > ${windowStart}`,
        ),
      ),
    orm.execute(sql`
      select lower(blocked) as start, upper(blocked) as "end" from appointments
      where provider_id = ${providerId}
        and blocked && tstzrange(${windowStart}, ${windowEnd})
        and (status in ('booked', 'arrived') or (status = 'held' and hold_expires_at > ${now}))`),
  );
  const busy = rowsOf<{ start: Date | string; end: Date | string }>(busyRows).map((row) => ({
    start: new Date(row.start).getTime(),
    end: new Date(row.end).getTime(),
  }));

  let written = 0;
  for (const location of provider.locations) {
    const span = days.get(location.id);
    if (!span) continue;
    const blocks = workingBlocks({
      rules: rules.filter((rule) => rule.locationId === location.id),
      changes,
      locations: [location],
      from: span.from,
      to: span.to,
      busy,
    });
    await orm
      .delete(providerFreeTime)
      .where(
        and(
          eq(providerFreeTime.providerId, providerId),
          eq(providerFreeTime.locationId, location.id),
          gte(providerFreeTime.localDate, span.from),
          lte(providerFreeTime.localDate, span.to),
        ),
      );
    const rows = blocks.map((block) => ({
      organizationId: provider.organizationId,
      providerId,
      locationId: location.id,
      localDate: block.localDate,
      startsAt: new Date(block.start),
      endsAt: new Date(block.end),
    }));
    for (let index = 0; index < rows.length; index += 2000)
      await orm.insert(providerFreeTime).values(rows.slice(index, index + 2000));
    written += rows.length;
  }
  return written;
}

/**
 * Brings a provider's free time up to date for the instants `from`..`to` (the local days they
 * touch), after a booking, a cancellation, a hold or a change of hours. Days past what has
 * been computed so far are left for `computeFreeTime`.
 */
export async function refreshFreeTime(
  orm: Orm,
  providerId: string,
  from: Date,
  to: Date,
  now = new Date(),
): Promise<void> {
  if (!inTransaction(orm))
    return orm.transaction((transaction) => refreshFreeTime(transaction, providerId, from, to, now));
  const provider = await lockProvider(orm, providerId);
  if (!provider?.freeTimeThrough) return;
  const days = new Map<string, { from: string; to: string }>();
  for (const location of provider.locations) {
    const today = localDateOf(now, location.timeZone);
    const first = localDateOf(from, location.timeZone);
    const last = localDateOf(Math.max(from.getTime(), to.getTime() - 1), location.timeZone);
    const span = {
      from: first < today ? today : first,
      to: last > provider.freeTimeThrough ? provider.freeTimeThrough : last,
    };
    if (span.from <= span.to) days.set(location.id, span);
  }
  await rewriteDays(orm, providerId, provider, days, now);
}

/**
 * Computes a provider's free time from today through `through` (a local date), replacing what
 * was there; used when a provider's hours are set up or change, and to roll the window forward.
 */
export async function computeFreeTime(
  orm: Orm,
  providerId: string,
  through: string,
  now = new Date(),
): Promise<number> {
  if (!inTransaction(orm))
    return orm.transaction((transaction) => computeFreeTime(transaction, providerId, through, now));
  const provider = await lockProvider(orm, providerId);
  if (!provider) return 0;
  const days = new Map<string, { from: string; to: string }>();
  for (const location of provider.locations) {
    const today = localDateOf(now, location.timeZone);
    if (today <= through) days.set(location.id, { from: today, to: through });
  }
  // Locations no longer linked keep no free time.
  await orm.delete(providerFreeTime).where(
    and(
      eq(providerFreeTime.providerId, providerId),
      provider.locations.length > 0
        ? sql`${providerFreeTime.locationId} not in (${sql.join(
            provider.locations.map((location) => sql`${location.id}`),
            sql`, `,
          )})`
        : sql`true`,
    ),
  );
  const written = await rewriteDays(orm, providerId, provider, days, now);
  await orm.update(providers).set({ freeTimeThrough: through }).where(eq(providers.id, providerId));
  return written;
}

/** The last local day free time is kept for, `days` ahead of today in the organisation's zone. */
export function freeTimeHorizon(timeZone: string, days: number, now = new Date()): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).plus({ days }).toISODate()!;
}

/** Forgets free time on days that have passed (they can no longer be booked). */
export async function forgetPastFreeTime(orm: Orm, providerIds: string[], before: string): Promise<void> {
  if (providerIds.length === 0) return;
  await orm
    .delete(providerFreeTime)
    .where(
      and(inArray(providerFreeTime.providerId, providerIds), sql`${providerFreeTime.localDate} < ${before}`),
    );
}
