import { sweepUnsentUploadsJob } from '../domains/conversations/jobs.ts';
import { sweepExpiredSessionsJob } from '../domains/identity/jobs.ts';
import { monitorSlasJob } from '../domains/routing/jobs.ts';
import { releaseExpiredHoldsJob, rollFreeTimeJob } from '../domains/scheduling/admin/jobs.ts';
import { markNoShowsJob } from '../domains/scheduling/arrival/jobs.ts';
import { dispatchRemindersJob } from '../domains/scheduling/notices/jobs.ts';
import { expireWaitlistOffersJob } from '../domains/scheduling/waitlist/jobs.ts';
import type { JobDefinition } from './queue.ts';

/** Every kind of background job. Each lives in its domain; this list wires them to the queue. */
export const allJobs: JobDefinition<never>[] = [
  sweepExpiredSessionsJob as JobDefinition<never>,
  monitorSlasJob as JobDefinition<never>,
  sweepUnsentUploadsJob as JobDefinition<never>,
  dispatchRemindersJob as JobDefinition<never>,
  rollFreeTimeJob as JobDefinition<never>,
  releaseExpiredHoldsJob as JobDefinition<never>,
  markNoShowsJob as JobDefinition<never>,
  expireWaitlistOffersJob as JobDefinition<never>,
];
