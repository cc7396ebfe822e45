import {
  appointmentIdParamsSchema,
  appointmentSeenRequestSchema,
  arrivalLocationParamsSchema,
  arrivalSchema,
  arrivalsBoardSchema,
  arrivalsQuerySchema,
  kioskCreatedSchema,
  kioskCreateRequestSchema,
  kioskIdParamsSchema,
  kioskListSchema,
  noShowReportQuerySchema,
  noShowReportSchema,
  patientAppointmentSummarySchema,
  patientIdParamsSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../../../http/app.ts';
import { asStaff } from '../../patients/run-as.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import { arrivalsBoard, checkInAtDesk, markMissedAtDesk, markSeen } from './arrivals.ts';
import { createKiosk, listKiosks, revokeKiosk } from './kiosk-devices.ts';
import { publishAppointmentChange } from './live.ts';
import { noShowReport, patientAppointmentSummary } from './no-shows.ts';

/**
 * The staff side of arrival: kiosks per location (schedule managers), the arrivals board and
 * its actions (front desk; clinicians mark visits seen), the no-show report and a patient's
 * appointment summary. Live events go out after each change has committed.
 */
export function arrivalStaffRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  const scheduling = schedulingDependencies(deps);
  const live = { events: deps.events, logger: deps.logger };
  return async (app) => {
    app.post(
      '/api/locations/:id/kiosks',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['arrival'],
          summary: 'Set up a check-in kiosk at a location: its address with its secret key, shown this once',
          params: arrivalLocationParamsSchema,
          body: kioskCreateRequestSchema,
          response: { 201: kioskCreatedSchema },
        },
      },
      async (request, reply) => {
        const created = await run(request, (scope) =>
          createKiosk(scope, deps.config.publicUrl, request.params.id, request.body.name),
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/locations/:id/kiosks',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['arrival'],
          summary: "A location's kiosks in use, with when each was last seen",
          params: arrivalLocationParamsSchema,
          response: { 200: kioskListSchema },
        },
      },
      async (request) => ({ items: await run(request, (scope) => listKiosks(scope, request.params.id)) }),
    );

    app.delete(
      '/api/locations/:id/kiosks/:kioskId',
      {
        config: { permission: 'schedule.manage' },
        schema: {
          tags: ['arrival'],
          summary: 'Withdraw a kiosk: its key stops working at once',
          params: kioskIdParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) => revokeKiosk(scope, request.params.id, request.params.kioskId));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/locations/:id/arrivals',
      {
        config: { permission: 'appointment.read' },
        schema: {
          tags: ['arrival'],
          summary:
            "A location's appointments of one day (today unless told), with check-ins and waiting times",
          params: arrivalLocationParamsSchema,
          querystring: arrivalsQuerySchema,
          response: { 200: arrivalsBoardSchema },
        },
      },
      async (request) =>
        run(request, (scope) => arrivalsBoard(scope, scheduling, request.params.id, request.query.date)),
    );

    app.post(
      '/api/appointments/:id/check-in',
      {
        config: { permission: 'appointment.book' },
        schema: {
          tags: ['arrival'],
          summary: 'Check a patient in at the front desk',
          params: appointmentIdParamsSchema,
          response: { 200: arrivalSchema },
        },
      },
      async (request) => {
        const done = await run(request, (scope) => checkInAtDesk(scope, scheduling, request.params.id));
        await publishAppointmentChange(live, done.appointment, 'arrived');
        return done.arrival;
      },
    );

    app.post(
      '/api/appointments/:id/seen',
      {
        config: { permission: 'appointment.attend' },
        schema: {
          tags: ['arrival'],
          summary: 'The visit took place; optional follow-up instructions for the patient',
          description:
            'The instructions are kept encrypted and shown in the portal; the patient gets a notice with the portal link only, never the text.',
          params: appointmentIdParamsSchema,
          body: appointmentSeenRequestSchema.nullish(),
          response: { 200: arrivalSchema },
        },
      },
      async (request) => {
        const done = await run(request, (scope) =>
          markSeen(scope, scheduling, request.params.id, request.body?.followUp),
        );
        await publishAppointmentChange(live, done.appointment, 'fulfilled');
        return done.arrival;
      },
    );

    app.post(
      '/api/appointments/:id/no-show',
      {
        config: { permission: 'appointment.book' },
        schema: {
          tags: ['arrival'],
          summary: 'The patient did not come (once the visit has started)',
          params: appointmentIdParamsSchema,
          response: { 200: arrivalSchema },
        },
      },
      async (request) => {
        const done = await run(request, (scope) => markMissedAtDesk(scope, scheduling, request.params.id));
        await publishAppointmentChange(live, done.appointment, 'noshow');
        return done.arrival;
      },
    );

    app.get(
      '/api/scheduling/no-shows',
      {
        config: { permission: 'appointment.report' },
        schema: {
          tags: ['arrival'],
          summary: 'No-shows per kind of visit (due, missed, rate) and the patients who missed two or more',
          querystring: noShowReportQuerySchema,
          response: { 200: noShowReportSchema },
        },
      },
      async (request) => run(request, (scope) => noShowReport(scope, request.query)),
    );

    app.get(
      '/api/patients/:id/appointment-summary',
      {
        config: { permission: 'appointment.read' },
        schema: {
          tags: ['arrival'],
          summary: "A patient's appointments counted: no-shows, seen, cancelled, upcoming",
          params: patientIdParamsSchema,
          response: { 200: patientAppointmentSummarySchema },
        },
      },
      async (request) => run(request, (scope) => patientAppointmentSummary(scope, request.params.id)),
    );
  };
}
