import { and, eq, lte, sql } from 'drizzle-orm';
import { type Orm, rowsOf } from '../../../db/connection.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { waitlistOffers } from '../schema.ts';
import { offerFreedTime } from './offers.ts';

/**
 * Offers past their deadline expire, and each of their times is offered to the next in line
 * while it is still free. Entries whose last suitable day has passed expire too (nothing can
 * be offered to them any more). Runs in one organisation's tenant transaction.
 */
export async function expireWaitlistOffers(
  orm: Orm,
  deps: SchedulingDependencies,
  organizationId: string,
  now = new Date(),
): Promise<{ offersExpired: number; offersMade: number; entriesExpired: number }> {
  const expired = await orm
    .update(waitlistOffers)
    .set({ status: 'expired' })
    .where(
      and(
        eq(waitlistOffers.organizationId, organizationId),
        eq(waitlistOffers.status, 'open'),
        lte(waitlistOffers.expiresAt, now),
      ),
    )
    .returning();
  const times = new Map<string, (typeof expired)[number]>();
  for (const offer of expired)
    times.set(`${offer.providerId}|${offer.locationId}|${offer.startsAt.getTime()}`, offer);
  let offersMade = 0;
  for (const offer of times.values()) {
    const made = await offerFreedTime(orm, deps, {
      providerId: offer.providerId,
      locationId: offer.locationId,
      from: offer.startsAt,
      to: offer.endsAt,
      now,
    });
    offersMade += made.length;
  }
  const entries = await orm.execute(sql`
    update waitlist_entries e set status = 'expired', updated_at = ${now}
    from organizations o
    where o.id = e.organization_id and e.organization_id = ${organizationId} and e.status = 'waiting'
      and e.available_until < (${now}::timestamptz at time zone o.time_zone)::date
      and not exists (select 1 from waitlist_offers w where w.entry_id = e.id and w.status = 'open')
    returning e.id`);
  return {
    offersExpired: expired.length,
    offersMade,
    entriesExpired: rowsOf(entries).length,
  };
}

/** The organisations with an offer past its deadline (read across tenants by the job's own connection). */
export async function organizationsWithLapsedOffers(orm: Orm, now: Date): Promise<string[]> {
  const rows = await orm
    .selectDistinct({ organizationId: waitlistOffers.organizationId })
    .from(waitlistOffers)
    .where(and(eq(waitlistOffers.status, 'open'), lte(waitlistOffers.expiresAt, now)));
  const withOldEntries = rowsOf<{ organization_id: string }>(
    await orm.execute(sql`
      select distinct e.organization_id from waitlist_entries e join organizations o on o.id = e.organization_id
      where e.status = 'waiting' and e.available_until < (${now}::timestamptz at time zone o.time_zone)::date`),
  );
  return [
    ...new Set([
      ...rows.map((row) => row.organizationId),
      ...withOldEntries.map((row) => row.organization_id),
    ]),
  ];
}
