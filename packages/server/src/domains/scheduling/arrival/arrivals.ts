import type { Arrival, ArrivalsBoard } from '@patientdesk/contracts';
import { and, asc, count, eq, gte, inArray, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../../db/connection.ts';
import { Invalid, NotFound } from '../../../errors.ts';
import type { FieldCipher } from '../../../security/field-encryption.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import type { Action } from '../../access/policy.ts';
import { locations } from '../../organizations/schema.ts';
import { patientEvent } from '../../patients/patient-access.ts';
import { patients } from '../../patients/schema.ts';
import { type AppointmentRow, findAppointmentToChange, type SchedulingDependencies } from '../booking.ts';
import { providerDisplayName } from '../directory.ts';
import { appointments, appointmentTypes, providers } from '../schema.ts';
import { sendFollowUpNotice } from './follow-up-notice.ts';
import { checkInNotesField, markArrived, markFulfilled, markNoShow } from './visit-status.ts';

/**
 * The front desk's arrivals board: a location's appointments of one day in order, who has
 * arrived and how long they have waited since check-in, what they told the kiosk changed (stored
 * encrypted, shown to the staff who may read the board); and the desk's actions on them: check
 * in, seen (with follow-up instructions for the portal), missed. Reading the board is reading
 * each listed patient's appointment: one audit event names them all.
 */

const minute = 60_000;
const boardStatuses = ['booked', 'arrived', 'fulfilled', 'noshow'] as const;

async function locationOrNotFound(orm: Orm, locationId: string) {
  const [location] = await orm.select().from(locations).where(eq(locations.id, locationId));
  if (!location)
    throw new NotFound(
      `There is no location ${locationId} in your clinic. Choose one of the clinic's locations.`,
    );
  return location;
}

/** The local day asked for (today when left out) as instants in the location's time zone. */
function dayAt(timeZone: string, date: string | undefined, now: Date) {
  const start = date
    ? DateTime.fromISO(date, { zone: timeZone }).startOf('day')
    : DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  if (!start.isValid)
    throw new Invalid('That is not a day of the calendar.', [
      { field: 'query.date', message: 'must be a real date' },
    ]);
  return { date: start.toISODate()!, from: start.toJSDate(), until: start.plus({ days: 1 }).toJSDate() };
}

/** Each patient's missed visits so far. */
async function noShowCounts(orm: Orm, patientIds: string[]): Promise<Map<string, number>> {
  if (patientIds.length === 0) return new Map();
  const rows = await orm
    .select({ patientId: appointments.patientId, missed: count() })
    .from(appointments)
    .where(and(inArray(appointments.patientId, patientIds), eq(appointments.status, 'noshow')))
    .groupBy(appointments.patientId);
  return new Map(rows.map((row) => [row.patientId, Number(row.missed)]));
}

/** The board's rows for these appointment conditions, in time order. */
async function arrivalsWhere(
  orm: Orm,
  cipher: FieldCipher,
  where: ReturnType<typeof and>,
  now: Date,
): Promise<Arrival[]> {
  const rows = await orm
    .select({
      appointment: appointments,
      patient: {
        id: patients.id,
        givenName: patients.givenName,
        familyName: patients.familyName,
        preferredName: patients.preferredName,
      },
      provider: providers,
      type: { id: appointmentTypes.id, name: appointmentTypes.name },
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(providers, eq(providers.id, appointments.providerId))
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
    .where(where)
    .orderBy(asc(appointments.startsAt), asc(patients.familyName))
    .limit(500);
  const missed = await noShowCounts(orm, [...new Set(rows.map((row) => row.patient.id))]);
  return rows.map(({ appointment, patient, provider, type }) => ({
    appointmentId: appointment.id,
    status: appointment.status as Arrival['status'],
    patient: {
      id: patient.id,
      displayName: `${patient.preferredName ?? patient.givenName} ${patient.familyName}`,
    },
    provider: { id: provider.id, displayName: providerDisplayName(provider) },
    appointmentType: { id: type.id, name: type.name, mode: appointment.mode },
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    checkedInAt: appointment.checkedInAt?.toISOString() ?? null,
    waitingMinutes:
      appointment.status === 'arrived' && appointment.checkedInAt
        ? Math.max(0, Math.floor((now.getTime() - appointment.checkedInAt.getTime()) / minute))
        : null,
    checkInNotes: appointment.checkInNotesEncrypted
      ? cipher.decrypt(checkInNotesField, appointment.checkInNotesEncrypted)
      : null,
    fulfilledAt: appointment.fulfilledAt?.toISOString() ?? null,
    noshowAt: appointment.noshowAt?.toISOString() ?? null,
    hasFollowUp: appointment.followUpEncrypted !== null,
    patientNoShowCount: missed.get(patient.id) ?? 0,
  }));
}

/** A location's appointments of one day (today unless told), in order, with waiting times at `now`. */
export async function arrivalsBoard(
  scope: ActorScope,
  deps: Pick<SchedulingDependencies, 'cipher'>,
  locationId: string,
  date: string | undefined,
  now = new Date(),
): Promise<ArrivalsBoard> {
  await scope.authorize('appointment.read');
  const location = await locationOrNotFound(scope.orm, locationId);
  const day = dayAt(location.timeZone, date, now);
  const items = await arrivalsWhere(
    scope.orm,
    deps.cipher,
    and(
      eq(appointments.locationId, location.id),
      inArray(appointments.status, [...boardStatuses]),
      gte(appointments.startsAt, day.from),
      lt(appointments.startsAt, day.until),
    ),
    now,
  );
  const patientIds = [...new Set(items.map((item) => item.patient.id))];
  scope.record({
    action: 'appointment.arrivals.read',
    resourceType: 'location',
    resourceId: location.id,
    patientIds,
    outcome: 'allowed',
    details: { date: day.date, appointments: items.length },
  });
  return {
    location: { id: location.id, name: location.name, timeZone: location.timeZone },
    date: day.date,
    now: now.toISOString(),
    items,
  };
}

/** The board's row of one appointment, after a change. */
async function arrivalOf(orm: Orm, cipher: FieldCipher, appointmentId: string, now: Date): Promise<Arrival> {
  const [item] = await arrivalsWhere(orm, cipher, and(eq(appointments.id, appointmentId)), now);
  return item!;
}

async function appointmentFor(
  scope: ActorScope,
  action: Action,
  appointmentId: string,
): Promise<AppointmentRow> {
  const row = await findAppointmentToChange(scope.orm, scope.actor.organizationId, appointmentId);
  await scope.authorize(action, { patientId: row.patientId });
  return row;
}

/** The front desk checks a patient in. */
export async function checkInAtDesk(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
  now = new Date(),
): Promise<{ arrival: Arrival; appointment: AppointmentRow }> {
  const row = await appointmentFor(scope, 'appointment.book', appointmentId);
  const arrived = await markArrived(scope.orm, deps, row, { notes: null, now });
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.check-in', {
      resourceType: 'appointment',
      resourceId: row.id,
      details: { via: 'desk' },
    }),
  );
  return { arrival: await arrivalOf(scope.orm, deps.cipher, row.id, now), appointment: arrived };
}

