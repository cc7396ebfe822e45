import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/connection.ts';
import { createLogger } from '../../../observability/logger.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { providerCalendar } from '../availability.ts';
import { bookAppointment } from '../booking.ts';
import { computeFreeTime, freeTimeHorizon } from '../free-time.ts';
import { appointments, providers } from '../schema.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';
import { releaseExpiredHolds, rollFreeTimeForward } from './free-time-jobs.ts';

/**
 * The scheduling clocks: free time rolled forward to the horizon each day (only the new days
 * computed, with the same result as computing it all again) with past days forgotten, and
 * holds that ran out released so their time can be booked again. Both across organisations,
 * both harmless to run twice.
 */
describe('free-time jobs', () => {
  let test: TestDatabase;
  let newYork: SchedulingFixture;
  let auckland: SchedulingFixture;
  const logger = createLogger({ level: 'silent' });
  const deps = () => ({ database: test.database, logger });

  beforeAll(async () => {
    test = await createTestDatabase();
    const orm = test.database.orm;
    newYork = await createSchedulingFixture(orm, (await createTestClinic(orm)).id);
    // A clinic in New York's zone with a location on the other side of the date line.
    auckland = await createSchedulingFixture(orm, (await createTestClinic(orm, 'Harbour Clinic')).id, {
      timeZone: 'Pacific/Auckland',
    });
  });
  afterAll(() => test.drop());

  const orm = () => test.database.orm;
  const freeRows = async (providerId: string) =>
    rowsOf<{ local_date: string | Date; starts_at: Date | string; ends_at: Date | string }>(
      await orm().execute(sql`
        select local_date, starts_at, ends_at from provider_free_time
        where provider_id = ${providerId} order by starts_at`),
    ).map((row) => ({
      day: typeof row.local_date === 'string' ? row.local_date : row.local_date.toISOString().slice(0, 10),
      start: new Date(row.starts_at).toISOString(),
      end: new Date(row.ends_at).toISOString(),
    }));
  const through = async (providerId: string) =>
    (
      await orm()
        .select({ through: providers.freeTimeThrough })
        .from(providers)
        .where(eq(providers.id, providerId))
    )[0]!.through;

  describe('rolling free time forward', () => {
    it('computes each provider through the new horizon, the same as computing it all again', async () => {
      const now = new Date();
      const horizon = freeTimeHorizon('America/New_York', 90, now);
      const run = await rollFreeTimeForward(deps(), { freeTimeDays: 90, now });
      expect(run).toMatchObject({ extended: 2, computed: 0, failedOrganizations: 0 });
      for (const fixture of [newYork, auckland]) {
        expect(await through(fixture.providerId)).toBe(horizon);
        const rolled = await freeRows(fixture.providerId);
        // The last weekday before the horizon now has its hours.
        let lastWorkday = DateTime.fromISO(horizon, { zone: fixture.timeZone });
        while (lastWorkday.weekday > 5) lastWorkday = lastWorkday.minus({ days: 1 });
        expect(rolled.filter((row) => row.day === lastWorkday.toISODate())).toHaveLength(2);
        await computeFreeTime(orm(), fixture.providerId, horizon, now);
        expect(await freeRows(fixture.providerId)).toEqual(rolled);
      }
    });

    it('does nothing more when run again', async () => {
      const run = await rollFreeTimeForward(deps(), { freeTimeDays: 90 });
      expect(run).toEqual({ extended: 0, computed: 0, failedOrganizations: 0 });
    });

    it('computes a provider never computed, and one left behind, from today', async () => {
      await orm()
        .update(providers)
        .set({ freeTimeThrough: null })
        .where(eq(providers.id, newYork.providerId));
      await orm()
        .update(providers)
        .set({ freeTimeThrough: '2020-01-01' })
        .where(eq(providers.id, auckland.providerId));
      const run = await rollFreeTimeForward(deps(), { freeTimeDays: 90 });
      expect(run).toMatchObject({ extended: 0, computed: 2 });
      const calendar = await providerCalendar(orm(), newYork.organizationId, {
        providerId: newYork.providerId,
        appointmentType: 'follow-up',
        days: 14,
        onlineOnly: false,
      });
      expect(calendar.days.flatMap((day) => day.times).length).toBeGreaterThan(0);
    });

    it('forgets the free time of days that have passed', async () => {
      // Free time computed a week ago reaches back to then; the roll keeps only today on.
      const weekAgo = new Date(Date.now() - 7 * 86_400_000);
      await computeFreeTime(orm(), newYork.providerId, freeTimeHorizon('America/New_York', 90), weekAgo);
      const today = DateTime.now().setZone('America/New_York').toISODate()!;
      expect((await freeRows(newYork.providerId)).some((row) => row.day < today)).toBe(true);
      await rollFreeTimeForward(deps(), { freeTimeDays: 90 });
      expect((await freeRows(newYork.providerId)).some((row) => row.day < today)).toBe(false);
    });

    it('computes a new provider once when the job and the set-up compute it at the same moment', async () => {
      // A starting server queues the roll; a provider added meanwhile is computed by both. On
      // PostgreSQL the two run on separate connections and, unlocked, inserted the same ranges.
      await orm()
        .update(providers)
        .set({ freeTimeThrough: null })
        .where(eq(providers.id, newYork.providerId));
      const horizon = freeTimeHorizon('America/New_York', 90);
      const [run] = await Promise.all([
        rollFreeTimeForward(deps(), { freeTimeDays: 90 }),
        computeFreeTime(orm(), newYork.providerId, horizon),
        computeFreeTime(orm(), newYork.providerId, horizon),
      ]);
      expect(run.failedOrganizations).toBe(0);
      const rows = await freeRows(newYork.providerId);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row.start)).size).toBe(rows.length);
      expect(await through(newYork.providerId)).toBe(horizon);
    });
  });

  describe('releasing expired holds', () => {
    it('cancels holds that ran out in every clinic, and their times can be booked again', async () => {
      const schedulingDeps = testSchedulingDependencies();
      const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
      const holds = [];
      for (const fixture of [newYork, auckland]) {
        const startsAt = nextWorkdayAt(fixture, 10, 0);
        holds.push(
          await bookAppointment(orm(), schedulingDeps, {
            organizationId: fixture.organizationId,
            patientId: fixture.patientId,
            providerId: fixture.providerId,
            locationId: fixture.locationId,
            appointmentTypeId: fixture.types.followUp.id,
            startsAt,
            holdMinutes: 5,
            bookedBy: { type: 'patient', id: fixture.patientId },
            rules: 'staff',
            now: tenMinutesAgo,
          }),
        );
      }
      // One still being held (on another day, whose free time its booking rewrites): left alone.
      let otherDay = DateTime.fromJSDate(holds[0]!.startsAt, { zone: newYork.timeZone }).plus({ days: 1 });
      while (otherDay.weekday > 5) otherDay = otherDay.plus({ days: 1 });
      const live = await bookAppointment(orm(), schedulingDeps, {
        organizationId: newYork.organizationId,
        patientId: newYork.patientId,
        providerId: newYork.providerId,
        locationId: newYork.locationId,
        appointmentTypeId: newYork.types.followUp.id,
        startsAt: otherDay.set({ hour: 11, minute: 0 }).toJSDate(),
        holdMinutes: 5,
        bookedBy: { type: 'patient', id: newYork.patientId },
        rules: 'staff',
      });
      const other = await addPatient(orm(), newYork.organizationId, { givenName: 'Tom', familyName: 'Hale' });
      // Until released, the ran-out hold still keeps its time out of the free time.
      await expect(
        bookTestAppointment(orm(), newYork, holds[0]!.startsAt, { patientId: other.id }),
      ).rejects.toMatchObject({ statusCode: 422 });

      const run = await releaseExpiredHolds(deps());
      expect(run).toEqual({ released: 2, failedOrganizations: 0 });
      const rows = await orm()
        .select({ id: appointments.id, status: appointments.status, reason: appointments.cancellationReason })
        .from(appointments)
        .where(sql`${appointments.id} in (${holds[0]!.id}, ${holds[1]!.id}, ${live.id})`);
      expect(rows.find((row) => row.id === live.id)).toMatchObject({ status: 'held', reason: null });
      for (const hold of holds)
        expect(rows.find((row) => row.id === hold.id)).toMatchObject({
          status: 'cancelled',
          reason: 'hold-expired',
        });

      const calendar = await providerCalendar(orm(), newYork.organizationId, {
        providerId: newYork.providerId,
        appointmentType: 'follow-up',
        from: DateTime.fromJSDate(holds[0]!.startsAt, { zone: newYork.timeZone }).toISODate()!,
        days: 1,
        onlineOnly: false,
      });
      expect(calendar.days[0]!.times.map((time) => time.startsAt)).toContain(
        holds[0]!.startsAt.toISOString(),
      );
      const booked = await bookTestAppointment(orm(), newYork, holds[0]!.startsAt, { patientId: other.id });
      expect(booked.status).toBe('booked');

      expect(await releaseExpiredHolds(deps())).toEqual({ released: 0, failedOrganizations: 0 });
    });
  });

  describe('at server start', () => {
    it('computes the free time of providers never computed', async () => {
      await orm()
        .update(providers)
        .set({ freeTimeThrough: null })
        .where(eq(providers.id, newYork.providerId));
      await orm().execute(sql`delete from provider_free_time where provider_id = ${newYork.providerId}`);
      const server = await startTestServer(test.database);
      try {
        // The start queues one run; the server's own worker takes it.
        await expect
          .poll(() => through(newYork.providerId), { timeout: 30_000, interval: 250 })
          .not.toBeNull();
        expect((await freeRows(newYork.providerId)).length).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    });
  });
});
