import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../db/connection.ts';
import { appointmentFields } from '../domains/scheduling/booking.ts';
import { newCheckInCode, newVideoVisitToken } from '../domains/scheduling/booking-rules.ts';
import { computeFreeTime, freeTimeHorizon } from '../domains/scheduling/free-time.ts';
import { reminderTimes } from '../domains/scheduling/notices/reminder-plan.ts';
import {
  appointmentReminders,
  appointments,
  appointmentTypes,
  providerAppointmentTypes,
  providers,
  scheduleExceptions,
  scheduleRules,
  waitlistEntries,
} from '../domains/scheduling/schema.ts';
import { schedulingSettingsOf } from '../domains/scheduling/settings.ts';
import { timeRangeLiteral } from '../domains/scheduling/time-ranges.ts';
import { type WorkingRule, workingBlocks } from '../domains/scheduling/working-hours.ts';
import type { FieldCipher } from '../security/field-encryption.ts';
import type { DemoSchedulingPlan, DemoTimeOff } from './demo-scheduling-plan.ts';
import { demoAppointmentTypes } from './demo-scheduling-types.ts';
import {
  type DemoVisit,
  type DemoVisitPatient,
  type DemoVisitProvider,
  type DemoVisitType,
  placeDemoVisits,
} from './demo-scheduling-visits.ts';
import { demoWaitlist } from './demo-scheduling-waitlist.ts';

/**
 * Writes the demo clinic's scheduling: the kinds of visit, each provider's insurance, visits,
 * weekly hours and time off, the appointments placed by demo-scheduling-visits.ts with their
 * reminders to come, two patients on the waitlist (demo-scheduling-waitlist.ts), and then each
 * provider's free time up to the configured horizon, computed once per provider after everything
 * else is in (so seeding stays quick on the first `npm start`).
 */

export interface DemoSchedulingInput {
  organizationId: string;
  /** The organisation's time zone; the free-time horizon is counted in it. */
  timeZone: string;
  /** When the demo is created: every date is placed from here. */
  now: Date;
  /** How many days ahead free time is kept (PATIENTDESK_FREE_TIME_DAYS). */
  freeTimeDays: number;
  cipher: FieldCipher;
  plan: DemoSchedulingPlan;
  /** The providers as created, by NPI, with the location keys they work at. */
  providers: { id: string; npi: string; specialty: string; locationKeys: string[] }[];
  locations: Map<string, { id: string; timeZone: string; closedDates: string[] }>;
  mainLocationKey: string;
  patients: DemoVisitPatient[];
  /** Who booked the visits made by phone (the demo's scheduler). */
  schedulerId: string | null;
}

export interface DemoSchedulingSummary {
  appointments: number;
  freeRanges: number;
  waiting: number;
}

const minute = 60_000;

function timeOffRange(timeOff: DemoTimeOff, today: DateTime) {
  const day = today.plus({ days: timeOff.startsInDays }).startOf('day');
  if (timeOff.length === 'afternoon')
    return { startsAt: day.set({ hour: 12 }), endsAt: day.plus({ days: 1 }) };
  return { startsAt: day, endsAt: day.plus({ days: timeOff.length === 'week' ? 7 : 1 }) };
}

