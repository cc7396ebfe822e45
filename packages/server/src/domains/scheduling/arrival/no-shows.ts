import type { NoShowReport, PatientAppointmentSummary } from '@patientdesk/contracts';
import { and, count, desc, eq, gte, inArray, lt, lte, max, notInArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { type Database, type Orm, rowsOf } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import { Invalid } from '../../../errors.ts';
import type { Logger } from '../../../observability/logger.ts';
import type { EventBus } from '../../../realtime/event-bus.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import type { AuditEventInput, AuditTrail } from '../../audit/audit-trail.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { findPatient, patientEvent } from '../../patients/patient-access.ts';
import { patients } from '../../patients/schema.ts';
import type { AppointmentRow, SchedulingDependencies } from '../booking.ts';
import { appointments, appointmentTypes } from '../schema.ts';
import { schedulingSettingsOf } from '../settings.ts';
import { publishAppointmentChange } from './live.ts';
import { markNoShow } from './visit-status.ts';

/**
 * No-shows: marked by the front desk, or by the check every few minutes for in-person visits
 * still only booked (nobody checked the patient in) once their start plus the clinic's grace
 * time has passed; and counted per kind of visit and per patient.
 *
 * Video visits are left alone: nobody checks in to them at the clinic, so "not checked in" says
 * nothing about whether the patient came.
 */

/** How far back the check looks: a visit is judged near its time, not months later when first deployed. */
const lookBackDays = 7;
const day = 24 * 60 * 60_000;

export interface NoShowCheckDependencies {
  database: Database;
  events: EventBus;
  audit: AuditTrail;
  logger: Logger;
  scheduling: SchedulingDependencies;
}

export interface NoShowCheckRun {
  marked: number;
  /** Organisations whose check failed (logged); the next run tries them again. */
  failedOrganizations: number;
}

/** Organisations with an in-person visit still only booked that started within the look-back (ids only, across organisations). */
async function organizationsWithOverdueVisits(orm: Orm, now: Date): Promise<string[]> {
  const rows = await orm
    .selectDistinct({ organizationId: appointments.organizationId })
    .from(appointments)
    .where(
      and(
        eq(appointments.status, 'booked'),
        eq(appointments.mode, 'in-person'),
        lte(appointments.startsAt, now),
        gte(appointments.startsAt, new Date(now.getTime() - lookBackDays * day)),
      ),
    );
  return rows.map((row) => row.organizationId);
}

/** One organisation's overdue visits, marked missed; rows another process holds are left for the next run. */
async function markOrganizationNoShows(
  orm: Orm,
  deps: SchedulingDependencies,
  organizationId: string,
  now: Date,
): Promise<AppointmentRow[]> {
  const { noShowGraceMinutes } = await schedulingSettingsOf(orm, organizationId);
  const latestStart = new Date(now.getTime() - noShowGraceMinutes * 60_000);
  const overdue = rowsOf<{ id: string }>(
    await orm.execute(sql`
      select id from appointments
      where status = 'booked' and mode = 'in-person'
        and starts_at <= ${latestStart} and starts_at >= ${new Date(now.getTime() - lookBackDays * day)}
      order by starts_at
      for update skip locked`),
  );
  if (overdue.length === 0) return [];
  const rows = await orm
    .select()
    .from(appointments)
    .where(
      inArray(
        appointments.id,
        overdue.map((row) => row.id),
      ),
    );
  const marked: AppointmentRow[] = [];
  for (const row of rows) marked.push(await markNoShow(orm, deps, row, { now }));
  return marked;
}

/** One pass over every organisation at `now`: in-person visits not checked in by start + grace become no-shows. */
export async function markOverdueNoShows(
  deps: NoShowCheckDependencies,
  now = new Date(),
): Promise<NoShowCheckRun> {
  const run: NoShowCheckRun = { marked: 0, failedOrganizations: 0 };
  for (const organizationId of await organizationsWithOverdueVisits(deps.database.orm, now)) {
    let marked: AppointmentRow[];
    try {
      marked = await inTenant(deps.database, organizationId, (orm) =>
        markOrganizationNoShows(orm, deps.scheduling, organizationId, now),
      );
    } catch (error) {
      run.failedOrganizations++;
      deps.logger.error({ err: error, organizationId }, 'the no-show check could not check an organisation');
      continue;
    }
    if (marked.length === 0) continue;
    run.marked += marked.length;
    const events: AuditEventInput[] = marked.map((row) => ({
      action: 'appointment.noshow',
      resourceType: 'appointment',
      resourceId: row.id,
      patientIds: [row.patientId],
      outcome: 'allowed',
      details: { via: 'grace-time', startsAt: row.startsAt.toISOString() },
    }));
    await deps.audit.record(
      { organizationId, actorType: 'system', actorId: null, actorRole: null, actorName: 'No-show check' },
      events,
    );
    for (const row of marked) await publishAppointmentChange(deps, row, 'noshow');
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Counts

/** The period asked for, as local days of the clinic and the instants they span. */
function periodOf(timeZone: string, query: { from?: string; to?: string }, now: Date) {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const to = query.to ? DateTime.fromISO(query.to, { zone: timeZone }) : today;
  const from = query.from ? DateTime.fromISO(query.from, { zone: timeZone }) : to.minus({ days: 30 });
  if (!from.isValid || !to.isValid)
    throw new Invalid('That is not a day of the calendar.', [
      { field: from.isValid ? 'query.to' : 'query.from', message: 'must be a real date' },
    ]);
  if (from > to)
    throw new Invalid('The period ends before it starts.', [
      { field: 'query.from', message: 'must not be after to' },
    ]);
  if (to.diff(from, 'days').days > 366)
    throw new Invalid('The period is too long: at most a year.', [
      { field: 'query.from', message: 'must be at most 366 days before to' },
    ]);
  return {
    from: from.toISODate()!,
    to: to.toISODate()!,
    startsAt: from.startOf('day').toJSDate(),
    endsAt: to.plus({ days: 1 }).startOf('day').toJSDate(),
  };
}

const rateOf = (missed: number, due: number) => (due === 0 ? 0 : Math.round((missed / due) * 1000) / 1000);
const dueStatuses = ['booked', 'arrived', 'fulfilled', 'noshow'] as const;

/**
 * The supervisor's no-show report for a period (the last 30 days unless told), in the clinic's
 * time zone: per kind of visit, the visits that were due (not cancelled, started by now), the
 * missed ones and the rate; and the patients who missed two or more.
 */
export async function noShowReport(
  scope: ActorScope,
  query: { from?: string; to?: string },
  now = new Date(),
): Promise<NoShowReport> {
  await scope.authorize('appointment.report');
  const [organization] = await scope.orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, scope.actor.organizationId));
  const timeZone = organization!.timeZone;
  const period = periodOf(timeZone, query, now);
  const inPeriod = and(
    gte(appointments.startsAt, period.startsAt),
    lt(appointments.startsAt, period.endsAt),
    lte(appointments.startsAt, now),
  );
  const byType = await scope.orm
    .select({
      id: appointmentTypes.id,
      name: appointmentTypes.name,
      booked: count(),
      noShows: sql<number>`count(*) filter (where ${appointments.status} = 'noshow')`,
    })
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
    .where(and(inPeriod, inArray(appointments.status, [...dueStatuses])))
    .groupBy(appointmentTypes.id, appointmentTypes.name)
    .orderBy(appointmentTypes.name);
  const repeat = await scope.orm
    .select({
      id: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      preferredName: patients.preferredName,
      noShows: count(),
      lastNoShowAt: max(appointments.noshowAt),
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(inPeriod, eq(appointments.status, 'noshow')))
    .groupBy(patients.id, patients.givenName, patients.familyName, patients.preferredName)
    .having(sql`count(*) >= 2`)
    .orderBy(desc(count()), desc(max(appointments.noshowAt)))
    .limit(200);
  scope.record({
    action: 'appointment.no-show-report',
    resourceType: 'report',
    resourceId: null,
    patientIds: repeat.map((row) => row.id),
    outcome: 'allowed',
    details: { from: period.from, to: period.to },
  });
  const types = byType.map((row) => {
    const booked = Number(row.booked);
    const noShows = Number(row.noShows);
    return {
      appointmentType: { id: row.id, name: row.name },
      booked,
      noShows,
      rate: rateOf(noShows, booked),
    };
  });
  const totalBooked = types.reduce((sum, type) => sum + type.booked, 0);
  const totalMissed = types.reduce((sum, type) => sum + type.noShows, 0);
  return {
    from: period.from,
    to: period.to,
    timeZone,
    byAppointmentType: types,
    repeatPatients: repeat.map((row) => ({
      patient: { id: row.id, displayName: `${row.preferredName ?? row.givenName} ${row.familyName}` },
      noShows: Number(row.noShows),
      lastNoShowAt: new Date(row.lastNoShowAt!).toISOString(),
    })),
    totals: { booked: totalBooked, noShows: totalMissed, rate: rateOf(totalMissed, totalBooked) },
  };
}

/** How far back the record page lists a patient's missed visits, and how many it lists at most. */
const recentNoShowMonths = 12;
const recentNoShowsListed = 50;

/** A patient's appointments counted: missed, seen, cancelled (by the patient or clinic), upcoming; and the visits missed this last year. */
export async function patientAppointmentSummary(
  scope: ActorScope,
  patientId: string,
  now = new Date(),
): Promise<PatientAppointmentSummary> {
  await scope.authorize('appointment.read', { patientId });
  await findPatient(scope.orm, patientId);
  const [organization] = await scope.orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, scope.actor.organizationId));
  // "The last 12 months" as the clinic counts days: from this day a year ago, local midnight.
  const since = DateTime.fromJSDate(now, { zone: organization!.timeZone })
    .startOf('day')
    .minus({ months: recentNoShowMonths });
  const [row] = await scope.orm
    .select({
      noShows: sql<number>`count(*) filter (where ${appointments.status} = 'noshow')`,
      recentNoShows: sql<number>`count(*) filter (where ${appointments.status} = 'noshow' and ${appointments.startsAt} >= ${since.toJSDate()})`,
      lastNoShowAt: sql<Date | string | null>`max(${appointments.noshowAt})`,
      fulfilled: sql<number>`count(*) filter (where ${appointments.status} = 'fulfilled')`,
      cancelled: sql<number>`count(*) filter (where ${appointments.status} = 'cancelled')`,
      upcoming: sql<number>`count(*) filter (where ${appointments.status} in ('booked', 'arrived') and ${appointments.endsAt} >= ${now})`,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, patientId),
        // A move or a lapsed hold is not a cancellation the patient or clinic chose.
        notInArray(sql`coalesce(${appointments.cancellationReason}, '')`, ['rescheduled', 'hold-expired']),
      ),
    );
  const recent = await scope.orm
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      timeZone: locations.timeZone,
      typeId: appointmentTypes.id,
      typeName: appointmentTypes.name,
    })
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
    .innerJoin(locations, eq(locations.id, appointments.locationId))
    .where(
      and(
        eq(appointments.patientId, patientId),
        eq(appointments.status, 'noshow'),
        gte(appointments.startsAt, since.toJSDate()),
      ),
    )
    .orderBy(desc(appointments.startsAt))
    .limit(recentNoShowsListed);
  scope.record(patientEvent(scope, patientId, 'appointment.summary', { resourceType: 'appointment' }));
  return {
    patientId,
    noShowCount: Number(row?.noShows ?? 0),
    lastNoShowAt: row?.lastNoShowAt ? new Date(row.lastNoShowAt).toISOString() : null,
    fulfilledCount: Number(row?.fulfilled ?? 0),
    cancelledCount: Number(row?.cancelled ?? 0),
    upcomingCount: Number(row?.upcoming ?? 0),
    recentNoShows: {
      since: since.toISODate()!,
      count: Number(row?.recentNoShows ?? 0),
      visits: recent.map((visit) => ({
        appointmentId: visit.id,
        startsAt: visit.startsAt.toISOString(),
        timeZone: visit.timeZone,
        appointmentType: { id: visit.typeId, name: visit.typeName },
      })),
    },
  };
}
