import {
  providerIdParamsSchema,
  providerUnavailabilityListSchema,
  providerUnavailabilityParamsSchema,
  providerUnavailabilityPreviewQuerySchema,
  providerUnavailabilityPreviewSchema,
  providerUnavailabilityRequestSchema,
  providerUnavailabilitySchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../../http/app.ts';
import { asStaff } from '../../patients/run-as.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import {
  listUnavailability,
  markProviderUnavailable,
  previewUnavailability,
  readUnavailability,
} from './time-off.ts';

/**
 * A provider's unexpected time off, for the staff who manage schedules: see which appointments
 * it would cancel, mark it (cancelling them and telling the patients at once), and follow who
 * has rebooked since.
 */
export function disruptionRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const scheduling = schedulingDependencies(deps);
  const run = asStaff(deps);
  return async (app) => {
    app.get(
      '/api/providers/:id/unavailability/preview',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['scheduling'],
          summary: 'The appointments marking the provider unavailable would cancel (nothing changes)',
          description:
            'Times without an offset are read on the clock of the location, or without one, of the clinic.',
          params: providerIdParamsSchema,
          querystring: providerUnavailabilityPreviewQuerySchema,
          response: { 200: providerUnavailabilityPreviewSchema },
        },
      },
      async (request) =>
        run(request, (scope) => previewUnavailability(scope, request.params.id, request.query)),
    );

    app.post(
      '/api/providers/:id/unavailability',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['scheduling'],
          summary:
            'Mark a provider unavailable: cancel the appointments in the time and tell each patient at once',
          description:
            'Each patient gets the next free times with the same provider after the absence and with colleagues of the same specialty, and the link to book. Times without an offset are read on the clock of the location, or without one, of the clinic.',
          params: providerIdParamsSchema,
          body: providerUnavailabilityRequestSchema,
          response: { 201: providerUnavailabilitySchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await run(request, (scope) =>
              markProviderUnavailable(scope, scheduling, request.params.id, request.body),
            ),
          ),
    );

    app.get(
      '/api/providers/:id/unavailability',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['scheduling'],
          summary: "A provider's time off, latest first, with how many were told and have rebooked",
          params: providerIdParamsSchema,
          response: { 200: providerUnavailabilityListSchema },
        },
      },
      async (request) => run(request, (scope) => listUnavailability(scope, request.params.id)),
    );

    app.get(
      '/api/providers/:id/unavailability/:exceptionId',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['scheduling'],
          summary: 'One time off and its appointments: who was told and how, who has rebooked, who has not',
          params: providerUnavailabilityParamsSchema,
          response: { 200: providerUnavailabilitySchema },
        },
      },
      async (request) =>
        run(request, (scope) => readUnavailability(scope, request.params.id, request.params.exceptionId)),
    );
  };
}
