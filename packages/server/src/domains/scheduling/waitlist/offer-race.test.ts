import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { listOutbox } from '../../outbox/service.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { cancelAppointmentRow } from '../booking.ts';
import { appointments, schedulingSettings, waitlistEntries, waitlistOffers } from '../schema.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';

const minute = 60_000;

/**
 * Several patients accept offers of the same time at the same moment, through the offer page.
 * On PostgreSQL the answers run in parallel transactions (the database's exclusion constraint
 * decides); on PGlite one after the other. Either way exactly one gets the time.
 */
describe('patients racing to accept the same offered time', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let fixture: SchedulingFixture;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const clinic = await createTestClinic(test.database.orm);
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    await test.database.orm
      .insert(schedulingSettings)
      .values({ organizationId: clinic.id, waitlistOffersAtOnce: 4 });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  async function raceFor(startsAt: Date, round: number) {
    const orm = test.database.orm;
    const neighbour = await addPatient(orm, fixture.organizationId, {
      givenName: 'Next',
      familyName: `Door${round}`,
    });
    await bookTestAppointment(orm, fixture, new Date(startsAt.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    const racers = [];
    for (let index = 0; index < 4; index++) {
      const phone = `+1212555${round}${String(index).padStart(3, '0')}`;
      const patient = await addPatient(orm, fixture.organizationId, {
        givenName: `Racer${index}`,
        familyName: 'Fast',
        phone,
      });
      const [entry] = await orm
        .insert(waitlistEntries)
        .values({
          organizationId: fixture.organizationId,
          patientId: patient.id,
          providerId: fixture.providerId,
          appointmentTypeId: fixture.types.followUp.id,
          createdByType: 'patient',
          createdById: patient.id,
        })
        .returning();
      racers.push({ patient, entry: entry!, phone });
    }
    const leaving = await addPatient(orm, fixture.organizationId, {
      givenName: 'Gone',
      familyName: `Away${round}`,
    });
    const visit = await bookTestAppointment(orm, fixture, startsAt, { patientId: leaving.id });
    await cancelAppointmentRow(
      orm,
      { ...testSchedulingDependencies(), cipher: server.cipher },
      visit,
      'patient',
    );
    const outbox = await listOutbox(orm, server.cipher, fixture.organizationId, 500);
    const tokens = racers.map((racer) => {
      const message = outbox.find(
        (sent) => sent.recipient === racer.phone && sent.purpose === 'waitlist-offer',
      );
      return /\/offers\/([A-Za-z0-9_-]{43})/.exec(message!.body)![1]!;
    });

    const answers = await Promise.all(
      tokens.map((token) =>
        server.app.inject({
          method: 'POST',
          url: `/offers/${token}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'answer=accept',
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303, 303, 303]);
    const pages = await Promise.all(
      tokens.map((token) => server.app.inject({ method: 'GET', url: `/offers/${token}` })),
    );
    const outcomes = pages.map((page) =>
      page.body.includes('<h1>Booked</h1>') ? 'booked' : page.body.includes('just taken') ? 'taken' : 'other',
    );
    expect(outcomes.filter((outcome) => outcome === 'booked')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'taken')).toHaveLength(3);

    const offers = await orm
      .select()
      .from(waitlistOffers)
      .where(
        inArray(
          waitlistOffers.entryId,
          racers.map((racer) => racer.entry.id),
        ),
      );
    expect(offers.map((offer) => offer.status).sort()).toEqual(['accepted', 'taken', 'taken', 'taken']);
    const live = await orm
      .select()
      .from(appointments)
      .where(
        and(
          eq(appointments.providerId, fixture.providerId),
          eq(appointments.startsAt, startsAt),
          inArray(appointments.status, ['booked', 'arrived', 'held']),
        ),
      );
    expect(live).toHaveLength(1);
    const winner = racers.find((racer) => racer.patient.id === live[0]!.patientId)!;
    expect(offers.find((offer) => offer.status === 'accepted')!.entryId).toBe(winner.entry.id);
    const entries = await orm
      .select()
      .from(waitlistEntries)
      .where(
        inArray(
          waitlistEntries.id,
          racers.map((racer) => racer.entry.id),
        ),
      );
    expect(entries.map((entry) => entry.status).sort()).toEqual(['booked', 'waiting', 'waiting', 'waiting']);
    // The losers wait on; this round's time is gone, so they step aside for the next round.
    await orm
      .update(waitlistEntries)
      .set({ status: 'withdrawn' })
      .where(
        inArray(
          waitlistEntries.id,
          racers.map((racer) => racer.entry.id),
        ),
      );
  }

  it('books the time for exactly one of them, and tells the others it was just taken', async () => {
    const week = new Date(Date.now() + 9 * 24 * 60 * minute);
    for (const [round, hour] of [9, 10, 11].entries())
      await raceFor(nextWorkdayAt(fixture, hour, 0, week), round);
  });
});
