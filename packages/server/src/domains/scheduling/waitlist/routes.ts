import {
  patientIdParamsSchema,
  waitlistEntryIdParamsSchema,
  waitlistEntryListSchema,
  waitlistEntrySchema,
  waitlistJoinRequestSchema,
  waitlistQuerySchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../../../http/app.ts';
import { asPortalUser, asStaff } from '../../patients/run-as.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import { joinWaitlist, listPatientWaitlist, listWaitlist, withdrawFromWaitlist } from './entries.ts';

const languageQuery = z.object({ language: z.enum(['en', 'es']).optional() });

/**
 * The waitlist, twice: patients and proxies in the portal (`/api/portal/waitlist`, the
 * `scheduling` scope), and the front desk for a patient (`/api/waitlist`), which also reads a
 * provider's or a specialty's list in the order offers go out.
 */
export function waitlistRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const scheduling = schedulingDependencies(deps);
  const surfaces = [
    {
      prefix: '/api/waitlist',
      patients: '/api/patients',
      tag: 'waitlist',
      run: asStaff(deps),
      read: 'appointment.read',
      change: 'appointment.book',
    },
    {
      prefix: '/api/portal/waitlist',
      patients: '/api/portal/patients',
      tag: 'portal',
      run: asPortalUser(deps),
      read: 'portal.appointments.read',
      change: 'portal.appointments.book',
    },
  ] as const;

  return async (app) => {
    for (const surface of surfaces) {
      const { run } = surface;
      app.post(
        surface.prefix,
        {
          config: { permission: surface.change },
          schema: {
            tags: [surface.tag],
            summary: 'Put a patient on the waitlist for a provider or a specialty and a kind of visit',
            description:
              'Times that free up and suit the days, hours and dates given are offered by SMS or email, oldest entry first. With currentAppointmentId, only times earlier than that appointment are offered, and accepting moves it.',
            body: waitlistJoinRequestSchema,
            response: { 201: waitlistEntrySchema },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await run(request, (scope) => joinWaitlist(scope, request.body))),
      );

      app.get(
        `${surface.patients}/:id/waitlist`,
        {
          config: { permission: surface.read },
          schema: {
            tags: [surface.tag],
            summary: "A patient's waitlist entries, newest first, with the last time offered",
            params: patientIdParamsSchema,
            querystring: languageQuery,
            response: { 200: waitlistEntryListSchema },
          },
        },
        async (request) => ({
          items: await run(request, (scope) =>
            listPatientWaitlist(scope, request.params.id, request.query.language),
          ),
        }),
      );

      app.post(
        `${surface.prefix}/:id/withdraw`,
        {
          config: { permission: surface.change },
          schema: {
            tags: [surface.tag],
            summary: 'Take a patient off the waitlist (an offer they had open goes to the next in line)',
            params: waitlistEntryIdParamsSchema,
            response: { 200: waitlistEntrySchema },
          },
        },
        async (request) =>
          run(request, (scope) => withdrawFromWaitlist(scope, scheduling, request.params.id)),
      );
    }

    app.get(
      '/api/waitlist',
      {
        config: { permission: 'appointment.read' },
        schema: {
          tags: ['waitlist'],
          summary: 'Who is waiting, in the order offers go out (oldest first)',
          description:
            'With providerId: the entries for that provider and for any provider of their specialty.',
          querystring: waitlistQuerySchema,
          response: { 200: waitlistEntryListSchema },
        },
      },
      async (request) => ({
        items: await asStaff(deps)(request, (scope) => listWaitlist(scope, request.query)),
      }),
    );
  };
}
