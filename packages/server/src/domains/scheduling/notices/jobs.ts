import type { JobDefinition } from '../../../jobs/queue.ts';
import { dispatchDueReminders } from './reminder-dispatch.ts';

/**
 * Every minute: the appointment reminders that are due go out (see reminder-dispatch.ts for how
 * each is sent once). A failed run is not retried: the next minute's run takes what is left,
 * and several runs at once (several workers) share the work without sending anything twice.
 */
export const dispatchRemindersJob: JobDefinition<{ now?: string; batchSize?: number }> = {
  name: 'dispatch-appointment-reminders',
  schedule: () => '* * * * *',
  retryLimit: 0,
  async run(payload, { database, services }) {
    if (!services)
      throw new Error(
        'Reminders need the channels and the encryption keys: run them in a worker or the server.',
      );
    const now = payload.now ? new Date(payload.now) : new Date();
    if (Number.isNaN(now.getTime()))
      throw new Error(`dispatch-appointment-reminders was given a time it cannot read: "${payload.now}".`);
    return dispatchDueReminders(
      { database, channels: services.channels, publicUrl: services.config.publicUrl },
      { now, ...(payload.batchSize ? { batchSize: payload.batchSize } : {}) },
    );
  },
};