function appointmentRow(input: DemoSchedulingInput, visit: DemoVisit): typeof appointments.$inferInsert {
  const { type } = visit;
  const startsAt = new Date(visit.startsAt);
  const endsAt = new Date(visit.startsAt + type.durationMinutes * minute);
  const cipher = input.cipher;
  return {
    organizationId: input.organizationId,
    patientId: visit.patientId,
    providerId: visit.providerId,
    locationId: visit.locationId,
    appointmentTypeId: type.id,
    status: visit.status,
    mode: type.mode,
    startsAt,
    endsAt,
    bufferBeforeMinutes: type.bufferBeforeMinutes,
    bufferAfterMinutes: type.bufferAfterMinutes,
    blocked: timeRangeLiteral(
      new Date(startsAt.getTime() - type.bufferBeforeMinutes * minute),
      new Date(endsAt.getTime() + type.bufferAfterMinutes * minute),
    ),
    reasonEncrypted: visit.reason ? cipher.encrypt(appointmentFields.reason, visit.reason) : null,
    intakeAnswersEncrypted:
      Object.keys(visit.answers).length > 0
        ? cipher.encrypt(appointmentFields.intakeAnswers, JSON.stringify(visit.answers))
        : null,
    followUpEncrypted: visit.followUp ? cipher.encrypt(appointmentFields.followUp, visit.followUp) : null,
    videoVisitToken: type.mode === 'telehealth' ? newVideoVisitToken() : null,
    checkInCode: newCheckInCode(),
    bookedByType: visit.bookedOnline ? 'patient' : 'staff',
    bookedById: visit.bookedOnline ? visit.patientId : input.schedulerId,
    bookedAt: new Date(visit.bookedAt),
    checkedInAt: visit.checkedInAt === null ? null : new Date(visit.checkedInAt),
    fulfilledAt: visit.fulfilledAt === null ? null : new Date(visit.fulfilledAt),
    noshowAt: visit.noshowAt === null ? null : new Date(visit.noshowAt),
    createdAt: new Date(visit.bookedAt),
    updatedAt: new Date(
      Math.max(visit.bookedAt, visit.checkedInAt ?? 0, visit.fulfilledAt ?? 0, visit.noshowAt ?? 0),
    ),
  };
}

/**
 * The reminders still to go out for the booked visits, as booking plans them (the visit type's
 * offsets, out of quiet hours). Those whose time has passed would have gone out before the demo
 * existed, so they are left out rather than written as sent.
 */
async function upcomingReminders(
  tx: Orm,
  input: DemoSchedulingInput,
  visits: DemoVisit[],
  appointmentIds: string[],
  typeRows: (typeof appointmentTypes.$inferSelect)[],
): Promise<(typeof appointmentReminders.$inferInsert)[]> {
  const settings = await schedulingSettingsOf(tx, input.organizationId);
  const quiet = { start: settings.quietHoursStart, end: settings.quietHoursEnd };
  const offsetsOf = new Map(typeRows.map((row) => [row.id, row.reminderOffsetsMinutes]));
  const zoneOf = new Map([...input.locations.values()].map((place) => [place.id, place.timeZone]));
  return visits.flatMap((visit, index) =>
    visit.status !== 'booked'
      ? []
      : reminderTimes({
          startsAt: new Date(visit.startsAt),
          offsetsMinutes: offsetsOf.get(visit.type.id) ?? [],
          zone: zoneOf.get(visit.locationId)!,
          quiet,
          now: input.now,
        })
          .filter((reminder) => reminder.status === 'pending')
          .map((reminder) => ({
            organizationId: input.organizationId,
            appointmentId: appointmentIds[index]!,
            offsetMinutes: reminder.offsetMinutes,
            sendAt: reminder.sendAt,
          })),
  );
}

