import type { JobDefinition } from '../../jobs/queue.ts';
import { sweepExpiredSignInData } from './retention.ts';

/**
 * The nightly data-retention sweep of sign-in data: ended and expired sessions, spent portal
 * codes and one-time links, and old failure counts are deleted (keeping them has no use, and a
 * leaked database would expose who was signed in when).
 */
export const sweepExpiredSessionsJob: JobDefinition<{ now?: string }> = {
  name: 'sweep-expired-sessions',
  schedule: (settings) => settings.retentionSweepCron,
  async run(payload, { database }) {
    return sweepExpiredSignInData(database.orm, payload.now ? new Date(payload.now) : new Date());
  },
};
