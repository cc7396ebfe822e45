import type { JobDefinition } from '../../../jobs/queue.ts';
import { createAuditTrail } from '../../audit/audit-trail.ts';
import { createOutboxSender } from '../../outbox/service.ts';
import { markOverdueNoShows } from './no-shows.ts';

/**
 * Every five minutes: in-person visits nobody checked in by their start plus the clinic's grace
 * time (scheduling_settings.no_show_grace_minutes) are marked missed. A failed run is not
 * retried: the next one finds what is left, and two runs at once skip each other's rows.
 */
export const markNoShowsJob: JobDefinition<{ now?: string }> = {
  name: 'mark-no-shows',
  schedule: () => '*/5 * * * *',
  retryLimit: 0,
  async run(payload, { database, events, logger, services }) {
    if (!services)
      throw new Error(
        'The no-show check needs the encryption keys and channels: run it in a worker or the server.',
      );
    const now = payload.now ? new Date(payload.now) : new Date();
    if (Number.isNaN(now.getTime()))
      throw new Error(`mark-no-shows was given a time it cannot read: "${payload.now}".`);
    const audit = createAuditTrail(database);
    const run = await markOverdueNoShows(
      {
        database,
        events,
        logger,
        audit,
        scheduling: {
          cipher: services.cipher,
          channels: services.channels,
          sender: createOutboxSender(services.cipher),
          publicUrl: services.config.publicUrl,
          scheduling: services.config.scheduling,
        },
      },
      now,
    );
    await audit.drain();
    return run;
  },
};