/** Adds the demo's scheduling to the clinic made by seedDemoClinic, in its transaction. */
export async function seedDemoScheduling(
  tx: Orm,
  input: DemoSchedulingInput,
): Promise<DemoSchedulingSummary> {
  const { organizationId, plan } = input;
  const mainZone = input.locations.get(input.mainLocationKey)!.timeZone;
  const today = DateTime.fromJSDate(input.now, { zone: input.timeZone }).startOf('day');

  const typeRows = await tx
    .insert(appointmentTypes)
    .values(demoAppointmentTypes.map((type) => ({ ...type, organizationId })))
    .returning();
  const typeByCode = new Map(typeRows.map((row) => [row.code, row as DemoVisitType & typeof row]));

  const providersByNpi = new Map(input.providers.map((provider) => [provider.npi, provider]));
  const visitProviders: DemoVisitProvider[] = [];
  const rules: (typeof scheduleRules.$inferInsert)[] = [];
  const timeOff: (typeof scheduleExceptions.$inferInsert)[] = [];
  const links: (typeof providerAppointmentTypes.$inferInsert)[] = [];
  // The hours began a few weeks ago, so the past visits fall on working days too.
  const startsOn = today.minus({ days: 28 }).toISODate()!;
  for (const schedule of plan.providers) {
    const provider = providersByNpi.get(schedule.npi)!;
    await tx
      .update(providers)
      .set({ acceptedInsurance: schedule.acceptedInsurance })
      .where(eq(providers.id, provider.id));
    const types = schedule.typeCodes.map((code) => typeByCode.get(code)!);
    for (const type of types)
      links.push({ organizationId, providerId: provider.id, appointmentTypeId: type.id });
    const theirRules: WorkingRule[] = schedule.hours.map((hours) => ({
      locationId: input.locations.get(hours.locationKey)!.id,
      recurrence: hours.recurrence,
      startsOn,
      endsOn: null,
      startTime: hours.startTime,
      endTime: hours.endTime,
    }));
    rules.push(...theirRules.map((rule) => ({ ...rule, organizationId, providerId: provider.id })));
    const away = timeOffRange(schedule.timeOff, today);
    const change = {
      kind: 'unavailable' as const,
      locationId: null,
      startsAt: away.startsAt.toJSDate(),
      endsAt: away.endsAt.toJSDate(),
    };
    timeOff.push({ ...change, organizationId, providerId: provider.id, reason: schedule.timeOff.reason });
    const places = provider.locationKeys.map((key) => input.locations.get(key)!);
    visitProviders.push({
      id: provider.id,
      specialty: provider.specialty,
      acceptedInsurance: schedule.acceptedInsurance,
      types,
      locationIds: places.map((place) => place.id),
      blocks: workingBlocks({
        rules: theirRules,
        changes: [change],
        locations: places,
        from: today.minus({ days: 14 }).toISODate()!,
        to: today.plus({ days: 13 }).toISODate()!,
      }),
    });
  }
  await tx.insert(providerAppointmentTypes).values(links);
  await tx.insert(scheduleRules).values(rules);
  await tx.insert(scheduleExceptions).values(timeOff);

  const visits = placeDemoVisits({
    now: input.now,
    zone: mainZone,
    seed: plan.placementSeed,
    mainLocationId: input.locations.get(input.mainLocationKey)!.id,
    providers: visitProviders,
    patients: input.patients,
  });
  const rows = visits.map((visit) => appointmentRow(input, visit));
  const appointmentIds: string[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    const inserted = await tx
      .insert(appointments)
      .values(rows.slice(start, start + 500))
      .returning({
        id: appointments.id,
        providerId: appointments.providerId,
        startsAt: appointments.startsAt,
      });
    const idOf = new Map(inserted.map((row) => [`${row.providerId} ${row.startsAt.getTime()}`, row.id]));
    appointmentIds.push(
      ...visits.slice(start, start + 500).map((visit) => idOf.get(`${visit.providerId} ${visit.startsAt}`)!),
    );
  }
  const waiting = demoWaitlist({
    organizationId,
    visits,
    patients: input.patients,
    appointmentIds,
    wellChildTypeId: typeByCode.get('well-child')?.id,
    mainLocationId: input.locations.get(input.mainLocationKey)!.id,
    zone: mainZone,
    now: input.now,
    schedulerId: input.schedulerId,
  });
  if (waiting.length > 0) await tx.insert(waitlistEntries).values(waiting);
  const reminders = await upcomingReminders(tx, input, visits, appointmentIds, typeRows);
  for (let start = 0; start < reminders.length; start += 1000)
    await tx.insert(appointmentReminders).values(reminders.slice(start, start + 1000));

  const through = freeTimeHorizon(input.timeZone, input.freeTimeDays, input.now);
  let freeRanges = 0;
  for (const provider of visitProviders)
    freeRanges += await computeFreeTime(tx, provider.id, through, input.now);
  return { appointments: rows.length, freeRanges, waiting: waiting.length };
}
