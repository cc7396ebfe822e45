import {
  type Appointment,
  appointmentCancelRequestSchema,
  appointmentConfirmRequestSchema,
  appointmentHoldRequestSchema,
  appointmentIdParamsSchema,
  appointmentListSchema,
  appointmentRescheduleRequestSchema,
  appointmentSchema,
  bookedAppointmentSchema,
  patientIdParamsSchema,
} from '@patientdesk/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../../http/app.ts';
import { asPortalUser, asStaff } from '../patients/run-as.ts';
import {
  cancelAppointment,
  confirmAppointment,
  holdAppointment,
  listPatientAppointments,
  readAppointment,
  rescheduleAppointment,
} from './appointments.ts';
import { publishAppointmentChange } from './arrival/live.ts';
import type { SchedulingDependencies } from './booking.ts';
import { announceBookingChange } from './conversation-bookings.ts';

/** The scheduling work's dependencies, from the server's. */
export function schedulingDependencies(deps: AppDependencies): SchedulingDependencies {
  return {
    cipher: deps.cipher,
    channels: deps.channels,
    sender: deps.sender,
    publicUrl: deps.config.publicUrl,
    scheduling: deps.config.scheduling,
  };
}

const whenQuerySchema = z.object({ when: z.enum(['upcoming', 'past', 'all']).default('upcoming') });

/**
 * Booking, twice: for staff on a patient's behalf (`/api/appointments`, from the desk or beside
 * a conversation) and for patients and proxies in the portal (`/api/portal/appointments`). The
 * steps are the same: hold a free time, confirm it with the details, and later move or cancel it.
 */
export function bookingRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const scheduling = schedulingDependencies(deps);
  const surfaces = [
    {
      prefix: '/api/appointments',
      tag: 'appointments',
      run: asStaff(deps),
      read: 'appointment.read',
      book: 'appointment.book',
    },
    {
      prefix: '/api/portal/appointments',
      tag: 'portal',
      run: asPortalUser(deps),
      read: 'portal.appointments.read',
      book: 'portal.appointments.book',
    },
  ] as const;
  return async (app) => {
    for (const surface of surfaces) {
      const { prefix, run } = surface;
      const who =
        surface.tag === 'portal'
          ? 'A proxy needs the `scheduling` scope.'
          : 'Staff book on the patient’s behalf.';
      // After the commit: the conversation the appointment was booked from, and the front
      // desk's arrivals board, show the change live.
      const announced = async <Changed extends Appointment>(
        request: FastifyRequest,
        appointment: Changed,
        change: 'booked' | 'cancelled' = appointment.status === 'cancelled' ? 'cancelled' : 'booked',
      ) => {
        const organizationId = request.actor!.organizationId;
        await announceBookingChange(deps, organizationId, appointment.id);
        const live = { organizationId, locationId: appointment.location.id };
        await publishAppointmentChange(deps, { ...live, id: appointment.id }, change);
        if (appointment.rescheduledFromId)
          await publishAppointmentChange(deps, { ...live, id: appointment.rescheduledFromId }, 'cancelled');
        return appointment;
      };

      app.post(
        `${prefix}/holds`,
        {
          config: { permission: surface.book },
          schema: {
            tags: [surface.tag],
            summary: 'Hold a free time for a few minutes while the details are confirmed',
            description: `${who} A time someone else took a moment ago answers 409 \`time_taken\` with \`nextFreeTimes\`.`,
            body: appointmentHoldRequestSchema,
            response: { 201: appointmentSchema },
          },
        },
        async (request, reply) => {
          const held = await run(request, (scope) => holdAppointment(scope, scheduling, request.body));
          return reply.code(201).send(held);
        },
      );

      app.post(
        `${prefix}/:id/confirm`,
        {
          config: { permission: surface.book },
          schema: {
            tags: [surface.tag],
            summary: 'Book the held time, with the reason for the visit and the answers to its questions',
            params: appointmentIdParamsSchema,
            description: 'The answer says where the patient was told of the booking (`confirmation`).',
            body: appointmentConfirmRequestSchema,
            response: { 200: bookedAppointmentSchema },
          },
        },
        async (request) =>
          announced(
            request,
            await run(request, (scope) =>
              confirmAppointment(scope, scheduling, request.params.id, request.body),
            ),
          ),
      );

      app.post(
        `${prefix}/:id/reschedule`,
        {
          config: { permission: surface.book },
          schema: {
            tags: [surface.tag],
            summary: 'Move a booked appointment to another free time',
            params: appointmentIdParamsSchema,
            description:
              'The answer is the new appointment, and where the patient was told of the move (`confirmation`).',
            body: appointmentRescheduleRequestSchema,
            response: { 200: bookedAppointmentSchema },
          },
        },
        async (request) =>
          announced(
            request,
            await run(request, (scope) =>
              rescheduleAppointment(scope, scheduling, request.params.id, request.body),
            ),
          ),
      );

      app.post(
        `${prefix}/:id/cancel`,
        {
          config: { permission: surface.book },
          schema: {
            tags: [surface.tag],
            summary: 'Cancel an appointment (or let a hold go)',
            params: appointmentIdParamsSchema,
            body: appointmentCancelRequestSchema,
            response: { 200: appointmentSchema },
          },
        },
        async (request) =>
          announced(
            request,
            await run(request, (scope) => cancelAppointment(scope, scheduling, request.params.id)),
          ),
      );

      app.get(
        `${prefix}/:id`,
        {
          config: { permission: surface.read },
          schema: {
            tags: [surface.tag],
            summary: 'One appointment',
            params: appointmentIdParamsSchema,
            response: { 200: appointmentSchema },
          },
        },
        async (request) => run(request, (scope) => readAppointment(scope, scheduling, request.params.id)),
      );

      app.get(
        `${surface.tag === 'portal' ? '/api/portal/patients' : '/api/patients'}/:id/appointments`,
        {
          config: { permission: surface.read },
          schema: {
            tags: [surface.tag],
            summary: "A patient's appointments: upcoming (soonest first), past (latest first) or all",
            params: patientIdParamsSchema,
            querystring: whenQuerySchema,
            response: { 200: appointmentListSchema },
          },
        },
        async (request) => ({
          items: await run(request, (scope) =>
            listPatientAppointments(scope, scheduling, request.params.id, request.query.when),
          ),
        }),
      );
    }
  };
}
