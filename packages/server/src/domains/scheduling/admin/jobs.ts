import type { JobContext, JobDefinition } from '../../../jobs/queue.ts';
import { releaseExpiredHolds, rollFreeTimeForward } from './free-time-jobs.ts';

/**
 * The scheduling clocks. `roll-free-time` runs daily (at 11:00 UTC, past midnight in every
 * zone of the Americas, so their new last day exists) and once when a server starts, for
 * providers whose free time was never computed or has fallen behind; `release-expired-holds`
 * runs every minute. Both are idempotent: a run that fails, or runs twice, is caught up by the
 * next.
 */

const instantOf = (name: string, text: string | undefined) => {
  const now = text ? new Date(text) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`${name} was given a time it cannot read: "${text}".`);
  return now;
};

function freeTimeDaysOf(context: JobContext): number {
  if (!context.services)
    throw new Error('roll-free-time needs the configuration (how many days of free time to keep).');
  return context.services.config.scheduling.freeTimeDays;
}

export const rollFreeTimeJob: JobDefinition<{ now?: string }> = {
  name: 'roll-free-time',
  schedule: () => '0 11 * * *',
  retryLimit: 2,
  async run(payload, context) {
    return rollFreeTimeForward(context, {
      freeTimeDays: freeTimeDaysOf(context),
      now: instantOf('roll-free-time', payload.now),
    });
  },
};

export const releaseExpiredHoldsJob: JobDefinition<{ now?: string }> = {
  name: 'release-expired-holds',
  schedule: () => '* * * * *',
  retryLimit: 0,
  async run(payload, context) {
    return releaseExpiredHolds(context, instantOf('release-expired-holds', payload.now));
  },
};
