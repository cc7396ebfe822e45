import {
  kioskCheckInRequestSchema,
  kioskCheckInResultSchema,
  kioskDetailsSchema,
  kioskHeadersSchema,
  kioskKeyHeader,
  kioskLocationParamsSchema,
  kioskLookupRequestSchema,
  kioskLookupResultSchema,
  kioskTicketRequestSchema,
  kioskWelcomeSchema,
} from '@patientdesk/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../../http/app.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import { runAsKiosk } from './kiosk-access.ts';
import { checkInAtKiosk, detailsToConfirm, findTodaysVisits, kioskWelcome } from './kiosk-check-in.ts';
import { kioskKeyHash } from './kiosk-devices.ts';
import { publishAppointmentChange } from './live.ts';

/**
 * The kiosk's API: no staff session, the device's key in the `x-kiosk-key` header, checked on
 * every call (not withdrawn, this location). Limits are per kiosk (many kiosks may share a
 * clinic's one address), and tight on the search, so nobody can stand at a kiosk and try names
 * and birth dates one after another.
 */

/** One bucket per kiosk key (its hash, not the key itself, is kept by the limiter); the address without one. */
function perKiosk(request: FastifyRequest): string {
  const key = request.headers[kioskKeyHeader];
  return typeof key === 'string' && key ? `kiosk:${kioskKeyHash(key)}` : `ip:${request.ip}`;
}

const kioskLimit = (max: number) =>
  ({
    permission: 'public',
    rateLimit: { max, timeWindow: '1 minute', keyGenerator: perKiosk },
  }) as const;

/** Searches a kiosk may make a minute: a waiting room's worth of patients, far too few to guess with. */
export const kioskSearchesPerMinute = 10;

export function kioskRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const scheduling = schedulingDependencies(deps);
  return async (app) => {
    app.get(
      '/api/kiosk/:locationId',
      {
        config: kioskLimit(60),
        schema: {
          tags: ['kiosk'],
          summary: 'What the kiosk shows while it waits (checks its key)',
          params: kioskLocationParamsSchema,
          headers: kioskHeadersSchema,
          response: { 200: kioskWelcomeSchema },
        },
      },
      async (request) => runAsKiosk(deps, request, async (scope) => kioskWelcome(scope)),
    );

    app.post(
      '/api/kiosk/:locationId/lookup',
      {
        config: kioskLimit(kioskSearchesPerMinute),
        schema: {
          tags: ['kiosk'],
          summary:
            "Find today's visits here by last name and date of birth, or by the reminder's check-in code",
          description:
            'Answers first name and initial, time and provider only. Nothing found is an empty list, whether or not the person is a patient.',
          params: kioskLocationParamsSchema,
          headers: kioskHeadersSchema,
          body: kioskLookupRequestSchema,
          response: { 200: kioskLookupResultSchema },
        },
      },
      async (request) => ({
        visits: await runAsKiosk(deps, request, (scope) => findTodaysVisits(scope, scheduling, request.body)),
      }),
    );

    app.post(
      '/api/kiosk/:locationId/details',
      {
        config: kioskLimit(30),
        schema: {
          tags: ['kiosk'],
          summary: 'The contact details (masked) and insurance payer on file, to confirm',
          params: kioskLocationParamsSchema,
          headers: kioskHeadersSchema,
          body: kioskTicketRequestSchema,
          response: { 200: kioskDetailsSchema },
        },
      },
      async (request) =>
        runAsKiosk(deps, request, (scope) => detailsToConfirm(scope, scheduling, request.body.ticket)),
    );

    app.post(
      '/api/kiosk/:locationId/check-in',
      {
        config: kioskLimit(30),
        schema: {
          tags: ['kiosk'],
          summary: 'Check in, with what the patient said changed (for the front desk to ask)',
          params: kioskLocationParamsSchema,
          headers: kioskHeadersSchema,
          body: kioskCheckInRequestSchema,
          response: { 200: kioskCheckInResultSchema },
        },
      },
      async (request) => {
        const done = await runAsKiosk(deps, request, (scope) =>
          checkInAtKiosk(scope, scheduling, request.body),
        );
        if (done.changed)
          await publishAppointmentChange(
            { events: deps.events, logger: deps.logger },
            done.appointment,
            'arrived',
          );
        return done.result;
      },
    );
  };
}
