import type {
  Appointment,
  AppointmentConfirmRequest,
  AppointmentHoldRequest,
  AppointmentRescheduleRequest,
  BookedAppointment,
} from '@patientdesk/contracts';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import { Conflict, NotFound } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { Action } from '../access/policy.ts';
import { patientEvent } from '../patients/patient-access.ts';
import { appointmentView, appointmentViews } from './appointment-view.ts';
import {
  type AppointmentRow,
  appointmentTypeOf,
  bookAppointment,
  cancelAppointmentRow,
  confirmHold,
  findAppointmentToChange,
  rescheduleAppointmentRow,
  type SchedulingDependencies,
} from './booking.ts';
import { conversationToBookFrom } from './conversation-bookings.ts';
import { confirmationFor } from './notices/confirmation-view.ts';
import { appointments, type BookedByType } from './schema.ts';
import { schedulingSettingsOf } from './settings.ts';

/**
 * Booking for people: patients and proxies (the `scheduling` scope) in the portal, staff on a
 * patient's behalf. Every step is decided by the access policy and leaves an audit event; the
 * work itself is booking.ts's.
 */

const minute = 60_000;

interface Acting {
  actions: { read: Action; book: Action };
  rules: 'patient' | 'staff';
  bookedBy: { type: BookedByType; id: string | null };
}

function actingAs(scope: ActorScope): Acting {
  const actor = scope.actor;
  if (actor.kind === 'staff')
    return {
      actions: { read: 'appointment.read', book: 'appointment.book' },
      rules: 'staff',
      bookedBy: {
        type: actor.credential.kind === 'api-token' ? 'api-token' : 'staff',
        id: actor.staffMemberId,
      },
    };
  return {
    actions: { read: 'portal.appointments.read', book: 'portal.appointments.book' },
    rules: 'patient',
    bookedBy: { type: actor.subject.type, id: actor.subject.id },
  };
}

async function viewFor(
  scope: ActorScope,
  deps: SchedulingDependencies,
  row: AppointmentRow,
  language?: string,
) {
  const acting = actingAs(scope);
  return appointmentView(scope.orm, deps.cipher, row, {
    seesHealthDetails:
      acting.rules === 'patient' || (await scope.allows('patient.read', { patientId: row.patientId })),
    changesAs: acting.rules,
    publicUrl: deps.publicUrl,
    ...(language ? { language } : {}),
  });
}

/** Holds a free time for a few minutes while the patient's details are confirmed. */
export async function holdAppointment(
  scope: ActorScope,
  deps: SchedulingDependencies,
  request: AppointmentHoldRequest,
  now = new Date(),
): Promise<Appointment> {
  const acting = actingAs(scope);
  await scope.authorize(acting.actions.book, { patientId: request.patientId });
  const organizationId = scope.actor.organizationId;
  if (acting.rules === 'staff' && request.conversationId)
    await conversationToBookFrom(scope.orm, organizationId, request.conversationId, request.patientId);
  // One hold at a time per patient and person: choosing another time lets the first one go.
  const earlier = await scope.orm
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, request.patientId),
        eq(appointments.status, 'held'),
        acting.bookedBy.id ? eq(appointments.bookedById, acting.bookedBy.id) : undefined,
      ),
    );
  for (const hold of earlier) await cancelAppointmentRow(scope.orm, deps, hold, 'hold-expired', now);
  const settings = await schedulingSettingsOf(scope.orm, organizationId);
  const row = await bookAppointment(scope.orm, deps, {
    organizationId,
    patientId: request.patientId,
    providerId: request.providerId,
    locationId: request.locationId,
    appointmentTypeId: request.appointmentTypeId,
    startsAt: new Date(request.startsAt),
    holdMinutes: settings.holdMinutes,
    bookedBy: acting.bookedBy,
    rules: acting.rules,
    conversationId: acting.rules === 'staff' ? (request.conversationId ?? null) : null,
    now,
  });
  scope.record(
    patientEvent(scope, request.patientId, 'appointment.hold', {
      resourceType: 'appointment',
      resourceId: row.id,
      details: { startsAt: row.startsAt.toISOString(), providerId: row.providerId },
    }),
  );
  return viewFor(scope, deps, row);
}

async function appointmentFor(scope: ActorScope, action: Action, appointmentId: string) {
  const row = await findAppointmentToChange(scope.orm, scope.actor.organizationId, appointmentId);
  await scope.authorize(action, { patientId: row.patientId });
  return row;
}

/** Books the held time with the reason and the answers to the visit's questions. */
export async function confirmAppointment(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
  request: AppointmentConfirmRequest,
  now = new Date(),
): Promise<BookedAppointment> {
  const acting = actingAs(scope);
  const hold = await appointmentFor(scope, acting.actions.book, appointmentId);
  const booked = await confirmHold(
    scope.orm,
    deps,
    hold,
    { reason: request.reason ?? null, intakeAnswers: request.intakeAnswers, bookedBy: acting.bookedBy },
    now,
  );
  scope.record(
    patientEvent(scope, booked.patientId, 'appointment.book', {
      resourceType: 'appointment',
      resourceId: booked.id,
      details: { startsAt: booked.startsAt.toISOString(), providerId: booked.providerId },
    }),
  );
  return { ...(await viewFor(scope, deps, booked)), confirmation: await confirmationFor(scope, booked) };
}

