import { inboxOverviewSchema } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import { asStaff } from '../patients/run-as.ts';
import { inboxOverview } from './overview.ts';

/** `GET /api/inbox/overview`: the supervisor's view of queues, SLAs and colleagues' load. */
export function inboxOverviewRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.get(
      '/api/inbox/overview',
      {
        config: { permission: 'inbox.supervise' },
        schema: {
          tags: ['conversations'],
          summary:
            'Queue depth, unassigned work, longest wait and SLA state per team; agents’ status and load',
          description:
            'Counts conversations in progress (open or pending). `breachedNow` counts answers overdue at this moment; `warnedNow` those warned and not yet overdue; `breachesToday` the breaches since midnight in the organisation’s time zone. No patient or message details.',
          response: { 200: inboxOverviewSchema },
        },
      },
      async (request) =>
        run(request, async (scope) => {
          await scope.authorize('inbox.supervise');
          return inboxOverview(scope.orm, scope.actor.organizationId);
        }),
    );
  };
}
