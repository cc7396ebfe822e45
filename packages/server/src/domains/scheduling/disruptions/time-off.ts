import type {
  ProviderUnavailability,
  ProviderUnavailabilityList,
  ProviderUnavailabilityPreview,
  ProviderUnavailabilityRequest,
} from '@patientdesk/contracts';
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/connection.ts';
import { NotFound } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { patientEvent, staffMemberIdOf } from '../../patients/patient-access.ts';
import { staffMembers } from '../../staff/schema.ts';
import {
  type AppointmentRow,
  cancelAppointmentRow,
  findAppointmentToChange,
  type SchedulingDependencies,
} from '../booking.ts';
import { findProvider, providerDisplayName } from '../directory.ts';
import { refreshFreeTime } from '../free-time.ts';
import { appointments, scheduleExceptions } from '../schema.ts';
import { affectedAppointmentViews } from './affected.ts';
import { tellDisruptedPatient } from './notify.ts';
import { type TimeOffSpan, timeOffSpan } from './time-span.ts';

/**
 * A provider who cannot come (illness, an emergency): staff mark the time off, which takes it
 * out of the free time, cancels the appointments in it at once (reason `provider-unavailable`,
 * each pointing at the time off), and tells every patient with times to rebook. The time off
 * then tracks its appointments: who was told and how, who has rebooked, who has not.
 */

type Exception = typeof scheduleExceptions.$inferSelect;

/** Booked and checked-in visits of the provider during the span (at its location, when it has one). */
async function visitsDuring(
  scope: ActorScope,
  providerId: string,
  span: TimeOffSpan,
): Promise<AppointmentRow[]> {
  return scope.orm
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.providerId, providerId),
        inArray(appointments.status, ['booked', 'arrived']),
        lt(appointments.startsAt, span.endsAt),
        gt(appointments.endsAt, span.startsAt),
        span.locationId ? eq(appointments.locationId, span.locationId) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/** Whether the caller's role reads patients' appointments (an administrator marks time off without names). */
const seesPatients = (scope: ActorScope) => scope.allows('appointment.read');

function recordListing(scope: ActorScope, rows: AppointmentRow[], details: Record<string, unknown>) {
  const patientIds = [...new Set(rows.map((row) => row.patientId))];
  if (patientIds.length > 0)
    scope.record({
      action: 'appointment.list',
      resourceType: 'appointment',
      patientIds,
      outcome: 'allowed',
      details,
    });
}

/** The appointments a time off would cancel, before anything changes. */
export async function previewUnavailability(
  scope: ActorScope,
  providerId: string,
  query: { startsAt: string; endsAt: string; locationId?: string | undefined },
  now = new Date(),
): Promise<ProviderUnavailabilityPreview> {
  await scope.authorize('schedule.manage');
  const organizationId = scope.actor.organizationId;
  const provider = await findProvider(scope.orm, organizationId, providerId);
  const span = await timeOffSpan(scope.orm, { organizationId, providerId, ...query }, now, 'query');
  const rows = await visitsDuring(scope, provider.id, span);
  recordListing(scope, rows, { providerId, preview: true });
  return {
    providerId: provider.id,
    provider: providerDisplayName(provider),
    startsAt: span.startsAt.toISOString(),
    endsAt: span.endsAt.toISOString(),
    timeZone: span.timeZone,
    affected: await affectedAppointmentViews(scope.orm, rows, { seesPatients: await seesPatients(scope) }),
  };
}

/** Marks the provider unavailable, cancels the visits in the span and tells their patients at once. */
export async function markProviderUnavailable(
  scope: ActorScope,
  deps: SchedulingDependencies,
  providerId: string,
  request: ProviderUnavailabilityRequest,
  now = new Date(),
): Promise<ProviderUnavailability> {
  await scope.authorize('schedule.manage');
  const organizationId = scope.actor.organizationId;
  const provider = await findProvider(scope.orm, organizationId, providerId);
  const span = await timeOffSpan(scope.orm, { organizationId, providerId, ...request }, now, 'body');
  const [exception] = await scope.orm
    .insert(scheduleExceptions)
    .values({
      organizationId,
      providerId: provider.id,
      locationId: span.locationId,
      kind: 'unavailable',
      startsAt: span.startsAt,
      endsAt: span.endsAt,
      reason: request.reason,
      createdBy: staffMemberIdOf(scope),
    })
    .returning();
  await refreshFreeTime(scope.orm, provider.id, span.startsAt, span.endsAt, now);
  scope.record({
    action: 'schedule.unavailability.create',
    resourceType: 'schedule-exception',
    resourceId: exception!.id,
    outcome: 'allowed',
    details: {
      providerId: provider.id,
      startsAt: span.startsAt.toISOString(),
      endsAt: span.endsAt.toISOString(),
    },
  });

  // Holds in the span are let go quietly: they were never booked, and their confirm now says so.
  const holds = await scope.orm
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.providerId, provider.id),
        eq(appointments.status, 'held'),
        lt(appointments.startsAt, span.endsAt),
        gt(appointments.endsAt, span.startsAt),
      ),
    );
  for (const hold of holds) await cancelAppointmentRow(scope.orm, deps, hold, 'provider-unavailable', now);

  for (const visit of await visitsDuring(scope, provider.id, span)) {
    const locked = await findAppointmentToChange(scope.orm, organizationId, visit.id);
    if (locked.status !== 'booked' && locked.status !== 'arrived') continue;
    // The patient hears about it once, from the notice below with its times to rebook.
    const cancelled = await cancelAppointmentRow(scope.orm, deps, locked, 'provider-unavailable', now, {
      disruptedById: exception!.id,
      patientTold: true,
    });
    await tellDisruptedPatient(scope.orm, deps, {
      appointment: cancelled,
      exceptionId: exception!.id,
      provider,
      backFrom: span.endsAt,
      now,
    });
    scope.record(
      patientEvent(scope, visit.patientId, 'appointment.cancel', {
        resourceType: 'appointment',
        resourceId: visit.id,
        details: { reason: 'provider-unavailable', exceptionId: exception!.id },
      }),
    );
  }
  return unavailabilityView(scope, exception!, { audit: false });
}

