import type { Orm } from '../../../db/connection.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { offerFreedTime } from '../waitlist/offers.ts';

/**
 * Hours added to a provider's schedule (a new or longer rule, extra hours, a location linked
 * again) are time the waitlisted patients may want, like time freed by a cancellation: the one
 * place schedule changes hand new time to the waitlist, after the free time is recomputed and in
 * the same transaction. The waitlist decides who fits and how many are offered at once.
 */
export async function offerAddedTime(
  orm: Orm,
  deps: SchedulingDependencies,
  added: { providerId: string; locationId: string; from: Date; to: Date; now: Date },
): Promise<void> {
  await offerFreedTime(orm, deps, added);
}
