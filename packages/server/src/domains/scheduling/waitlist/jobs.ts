import { inTenant } from '../../../db/tenant-scope.ts';
import type { JobDefinition } from '../../../jobs/queue.ts';
import { createOutboxSender } from '../../outbox/service.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { expireWaitlistOffers, organizationsWithLapsedOffers } from './expiry.ts';

/**
 * Every minute: waitlist offers past their deadline expire and their times go to the next in
 * line while still free; entries whose last suitable day passed expire. A failed run is not
 * retried: the next minute's run finds what is left (an offer expires once, whoever gets there).
 */
export const expireWaitlistOffersJob: JobDefinition<{ now?: string }> = {
  name: 'expire-waitlist-offers',
  schedule: () => '* * * * *',
  retryLimit: 0,
  async run(payload, { database, services }) {
    if (!services)
      throw new Error(
        'Passing waitlist offers on needs the encryption keys and channels: run it in a worker or the server.',
      );
    const now = payload.now ? new Date(payload.now) : new Date();
    if (Number.isNaN(now.getTime()))
      throw new Error(`expire-waitlist-offers was given a time it cannot read: "${payload.now}".`);
    const deps: SchedulingDependencies = {
      cipher: services.cipher,
      channels: services.channels,
      sender: createOutboxSender(services.cipher),
      publicUrl: services.config.publicUrl,
      scheduling: services.config.scheduling,
    };
    const totals = { offersExpired: 0, offersMade: 0, entriesExpired: 0 };
    for (const organizationId of await organizationsWithLapsedOffers(database.orm, now)) {
      const done = await inTenant(database, organizationId, (orm) =>
        expireWaitlistOffers(orm, deps, organizationId, now),
      );
      totals.offersExpired += done.offersExpired;
      totals.offersMade += done.offersMade;
      totals.entriesExpired += done.entriesExpired;
    }
    return totals;
  },
};
