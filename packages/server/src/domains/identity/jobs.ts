import type { JobDefinition } from '../../jobs/queue.ts';
import { sweepExpiredSessions } from './sessions.ts';

/**
 * The nightly data-retention sweep of sign-in sessions: ended and expired sessions are deleted
 * (keeping them has no use and a leaked database would expose who was signed in when).
 */
export const sweepExpiredSessionsJob: JobDefinition<{ now?: string }> = {
  name: 'sweep-expired-sessions',
  schedule: (settings) => settings.retentionSweepCron,
  async run(payload, { database }) {
    const removed = await sweepExpiredSessions(
      database.orm,
      payload.now ? new Date(payload.now) : new Date(),
    );
    return { removedSessions: removed };
  },
};
