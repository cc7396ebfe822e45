import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { listOutbox } from '../../outbox/service.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { cancelAppointmentRow } from '../booking.ts';
import { appointments, providers, schedulingSettings, waitlistEntries, waitlistOffers } from '../schema.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';
import { timeRangeLiteral } from '../time-ranges.ts';
import { expireWaitlistOffers } from './expiry.ts';
import { acceptOffer, declineOffer, readOffer } from './offer-answers.ts';

const deps = testSchedulingDependencies();
const minute = 60_000;

type EntryFields = Partial<typeof waitlistEntries.$inferInsert>;

describe('offers of freed time to the waitlist', () => {
  let test: TestDatabase;
  let fixture: SchedulingFixture;
  let entryClock = Date.parse('2026-01-05T12:00:00Z');
  const orm = () => test.database.orm;

  beforeAll(async () => {
    test = await createTestDatabase();
    const clinic = await createTestClinic(test.database.orm);
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    await orm()
      .insert(schedulingSettings)
      .values({ organizationId: clinic.id, waitlistOffersAtOnce: 2, waitlistOfferMinutes: 30 });
  });
  afterAll(() => test.drop());

  /** A patient reachable by SMS (their own number) who waits for a follow-up with Dr. Ruiz. */
  async function waitingPatient(name: string, fields: EntryFields = {}) {
    const phone = `+1212555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: name,
      familyName: 'Waits',
      phone,
    });
    entryClock += minute;
    const [entry] = await orm()
      .insert(waitlistEntries)
      .values({
        organizationId: fixture.organizationId,
        patientId: patient.id,
        providerId: fixture.providerId,
        appointmentTypeId: fixture.types.followUp.id,
        createdByType: 'patient',
        createdById: patient.id,
        createdAt: new Date(entryClock),
        ...fields,
      })
      .returning();
    return { patient, entry: entry!, phone };
  }

  /** The offer links sent to a phone number, newest first. */
  async function linksSentTo(phone: string): Promise<string[]> {
    const messages = await listOutbox(orm(), deps.cipher, fixture.organizationId, 500);
    return messages
      .filter((message) => message.recipient === phone && message.purpose === 'waitlist-offer')
      .map((message) => /\/offers\/([A-Za-z0-9_-]{43})/.exec(message.body)![1]!);
  }

  /** Earlier tests' entries out of the way: each test starts with an empty waitlist. */
  async function clearTheWaitlist() {
    await orm()
      .update(waitlistEntries)
      .set({ status: 'withdrawn' })
      .where(eq(waitlistEntries.status, 'waiting'));
    await orm().update(waitlistOffers).set({ status: 'declined' }).where(eq(waitlistOffers.status, 'open'));
  }

  const offersOf = (entryId: string) =>
    orm().select().from(waitlistOffers).where(eq(waitlistOffers.entryId, entryId));

  /** Books a follow-up for someone else and cancels it: its 15 minutes are freed. */
  async function freeUp(startsAt: Date) {
    const other = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Cancel',
      familyName: 'Ling',
    });
    const booked = await bookTestAppointment(orm(), fixture, startsAt, { patientId: other.id });
    await cancelAppointmentRow(orm(), deps, booked, 'patient');
  }

  it('offers a cancelled time to the waiting patients it suits, oldest first, two at once', async () => {
    const day = nextWorkdayAt(fixture, 10, 0, new Date(Date.now() + 7 * 24 * 60 * minute));
    // The next quarter hour is taken, so only a 15-minute visit fits the freed time.
    const neighbour = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Next',
      familyName: 'Door',
    });
    await bookTestAppointment(orm(), fixture, new Date(day.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });

    const local = DateTime.fromJSDate(day, { zone: fixture.timeZone });
    const otherWeekday = local.weekday === 1 ? 2 : 1;
    const afternoons = await waitingPatient('Afternoon', { earliestTime: '13:00' });
    const wrongDay = await waitingPatient('Wrongday', { weekdays: [otherWeekday] });
    const tooLate = await waitingPatient('Toolate', {
      availableUntil: local.minus({ days: 1 }).toISODate()!,
    });
    const otherKind = await waitingPatient('Newvisit', { appointmentTypeId: fixture.types.newPatient.id });
    const otherSpecialty = await waitingPatient('Heart', { providerId: null, specialty: 'Cardiology' });
    // Busy sees another provider at that very time.
    const busy = await waitingPatient('Busy');
    const [colleague] = await orm()
      .insert(providers)
      .values({ organizationId: fixture.organizationId, givenName: 'Lee', familyName: 'Park' })
      .returning();
    await orm()
      .insert(appointments)
      .values({
        organizationId: fixture.organizationId,
        patientId: busy.patient.id,
        providerId: colleague!.id,
        locationId: fixture.locationId,
        appointmentTypeId: fixture.types.followUp.id,
        status: 'booked',
        mode: 'in-person',
        startsAt: day,
        endsAt: new Date(day.getTime() + 15 * minute),
        blocked: timeRangeLiteral(day, new Date(day.getTime() + 15 * minute)),
      });
    const first = await waitingPatient('First');
    const second = await waitingPatient('Second', { providerId: null, specialty: 'family medicine' });
    const third = await waitingPatient('Third');

    await freeUp(day);

    for (const left of [afternoons, wrongDay, tooLate, otherKind, otherSpecialty, busy, third])
      expect(await offersOf(left.entry.id)).toEqual([]);
    const [firstOffer] = await offersOf(first.entry.id);
    const [secondOffer] = await offersOf(second.entry.id);
    expect(firstOffer).toMatchObject({ status: 'open', channel: 'sms', startsAt: day });
    expect(secondOffer).toMatchObject({ status: 'open', startsAt: day });
    expect(firstOffer!.expiresAt.getTime() - firstOffer!.createdAt.getTime()).toBeLessThanOrEqual(
      30 * minute + 1000,
    );
    const [message] = (await listOutbox(orm(), deps.cipher, fixture.organizationId, 500)).filter(
      (sent) => sent.recipient === first.phone,
    );
    expect(message!.body).toContain('a visit time opened up');
    expect(message!.body).not.toContain('Ruiz');
    expect(message!.body).toMatch(/^.+: .*http:\/\/desk\.test\/offers\/[A-Za-z0-9_-]{43}$/);
    // Only a hash of the link's secret is kept.
    expect(firstOffer!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(message!.body).not.toContain(firstOffer!.tokenHash);

    // The first to accept gets it; the other learns it was just taken and keeps waiting.
    const [firstLink] = await linksSentTo(first.phone);
    const [secondLink] = await linksSentTo(second.phone);
    expect((await readOffer(orm(), deps, secondLink!))!.status).toBe('open');
    const accepted = await acceptOffer(orm(), deps, firstLink!);
    expect(accepted).toMatchObject({ status: 'accepted', provider: 'Dr. Ana Ruiz, MD' });
    const [booked] = await orm()
      .select()
      .from(appointments)
      .where(eq(appointments.id, accepted!.appointmentId!));
    expect(booked).toMatchObject({
      patientId: first.patient.id,
      status: 'booked',
      startsAt: day,
      bookedByType: 'waitlist',
      bookedById: first.entry.id,
    });
    const [firstEntry] = await orm()
      .select()
      .from(waitlistEntries)
      .where(eq(waitlistEntries.id, first.entry.id));
    expect(firstEntry!.status).toBe('booked');
    expect((await readOffer(orm(), deps, secondLink!))!.status).toBe('taken');
    expect((await acceptOffer(orm(), deps, secondLink!))!.status).toBe('taken');
    const [secondEntry] = await orm()
      .select()
      .from(waitlistEntries)
      .where(eq(waitlistEntries.id, second.entry.id));
    expect(secondEntry!.status).toBe('waiting');

    // The next freed time goes to the one who lost the race (and Busy, free at that hour).
    await freeUp(new Date(day.getTime() + 60 * minute));
    expect((await offersOf(second.entry.id)).map((offer) => offer.status).sort()).toEqual(['open', 'taken']);
    expect(await offersOf(busy.entry.id)).toHaveLength(1);
    expect(await offersOf(afternoons.entry.id)).toEqual([]);
  });

  it('hands a time whose offers expired, or were declined, to the next in line while it is free', async () => {
    const day = nextWorkdayAt(fixture, 14, 0, new Date(Date.now() + 14 * 24 * 60 * minute));
    const neighbour = await addPatient(orm(), fixture.organizationId, {
      givenName: 'After',
      familyName: 'Noon',
    });
    await bookTestAppointment(orm(), fixture, new Date(day.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    await clearTheWaitlist();
    const slow = await waitingPatient('Slow');
    const shy = await waitingPatient('Shy');
    const next = await waitingPatient('Patient');
    const last = await waitingPatient('Last');

    await freeUp(day);
    expect(await offersOf(slow.entry.id)).toHaveLength(1);
    expect(await offersOf(shy.entry.id)).toHaveLength(1);
    expect(await offersOf(next.entry.id)).toEqual([]);

    // Shy says no: the next in line is asked at once.
    const [shyLink] = await linksSentTo(shy.phone);
    expect((await declineOffer(orm(), deps, shyLink!))!.status).toBe('declined');
    expect((await offersOf(next.entry.id)).map((offer) => offer.status)).toEqual(['open']);

    // Slow never answers: after the deadline the time goes to the last one.
    const later = new Date(Date.now() + 31 * minute);
    const swept = await expireWaitlistOffers(orm(), deps, fixture.organizationId, later);
    expect(swept.offersExpired).toBeGreaterThanOrEqual(1);
    expect((await offersOf(slow.entry.id)).map((offer) => offer.status)).toEqual(['expired']);
    expect((await offersOf(last.entry.id)).map((offer) => offer.status)).toEqual(['open']);
    const [slowLink] = await linksSentTo(slow.phone);
    expect((await acceptOffer(orm(), deps, slowLink!, later))!.status).toBe('expired');
    // Nobody is asked twice about the same time.
    expect(await offersOf(shy.entry.id)).toHaveLength(1);
  });

  it('moves an appointment earlier for an entry that has one, and offers the later time on', async () => {
    const soon = nextWorkdayAt(fixture, 9, 0, new Date(Date.now() + 21 * 24 * 60 * minute));
    const neighbour = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Early',
      familyName: 'Bird',
    });
    await bookTestAppointment(orm(), fixture, new Date(soon.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    await clearTheWaitlist();

    const mover = await waitingPatient('Mover');
    const laterVisit = await bookTestAppointment(
      orm(),
      fixture,
      // A week on by the clinic's clock (09:00 again, also across a daylight-saving change).
      DateTime.fromJSDate(soon, { zone: fixture.timeZone }).plus({ days: 7 }).toJSDate(),
      {
        patientId: mover.patient.id,
      },
    );
    await orm()
      .update(waitlistEntries)
      .set({ currentAppointmentId: laterVisit.id })
      .where(eq(waitlistEntries.id, mover.entry.id));
    const behind = await waitingPatient('Behind');

    // A time after the appointment to move is no use to the mover.
    await freeUp(new Date(laterVisit.startsAt.getTime() + 2 * 60 * minute));
    expect(await offersOf(mover.entry.id)).toEqual([]);
    await orm().update(waitlistOffers).set({ status: 'declined' }).where(eq(waitlistOffers.status, 'open'));

    await freeUp(soon);
    const [offer] = await offersOf(mover.entry.id);
    expect(offer!.startsAt).toEqual(soon);
    const [link] = await linksSentTo(mover.phone);
    const accepted = await acceptOffer(orm(), deps, link!);
    expect(accepted!.status).toBe('accepted');
    const [moved] = await orm()
      .select()
      .from(appointments)
      .where(eq(appointments.id, accepted!.appointmentId!));
    expect(moved).toMatchObject({ startsAt: soon, status: 'booked', rescheduledFromId: laterVisit.id });
    const [old] = await orm().select().from(appointments).where(eq(appointments.id, laterVisit.id));
    expect(old).toMatchObject({ status: 'cancelled', cancellationReason: 'rescheduled' });
    // The later time the mover left is offered on at once.
    const behindOffers = await offersOf(behind.entry.id);
    expect(behindOffers.map((item) => item.startsAt)).toContainEqual(laterVisit.startsAt);
  });

  it('passes over a patient who cannot be reached', async () => {
    const day = nextWorkdayAt(fixture, 11, 0, new Date(Date.now() + 28 * 24 * 60 * minute));
    const neighbour = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Mid',
      familyName: 'Day',
    });
    await bookTestAppointment(orm(), fixture, new Date(day.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    await clearTheWaitlist();
    const silent = await waitingPatient('Silent');
    await test.database.query('update patients set phone = null, email = null where id = $1', [
      silent.patient.id,
    ]);
    const reachable = await waitingPatient('Reachable');
    await freeUp(day);
    expect(await offersOf(silent.entry.id)).toEqual([]);
    expect(await offersOf(reachable.entry.id)).toHaveLength(1);
  });
});
