import { eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { NotFound } from '../../../errors.ts';
import { organizations } from '../../organizations/schema.ts';
import { computeFreeTime, freeTimeHorizon } from '../free-time.ts';

/**
 * Keeping a provider's precomputed free time right after a change to their hours: every change
 * (a rule, extra hours, a location) recomputes it from today through the horizon, in the
 * change's own transaction, so a search never offers a time the new hours do not have, nor
 * misses one they added.
 */

/** The organisation's IANA time zone, which names "today" and the free-time horizon. */
export async function organizationTimeZone(orm: Orm, organizationId: string): Promise<string> {
  const [row] = await orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!row) throw new NotFound('This clinic does not exist.');
  return row.timeZone;
}

/** The last local day the organisation keeps free time for. */
export async function horizonOf(
  orm: Orm,
  input: { organizationId: string; freeTimeDays: number; now: Date },
): Promise<string> {
  return freeTimeHorizon(
    await organizationTimeZone(orm, input.organizationId),
    input.freeTimeDays,
    input.now,
  );
}

/** Recomputes the provider's free time through the horizon; returns the horizon (a local date). */
export async function recomputeFreeTime(
  orm: Orm,
  input: { organizationId: string; providerId: string; freeTimeDays: number; now: Date },
): Promise<string> {
  const horizon = await horizonOf(orm, input);
  await computeFreeTime(orm, input.providerId, horizon, input.now);
  return horizon;
}
