import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/connection.ts';
import { TimeTaken } from '../../errors.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { addPatient } from '../patients/test-fixtures.ts';
import { markFulfilled } from './arrival/visit-status.ts';
import { providerCalendar, searchProviders } from './availability.ts';
import { bookAppointment, cancelAppointmentRow, confirmHold, rescheduleAppointmentRow } from './booking.ts';
import { computeFreeTime, refreshFreeTime } from './free-time.ts';
import { appointments, providerFreeTime, scheduleExceptions } from './schema.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from './test-fixtures.ts';

const deps = testSchedulingDependencies();

describe('booking', () => {
  let test: TestDatabase;
  let fixture: SchedulingFixture;
  beforeAll(async () => {
    test = await createTestDatabase();
    const clinic = await createTestClinic(test.database.orm);
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
  });
  afterAll(() => test.drop());

  const orm = () => test.database.orm;
  const freeRangesOn = async (day: Date) =>
    rowsOf<{ starts_at: Date; ends_at: Date }>(
      await orm().execute(sql`
        select starts_at, ends_at from provider_free_time
        where provider_id = ${fixture.providerId} and starts_at::date = ${day.toISOString().slice(0, 10)}::date
        order by starts_at`),
    ).map((row) => [new Date(row.starts_at).toISOString(), new Date(row.ends_at).toISOString()]);

  it('books a free time and takes it, with its buffer, out of the free time', async () => {
    const startsAt = nextWorkdayAt(fixture, 10, 0);
    const before = await freeRangesOn(startsAt);
    const booked = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.newPatient.id,
      startsAt,
      bookedBy: { type: 'staff', id: null },
      rules: 'staff',
    });
    expect(booked.status).toBe('booked');
    expect(booked.checkInCode).toMatch(/^[A-Z0-9]{6}$/);
    const after = await freeRangesOn(startsAt);
    expect(after.length).toBe(before.length + 1);
    const end = new Date(startsAt.getTime() + 40 * 60_000).toISOString(); // 30 minutes and 10 after
    expect(after.some(([start]) => start === end)).toBe(true);
    expect(after.some(([start, finish]) => start! < end && finish! > startsAt.toISOString())).toBe(false);
  });

  it('refuses an overlapping booking with "just taken" and the next free times after it', async () => {
    const startsAt = nextWorkdayAt(fixture, 14, 0);
    await bookTestAppointment(orm(), fixture, startsAt);
    const attempt = bookTestAppointment(orm(), fixture, new Date(startsAt.getTime() + 5 * 60_000));
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeTaken);
    const next = (error as TimeTaken).extra.nextFreeTimes!;
    expect(next).toHaveLength(3);
    expect(next[0]!.startsAt).toBe(new Date(startsAt.getTime() + 15 * 60_000).toISOString());
  });

  it('is kept from double booking by the database itself, even when the code is bypassed', async () => {
    const startsAt = nextWorkdayAt(fixture, 15, 0);
    const first = await bookTestAppointment(orm(), fixture, startsAt);
    const copy = { ...first, id: undefined, checkInCode: null, videoVisitToken: null } as Record<
      string,
      unknown
    >;
    delete copy.id;
    const insert = orm()
      .insert(appointments)
      .values(copy as typeof appointments.$inferInsert);
    await expect(insert).rejects.toSatisfy((error: unknown) => {
      for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause)
        if ((cause as { code?: string }).code === '23P01') return true;
      return false;
    });
  });

  it('holds a time until it runs out; then someone else may take it, and the first patient is told it is gone', async () => {
    const startsAt = nextWorkdayAt(fixture, 11, 0);
    const now = new Date();
    const hold = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt,
      holdMinutes: 5,
      bookedBy: { type: 'patient', id: fixture.patientId },
      rules: 'staff',
      now,
    });
    expect(hold.status).toBe('held');
    const other = await addPatient(orm(), fixture.organizationId, { givenName: 'Tom', familyName: 'Hale' });
    await expect(
      bookTestAppointment(orm(), fixture, startsAt, { patientId: other.id }),
    ).rejects.toBeInstanceOf(TimeTaken);

    // Six minutes later the hold has run out: the time is free for the other patient.
    const later = new Date(now.getTime() + 6 * 60_000);
    await refreshFreeTime(
      orm(),
      fixture.providerId,
      startsAt,
      new Date(startsAt.getTime() + 15 * 60_000),
      later,
    );
    const taken = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: other.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt,
      bookedBy: { type: 'staff', id: null },
      rules: 'staff',
      now: later,
    });
    expect(taken.status).toBe('booked');
    const [lapsed] = await orm().select().from(appointments).where(eq(appointments.id, hold.id));
    expect(lapsed).toMatchObject({ status: 'cancelled', cancellationReason: 'hold-expired' });
    const confirming = confirmHold(orm(), deps, lapsed!, {
      intakeAnswers: {},
      bookedBy: { type: 'patient', id: fixture.patientId },
    });
    await expect(confirming).rejects.toBeInstanceOf(TimeTaken);
  });

  it('books a hold that ran out and was let go when nobody has taken its time since', async () => {
    const startsAt = nextWorkdayAt(fixture, 11, 45);
    const now = new Date();
    const hold = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt,
      holdMinutes: 5,
      bookedBy: { type: 'patient', id: fixture.patientId },
      rules: 'patient',
      now,
    });
    const later = new Date(now.getTime() + 10 * 60_000);
    // What the minute job does with a hold that ran out.
    const released = await cancelAppointmentRow(orm(), deps, hold, 'hold-expired', later);
    const booked = await confirmHold(
      orm(),
      deps,
      released,
      { intakeAnswers: {}, bookedBy: { type: 'patient', id: fixture.patientId } },
      later,
    );
    expect(booked).toMatchObject({ status: 'booked', startsAt, patientId: fixture.patientId });
  });

  it('does not let a stale "let this hold go" cancel a visit another tab has just booked', async () => {
    const startsAt = nextWorkdayAt(fixture, 16, 45);
    const hold = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt,
      holdMinutes: 5,
      bookedBy: { type: 'patient', id: fixture.patientId },
      rules: 'staff',
    });
    await confirmHold(orm(), deps, hold, {
      intakeAnswers: {},
      bookedBy: { type: 'patient', id: fixture.patientId },
    });
    // The second tab still has the row as it was, held.
    const after = await cancelAppointmentRow(orm(), deps, hold, 'hold-expired');
    expect(after.status).toBe('booked');
  });

  it('refuses to mark seen a visit that is still ahead and nobody checked in for', async () => {
    const booked = await bookTestAppointment(orm(), fixture, nextWorkdayAt(fixture, 14, 30));
    await expect(markFulfilled(orm(), deps, booked, { followUp: null, now: new Date() })).rejects.toThrow(
      /has not started/,
    );
    const [still] = await orm().select().from(appointments).where(eq(appointments.id, booked.id));
    expect(still!.status).toBe('booked');
  });

  it('confirms a hold only with the answers its visit needs, and keeps the answers encrypted', async () => {
    const startsAt = nextWorkdayAt(fixture, 16, 0);
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'New',
      familyName: 'Patient',
    });
    const hold = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: patient.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.newPatient.id,
      startsAt,
      holdMinutes: 5,
      bookedBy: { type: 'patient', id: patient.id },
      rules: 'patient',
    });
    await expect(
      confirmHold(orm(), deps, hold, { intakeAnswers: {}, bookedBy: { type: 'patient', id: patient.id } }),
    ).rejects.toThrow(/not answered/);
    const booked = await confirmHold(orm(), deps, hold, {
      reason: 'Knee pain after running',
      intakeAnswers: { medicines: 'ibuprofen' },
      bookedBy: { type: 'patient', id: patient.id },
    });
    expect(booked.status).toBe('booked');
    expect(booked.reasonEncrypted).not.toContain('Knee');
    expect(deps.cipher.decrypt('appointments.reason', booked.reasonEncrypted!)).toBe(
      'Knee pain after running',
    );
  });

  it('takes a hold confirmed after it ran out (nobody else took it) out of the free time again', async () => {
    const now = new Date();
    const startsAt = nextWorkdayAt(fixture, 15, 0, new Date(now.getTime() + 21 * 86_400_000));
    const hold = await bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt,
      holdMinutes: 5,
      bookedBy: { type: 'patient', id: fixture.patientId },
      rules: 'staff',
      now,
    });
    // Six minutes on, another change that day rewrites the free time: the lapsed hold counts as free.
    const later = new Date(now.getTime() + 6 * 60_000);
    const end = new Date(startsAt.getTime() + 15 * 60_000);
    await refreshFreeTime(orm(), fixture.providerId, startsAt, end, later);
    const booked = await confirmHold(
      orm(),
      deps,
      hold,
      { intakeAnswers: {}, bookedBy: { type: 'patient', id: fixture.patientId } },
      later,
    );
    expect(booked.status).toBe('booked');
    const free = await freeRangesOn(startsAt);
    expect(free.some(([from, until]) => from! < end.toISOString() && until! > startsAt.toISOString())).toBe(
      false,
    );
  });

  it('moves an appointment in one step, onto time that overlaps its own', async () => {
    const startsAt = nextWorkdayAt(fixture, 9, 0);
    const first = await bookTestAppointment(orm(), fixture, startsAt);
    const moved = await rescheduleAppointmentRow(orm(), deps, first, {
      startsAt: new Date(startsAt.getTime() + 5 * 60_000),
      rules: 'staff',
      bookedBy: { type: 'staff', id: null },
    });
    expect(moved.rescheduledFromId).toBe(first.id);
    const [old] = await orm().select().from(appointments).where(eq(appointments.id, first.id));
    expect(old).toMatchObject({ status: 'cancelled', cancellationReason: 'rescheduled' });
  });

  it('leaves the appointment where it was when the new time is taken', async () => {
    const startsAt = nextWorkdayAt(fixture, 9, 30);
    const mine = await bookTestAppointment(orm(), fixture, startsAt);
    const other = await addPatient(orm(), fixture.organizationId, { givenName: 'Ada', familyName: 'Stone' });
    const theirs = await bookTestAppointment(orm(), fixture, nextWorkdayAt(fixture, 11, 30), {
      patientId: other.id,
    });
    const attempt = orm().transaction((tx) =>
      rescheduleAppointmentRow(tx, deps, mine, {
        startsAt: theirs.startsAt,
        rules: 'staff',
        bookedBy: { type: 'staff', id: null },
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(TimeTaken);
    const [still] = await orm().select().from(appointments).where(eq(appointments.id, mine.id));
    expect(still!.status).toBe('booked');
  });

  it('frees the time of a cancelled appointment at once', async () => {
    const startsAt = nextWorkdayAt(fixture, 13, 0);
    const booked = await bookTestAppointment(orm(), fixture, startsAt);
    await cancelAppointmentRow(orm(), deps, booked, 'patient');
    const again = await bookTestAppointment(orm(), fixture, startsAt);
    expect(again.status).toBe('booked');
  });

  it('takes time off out of the free time, and the search and the calendar follow', async () => {
    const day = nextWorkdayAt(fixture, 0, 0, new Date(Date.now() + 14 * 86_400_000));
    const query = { withinDays: 60, timesPerProvider: 3, limit: 20, appointmentType: 'follow-up' };
    const calendarBefore = await providerCalendar(orm(), fixture.organizationId, {
      providerId: fixture.providerId,
      appointmentType: 'follow-up',
      from: day.toISOString().slice(0, 10),
      days: 1,
      onlineOnly: false,
    });
    expect(calendarBefore.days[0]!.times.length).toBe(28); // 3 h + 4 h of 15-minute visits
    await orm()
      .insert(scheduleExceptions)
      .values({
        organizationId: fixture.organizationId,
        providerId: fixture.providerId,
        kind: 'unavailable',
        startsAt: new Date(day.getTime()),
        endsAt: new Date(day.getTime() + 86_400_000),
        reason: 'Conference',
      });
    await refreshFreeTime(orm(), fixture.providerId, day, new Date(day.getTime() + 86_400_000));
    const calendarAfter = await providerCalendar(orm(), fixture.organizationId, {
      providerId: fixture.providerId,
      appointmentType: 'follow-up',
      from: day.toISOString().slice(0, 10),
      days: 1,
      onlineOnly: false,
    });
    expect(calendarAfter.days[0]!.times).toEqual([]);
    const found = await searchProviders(orm(), fixture.organizationId, query, { onlineOnly: true });
    expect(found.items).toHaveLength(1);
    expect(found.items[0]!.nextFreeTimes).toHaveLength(3);
  });

  it('finds providers by insurance and language, and leaves out those who do not match', async () => {
    const base = { withinDays: 14, timesPerProvider: 2, limit: 20 };
    const matching = await searchProviders(
      orm(),
      fixture.organizationId,
      { ...base, insurance: 'Medicare', language: 'es', specialty: 'family medicine' },
      { onlineOnly: true },
    );
    expect(matching.items.map((hit) => hit.provider.displayName)).toEqual(['Dr. Ana Ruiz, MD']);
    expect(matching.items[0]!.nextFreeTimes).toHaveLength(2);
    const noInsurance = await searchProviders(
      orm(),
      fixture.organizationId,
      { ...base, insurance: 'Cigna' },
      { onlineOnly: true },
    );
    expect(noInsurance.items).toEqual([]);
    const noLanguage = await searchProviders(
      orm(),
      fixture.organizationId,
      { ...base, language: 'vi' },
      { onlineOnly: true },
    );
    expect(noLanguage.items).toEqual([]);
  });

  it('recomputes free time from the rules without losing appointments', async () => {
    const [before] = rowsOf<{ count: number }>(
      await orm().execute(
        sql`select count(*)::int as count from provider_free_time where provider_id = ${fixture.providerId}`,
      ),
    );
    const through = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await computeFreeTime(orm(), fixture.providerId, through);
    const [after] = rowsOf<{ count: number }>(
      await orm().execute(
        sql`select count(*)::int as count from provider_free_time where provider_id = ${fixture.providerId}`,
      ),
    );
    expect(after!.count).toBeGreaterThanOrEqual(before!.count - 1);
    const overlapping = await orm()
      .select()
      .from(providerFreeTime)
      .innerJoin(
        appointments,
        and(
          eq(appointments.providerId, providerFreeTime.providerId),
          sql`${appointments.blocked} && tstzrange(${providerFreeTime.startsAt}, ${providerFreeTime.endsAt})`,
          sql`${appointments.status} in ('booked', 'arrived')`,
        ),
      );
    expect(overlapping).toEqual([]);
  });
});