/**
 * The visit took place. Follow-up instructions, when written, are kept encrypted with the
 * appointment; the patient reads them in the portal and is told so by a notice that carries the
 * link only.
 */
export async function markSeen(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
  followUp: string | undefined,
  now = new Date(),
): Promise<{ arrival: Arrival; appointment: AppointmentRow }> {
  const row = await appointmentFor(scope, 'appointment.attend', appointmentId);
  const instructions = followUp?.trim() ? followUp.trim() : null;
  const seen = await markFulfilled(scope.orm, deps, row, { followUp: instructions, now });
  const noticeChannel = instructions ? await sendFollowUpNotice(scope.orm, deps, seen) : null;
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.seen', {
      resourceType: 'appointment',
      resourceId: row.id,
      details: { followUp: instructions !== null, noticeChannel },
    }),
  );
  return { arrival: await arrivalOf(scope.orm, deps.cipher, row.id, now), appointment: seen };
}

/** The patient did not come. */
export async function markMissedAtDesk(
  scope: ActorScope,
  deps: SchedulingDependencies,
  appointmentId: string,
  now = new Date(),
): Promise<{ arrival: Arrival; appointment: AppointmentRow }> {
  const row = await appointmentFor(scope, 'appointment.book', appointmentId);
  const missed = await markNoShow(scope.orm, deps, row, { now });
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.noshow', {
      resourceType: 'appointment',
      resourceId: row.id,
      details: { via: 'desk' },
    }),
  );
  return { arrival: await arrivalOf(scope.orm, deps.cipher, row.id, now), appointment: missed };
}