/** Cancels; patients within the visit's cut-off are asked to call instead. */
export async function cancelAppointment(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
  now = new Date(),
): Promise<Appointment> {
  const acting = actingAs(scope);
  const row = await appointmentFor(scope, acting.actions.book, appointmentId);
  // A checked-in patient is in the waiting room: cancelling online would take them off the
  // front desk's board and give their time away while they wait.
  if (row.status === 'arrived' && acting.rules === 'patient')
    throw new Conflict(
      'You are checked in for this visit, so it cannot be cancelled online. Please talk to the front desk.',
    );
  if (row.status === 'booked' && acting.rules === 'patient') {
    const type = await appointmentTypeOf(scope.orm, row.organizationId, row.appointmentTypeId);
    if (now.getTime() > row.startsAt.getTime() - type.cancelCutoffMinutes * minute)
      throw new Conflict(
        `This visit is too close to cancel online (less than ${Math.round(type.cancelCutoffMinutes / 60)} hours ahead). Please call the clinic.`,
      );
  }
  const cancelled = await cancelAppointmentRow(
    scope.orm,
    deps,
    row,
    row.status === 'held' ? 'hold-expired' : acting.rules === 'patient' ? 'patient' : 'clinic',
    now,
  );
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.cancel', {
      resourceType: 'appointment',
      resourceId: row.id,
    }),
  );
  return viewFor(scope, deps, cancelled);
}

/** Moves a booked appointment to another free time. */
export async function rescheduleAppointment(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
  request: AppointmentRescheduleRequest,
  now = new Date(),
): Promise<BookedAppointment> {
  const acting = actingAs(scope);
  const row = await appointmentFor(scope, acting.actions.book, appointmentId);
  if (row.status === 'booked' && acting.rules === 'patient') {
    const type = await appointmentTypeOf(scope.orm, row.organizationId, row.appointmentTypeId);
    if (now.getTime() > row.startsAt.getTime() - type.rescheduleCutoffMinutes * minute)
      throw new Conflict(
        `This visit is too close to move online (less than ${Math.round(type.rescheduleCutoffMinutes / 60)} hours ahead). Please call the clinic.`,
      );
  }
  const moved = await rescheduleAppointmentRow(
    scope.orm,
    deps,
    row,
    {
      startsAt: new Date(request.startsAt),
      ...(request.providerId ? { providerId: request.providerId } : {}),
      ...(request.locationId ? { locationId: request.locationId } : {}),
      rules: acting.rules,
      bookedBy: acting.bookedBy,
    },
    now,
  );
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.reschedule', {
      resourceType: 'appointment',
      resourceId: moved.id,
      details: { from: row.id, startsAt: moved.startsAt.toISOString() },
    }),
  );
  return { ...(await viewFor(scope, deps, moved)), confirmation: await confirmationFor(scope, moved) };
}

/** One appointment, for whoever may read the patient's appointments. */
export async function readAppointment(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
): Promise<Appointment> {
  const acting = actingAs(scope);
  const [row] = await scope.orm.select().from(appointments).where(eq(appointments.id, appointmentId));
  if (!row)
    throw new NotFound(
      `There is no appointment ${appointmentId}. Check the link, or look at the list again.`,
    );
  await scope.authorize(acting.actions.read, { patientId: row.patientId });
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.read', {
      resourceType: 'appointment',
      resourceId: row.id,
    }),
  );
  return viewFor(scope, deps, row);
}

/** A patient's appointments: upcoming (soonest first) or past (latest first). */
export async function listPatientAppointments(
  scope: ActorScope,
  deps: SchedulingDependencies,
  patientId: string,
  when: 'upcoming' | 'past' | 'all',
  now = new Date(),
): Promise<Appointment[]> {
  const acting = actingAs(scope);
  await scope.authorize(acting.actions.read, { patientId });
  const statuses = ['booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'] as const;
  const rows = await scope.orm
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, patientId),
        inArray(appointments.status, [...statuses, ...(acting.rules === 'patient' ? [] : ['held' as const])]),
        // A hold that was never booked is no appointment; a visit moved elsewhere lives on as
        // its new one, which patients see (staff keep the history).
        or(eq(appointments.status, 'held'), isNotNull(appointments.bookedAt)),
        acting.rules === 'patient'
          ? or(isNull(appointments.cancellationReason), ne(appointments.cancellationReason, 'rescheduled'))
          : undefined,
        when === 'upcoming'
          ? gte(appointments.endsAt, now)
          : when === 'past'
            ? lt(appointments.endsAt, now)
            : undefined,
      ),
    )
    .orderBy(when === 'past' ? desc(appointments.startsAt) : asc(appointments.startsAt))
    .limit(200);
  scope.record(patientEvent(scope, patientId, 'appointment.list', { resourceType: 'appointment' }));
  return appointmentViews(scope.orm, deps.cipher, rows, {
    seesHealthDetails: acting.rules === 'patient' || (await scope.allows('patient.read', { patientId })),
    changesAs: acting.rules,
    publicUrl: deps.publicUrl,
    now,
  });
}