async function exceptionOf(scope: ActorScope, providerId: string, exceptionId: string): Promise<Exception> {
  const [exception] = await scope.orm
    .select()
    .from(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.id, exceptionId),
        eq(scheduleExceptions.providerId, providerId),
        eq(scheduleExceptions.kind, 'unavailable'),
      ),
    );
  if (!exception)
    throw new NotFound(
      `This provider has no time off ${exceptionId}. Look at the provider's list of time off again.`,
    );
  return exception;
}

async function unavailabilityView(
  scope: ActorScope,
  exception: Exception,
  options: { audit: boolean },
): Promise<ProviderUnavailability> {
  const provider = await findProvider(scope.orm, exception.organizationId, exception.providerId);
  const rows = await scope.orm
    .select()
    .from(appointments)
    .where(eq(appointments.disruptedById, exception.id))
    .orderBy(asc(appointments.startsAt));
  if (options.audit) recordListing(scope, rows, { providerId: provider.id, exceptionId: exception.id });
  const affected = await affectedAppointmentViews(scope.orm, rows, {
    seesPatients: await seesPatients(scope),
  });
  const [creator] = exception.createdBy
    ? await scope.orm
        .select({ name: staffMembers.displayName })
        .from(staffMembers)
        .where(eq(staffMembers.id, exception.createdBy))
    : [];
  const zone = affected[0]?.timeZone ?? (await timeZoneOf(scope, exception));
  const notified = affected.filter((item) => item.notice?.sentAt).length;
  const rebooked = affected.filter((item) => item.rebookedAs).length;
  return {
    id: exception.id,
    providerId: provider.id,
    provider: providerDisplayName(provider),
    startsAt: exception.startsAt.toISOString(),
    endsAt: exception.endsAt.toISOString(),
    timeZone: zone,
    reason: exception.reason,
    locationId: exception.locationId,
    createdAt: exception.createdAt.toISOString(),
    createdBy: creator?.name ?? null,
    affected,
    counts: {
      affected: affected.length,
      notified,
      notReached: affected.length - notified,
      rebooked,
      notRebooked: affected.length - rebooked,
    },
  };
}

async function timeZoneOf(scope: ActorScope, exception: Exception): Promise<string> {
  const [row] = rowsOf<{ time_zone: string }>(
    await scope.orm.execute(sql`
      select coalesce(l.time_zone, o.time_zone) as time_zone
      from organizations o left join locations l on l.id = ${exception.locationId}
      where o.id = ${exception.organizationId}`),
  );
  return row!.time_zone;
}

/** One time off with its appointments: who was told, who has rebooked, who has not. */
export async function readUnavailability(
  scope: ActorScope,
  providerId: string,
  exceptionId: string,
): Promise<ProviderUnavailability> {
  await scope.authorize('schedule.manage');
  await findProvider(scope.orm, scope.actor.organizationId, providerId);
  return unavailabilityView(scope, await exceptionOf(scope, providerId, exceptionId), { audit: true });
}

/** A provider's time off, latest first, with how many were told and have rebooked. */
export async function listUnavailability(
  scope: ActorScope,
  providerId: string,
): Promise<ProviderUnavailabilityList> {
  await scope.authorize('schedule.manage');
  const provider = await findProvider(scope.orm, scope.actor.organizationId, providerId);
  const exceptions = await scope.orm
    .select()
    .from(scheduleExceptions)
    .where(and(eq(scheduleExceptions.providerId, provider.id), eq(scheduleExceptions.kind, 'unavailable')))
    .orderBy(desc(scheduleExceptions.startsAt))
    .limit(50);
  const items = [];
  for (const exception of exceptions) {
    const { affected: _affected, ...summary } = await unavailabilityView(scope, exception, { audit: false });
    items.push(summary);
  }
  return { items };
}
