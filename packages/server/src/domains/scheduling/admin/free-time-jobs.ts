import { and, asc, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { type Database, type Orm, rowsOf } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import type { Logger } from '../../../observability/logger.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { computeFreeTime, forgetPastFreeTime, freeTimeHorizon, refreshFreeTime } from '../free-time.ts';
import { appointments, providers } from '../schema.ts';

/**
 * The two clocks of the precomputed free time. Rolling forward: each day the horizon moves a
 * day on, so each provider's free time is computed through it, and days that have passed are
 * forgotten. Releasing holds: a time chosen but not confirmed before its hold ran out goes back
 * to the free time. Both run across organisations (finding them is one query that reads ids
 * only), then per organisation in its tenant transaction, in batches; both may run twice, or
 * at once, and do the work once (they pick only what is still behind or still held).
 */

export interface FreeTimeJobDependencies {
  database: Database;
  logger: Logger;
}

export interface RollForwardRun {
  /** Providers whose free time was computed further. */
  extended: number;
  /** Providers computed from scratch (never before, or behind today). */
  computed: number;
  failedOrganizations: number;
}

/** Providers per transaction: short transactions, so bookings are never kept waiting long. */
const providersPerBatch = 25;
const idsPerForget = 1000;

const nextDay = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;

/**
 * Brings one provider's free time through `horizon`. A provider computed up to a day still to
 * come gets only the new days (plus the day before, which a zone behind UTC may share); one
 * never computed, or behind today, is computed whole.
 */
async function extendProvider(
  orm: Orm,
  provider: { id: string; freeTimeThrough: string | null },
  horizon: string,
  today: string,
  now: Date,
): Promise<'extended' | 'computed'> {
  if (!provider.freeTimeThrough || provider.freeTimeThrough < today) {
    await computeFreeTime(orm, provider.id, horizon, now);
    return 'computed';
  }
  await orm.update(providers).set({ freeTimeThrough: horizon }).where(eq(providers.id, provider.id));
  // Instants that cover the local days after the old last day through the horizon in any zone
  // (a local day lies within 14 hours of the UTC day of its date); refreshFreeTime rewrites the
  // local days they touch, up to the new last day.
  await refreshFreeTime(
    orm,
    provider.id,
    DateTime.fromISO(nextDay(provider.freeTimeThrough), { zone: 'utc' }).minus({ hours: 14 }).toJSDate(),
    DateTime.fromISO(nextDay(horizon), { zone: 'utc' }).plus({ hours: 14 }).toJSDate(),
    now,
  );
  return 'extended';
}

/** The earliest "today" among the organisation's locations: days before it are over everywhere. */
async function earliestToday(orm: Orm, organizationId: string, organizationZone: string, now: Date) {
  const zones = await orm
    .selectDistinct({ timeZone: locations.timeZone })
    .from(locations)
    .where(eq(locations.organizationId, organizationId));
  return [organizationZone, ...zones.map((zone) => zone.timeZone)]
    .map((zone) => DateTime.fromJSDate(now, { zone }).toISODate()!)
    .sort()[0]!;
}

async function rollOrganization(
  deps: FreeTimeJobDependencies,
  organization: { id: string; timeZone: string },
  freeTimeDays: number,
  now: Date,
  run: RollForwardRun,
) {
  const horizon = freeTimeHorizon(organization.timeZone, freeTimeDays, now);
  const today = await inTenant(deps.database, organization.id, (orm) =>
    earliestToday(orm, organization.id, organization.timeZone, now),
  );
  // Forget the days that have passed, for every provider, a page of ids at a time.
  for (let after: string | null = null; ; ) {
    const page = await inTenant(deps.database, organization.id, async (orm) => {
      const ids = await orm
        .select({ id: providers.id })
        .from(providers)
        .where(
          and(eq(providers.organizationId, organization.id), after ? gt(providers.id, after) : undefined),
        )
        .orderBy(asc(providers.id))
        .limit(idsPerForget);
      await forgetPastFreeTime(
        orm,
        ids.map((row) => row.id),
        today,
      );
      return ids;
    });
    if (page.length < idsPerForget) break;
    after = page.at(-1)!.id;
  }
  // Then compute further those that are behind the horizon, a batch per transaction. The id
  // cursor moves on even past a provider that fails, so one bad provider cannot stall the rest.
  for (let after: string | null = null; ; ) {
    const batch = await inTenant(deps.database, organization.id, async (orm) => {
      const behind = await orm
        .select({ id: providers.id, freeTimeThrough: providers.freeTimeThrough })
        .from(providers)
        .where(
          and(
            eq(providers.organizationId, organization.id),
            or(isNull(providers.freeTimeThrough), lt(providers.freeTimeThrough, horizon)),
            after ? gt(providers.id, after) : undefined,
          ),
        )
        .orderBy(asc(providers.id))
        .limit(providersPerBatch);
      for (const provider of behind) run[await extendProvider(orm, provider, horizon, today, now)]++;
      return behind;
    });
    if (batch.length < providersPerBatch) break;
    after = batch.at(-1)!.id;
  }
}

/** One pass over every organisation: free time through each one's horizon, past days forgotten. */
export async function rollFreeTimeForward(
  deps: FreeTimeJobDependencies,
  options: { freeTimeDays: number; now?: Date },
): Promise<RollForwardRun> {
  const now = options.now ?? new Date();
  const run: RollForwardRun = { extended: 0, computed: 0, failedOrganizations: 0 };
  const all = await deps.database.orm
    .select({ id: organizations.id, timeZone: organizations.timeZone })
    .from(organizations)
    .orderBy(asc(organizations.id));
  for (const organization of all) {
    try {
      await rollOrganization(deps, organization, options.freeTimeDays, now, run);
    } catch (error) {
      run.failedOrganizations++;
      deps.logger.error(
        { err: error, organizationId: organization.id },
        'the free time of an organisation could not be rolled forward',
      );
    }
  }
  return run;
}

export interface ReleaseHoldsRun {
  released: number;
  failedOrganizations: number;
}

const holdsPerBatch = 200;

interface ExpiredHold {
  id: string;
  provider_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
}

/** Releases one batch of the organisation's expired holds; returns how many. */
async function releaseBatch(orm: Orm, organizationId: string, now: Date): Promise<number> {
  // SKIP LOCKED: a hold being confirmed this moment (its row locked) is left to that request.
  const holds = rowsOf<ExpiredHold>(
    await orm.execute(sql`
      select id, provider_id, starts_at, ends_at, buffer_before_minutes, buffer_after_minutes
      from appointments
      where organization_id = ${organizationId} and status = 'held' and hold_expires_at <= ${now}
      order by provider_id, starts_at
      limit ${holdsPerBatch}
      for update skip locked`),
  );
  if (holds.length === 0) return 0;
  await orm
    .update(appointments)
    .set({
      status: 'cancelled',
      cancellationReason: 'hold-expired',
      cancelledAt: now,
      holdExpiresAt: null,
      updatedAt: now,
    })
    .where(
      inArray(
        appointments.id,
        holds.map((hold) => hold.id),
      ),
    );
  const minute = 60_000;
  for (const hold of holds) {
    await refreshFreeTime(
      orm,
      hold.provider_id,
      new Date(new Date(hold.starts_at).getTime() - hold.buffer_before_minutes * minute),
      new Date(new Date(hold.ends_at).getTime() + hold.buffer_after_minutes * minute),
      now,
    );
  }
  return holds.length;
}

/** Cancels every hold past its time ('hold-expired') and gives its time back to the free time. */
export async function releaseExpiredHolds(
  deps: FreeTimeJobDependencies,
  now = new Date(),
): Promise<ReleaseHoldsRun> {
  const run: ReleaseHoldsRun = { released: 0, failedOrganizations: 0 };
  // Reads ids only, across organisations, on the index of held appointments.
  const withHolds = await deps.database.orm
    .selectDistinct({ organizationId: appointments.organizationId })
    .from(appointments)
    .where(and(eq(appointments.status, 'held'), lte(appointments.holdExpiresAt, now)));
  for (const { organizationId } of withHolds) {
    try {
      for (;;) {
        const released = await inTenant(deps.database, organizationId, (orm) =>
          releaseBatch(orm, organizationId, now),
        );
        run.released += released;
        if (released < holdsPerBatch) break;
      }
    } catch (error) {
      run.failedOrganizations++;
      deps.logger.error(
        { err: error, organizationId },
        'expired holds of an organisation could not be released',
      );
    }
  }
  return run;
}
