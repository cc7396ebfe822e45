import type { JobDefinition } from '../../jobs/queue.ts';
import { monitorSlas } from './sla-monitor.ts';

/**
 * Every minute: SLA warnings and breaches become events, and snoozes that ended bring their
 * conversations back. A failed run is not retried; the next minute's run catches up.
 */
export const monitorSlasJob: JobDefinition<{ now?: string }> = {
  name: 'monitor-slas',
  schedule: () => '* * * * *',
  retryLimit: 0,
  async run(payload, { database, events, logger }) {
    const now = payload.now ? new Date(payload.now) : new Date();
    if (Number.isNaN(now.getTime()))
      throw new Error(`monitor-slas was given a time it cannot read: "${payload.now}".`);
    return monitorSlas({ database, events, logger }, now);
  },
};
