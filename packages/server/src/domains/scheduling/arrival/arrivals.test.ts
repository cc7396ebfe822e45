import type { Appointment, ArrivalsBoard, LiveEvent, NoShowReport } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { testCipher } from '../../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { locations } from '../../organizations/schema.ts';
import { listOutbox } from '../../outbox/service.ts';
import {
  addPatient,
  auditEventsOf,
  callAs,
  signedInPortalUser,
  signedInStaff,
} from '../../patients/test-fixtures.ts';
import { appointments } from '../schema.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';
import { addProvider, addVisit, todayAt } from './test-fixtures.ts';
import { checkInNotesField } from './visit-status.ts';

const minute = 60_000;

describe('the arrivals board and the visit day at the desk', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: { id: string; slug: string };
  let fixture: SchedulingFixture;
  let agent: ReturnType<typeof callAs>;
  let clinician: ReturnType<typeof callAs>;
  let supervisor: ReturnType<typeof callAs>;
  let billing: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Bayside Clinic');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    clinician = callAs(server, await signedInStaff(server, clinic.id, 'clinician'));
    supervisor = callAs(server, await signedInStaff(server, clinic.id, 'supervisor'));
    billing = callAs(server, await signedInStaff(server, clinic.id, 'billing'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const orm = () => test.database.orm;
  const patientNamed = (
    givenName: string,
    familyName: string,
    extra: Partial<Parameters<typeof addPatient>[2]> = {},
  ) => addPatient(orm(), clinic.id, { givenName, familyName, ...extra });

  it("lists the location's visits of the day in order: who has arrived, how long they have waited, what changed", async () => {
    const [annex] = await orm()
      .insert(locations)
      .values({ organizationId: clinic.id, name: 'Annex', timeZone: fixture.timeZone })
      .returning();
    const ana = await patientNamed('Ana', 'Early');
    const ben = await patientNamed('Ben', 'Waiting');
    const cy = await patientNamed('Cy', 'Seen');
    const dee = await patientNamed('Dee', 'Missed');
    const eve = await patientNamed('Eve', 'Cancelled');
    const fay = await patientNamed('Fay', 'Elsewhere');
    const now = Date.now();
    const booked = await addVisit(orm(), fixture, todayAt(fixture, 1, 0), { patientId: ana.id });
    const waiting = await addVisit(orm(), fixture, todayAt(fixture, 1, 30), { patientId: ben.id });
    await orm()
      .update(appointments)
      .set({
        status: 'arrived',
        checkedInAt: new Date(now - 12 * minute - 5_000),
        checkInNotesEncrypted: testCipher().encrypt(
          checkInNotesField,
          'Contact details changed: ask for the new mobile number or email.',
        ),
      })
      .where(eq(appointments.id, waiting.id));
    await addVisit(orm(), fixture, todayAt(fixture, 0, 30), { patientId: cy.id, status: 'fulfilled' });
    await addVisit(orm(), fixture, todayAt(fixture, 2, 0), { patientId: dee.id, status: 'noshow' });
    await addVisit(orm(), fixture, todayAt(fixture, 2, 30), { patientId: eve.id, status: 'cancelled' });
    await addVisit(orm(), fixture, todayAt(fixture, 3, 0), { patientId: fay.id, locationId: annex!.id });
    const tomorrow = DateTime.fromJSDate(todayAt(fixture, 3, 30), { zone: fixture.timeZone }).plus({
      days: 1,
    });
    await addVisit(orm(), fixture, tomorrow.toJSDate(), { patientId: ana.id });

    const response = await billing('GET', `/api/locations/${fixture.locationId}/arrivals`);
    expect(response.statusCode).toBe(200);
    const board = response.json() as ArrivalsBoard;
    expect(board.date).toBe(DateTime.now().setZone(fixture.timeZone).toISODate());
    const mine = board.items.filter((item) =>
      [ana.id, ben.id, cy.id, dee.id, eve.id, fay.id].includes(item.patient.id),
    );
    expect(mine.map((item) => [item.patient.displayName, item.status])).toEqual([
      ['Cy Seen', 'fulfilled'],
      ['Ana Early', 'booked'],
      ['Ben Waiting', 'arrived'],
      ['Dee Missed', 'noshow'],
    ]);
    const ben_ = mine.find((item) => item.patient.id === ben.id)!;
    expect(ben_).toMatchObject({
      waitingMinutes: 12,
      checkInNotes: 'Contact details changed: ask for the new mobile number or email.',
      provider: { displayName: 'Dr. Ana Ruiz, MD' },
      appointmentType: { name: 'Follow-up visit' },
    });
    expect(mine.find((item) => item.patient.id === ana.id)).toMatchObject({
      appointmentId: booked.id,
      waitingMinutes: null,
      checkedInAt: null,
    });
    expect(mine.find((item) => item.patient.id === dee.id)!.patientNoShowCount).toBe(1);

    const [read] = await auditEventsOf(orm(), clinic.id, 'appointment.arrivals.read');
    expect(read!.patientIds).toEqual(expect.arrayContaining([ana.id, ben.id, cy.id, dee.id]));
    expect(read!.patientIds).not.toContain(fay.id);

    const elsewhere = await agent('GET', `/api/locations/${annex!.id}/arrivals`);
    expect((elsewhere.json() as ArrivalsBoard).items.map((item) => item.patient.id)).toEqual([fay.id]);
  });

  it('shows another day when asked, and refuses a date that is not one', async () => {
    const gil = await patientNamed('Gil', 'Later');
    const later = DateTime.now().setZone(fixture.timeZone).plus({ days: 3 }).set({ hour: 4, minute: 0 });
    await addVisit(orm(), fixture, later.toJSDate(), { patientId: gil.id });
    const board = (
      await agent('GET', `/api/locations/${fixture.locationId}/arrivals?date=${later.toISODate()}`)
    ).json() as ArrivalsBoard;
    expect(board.items.map((item) => item.patient.id)).toContain(gil.id);
    const bad = await agent('GET', `/api/locations/${fixture.locationId}/arrivals?date=2026-02-31`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.date');
  });

  it('checks a patient in at the desk and tells live screens; a cancelled visit cannot be checked in', async () => {
    const hal = await patientNamed('Hal', 'Desk');
    const visit = await addVisit(orm(), fixture, todayAt(fixture, 4, 30), { patientId: hal.id });
    const heard: LiveEvent[] = [];
    const stop = server.events.subscribe(clinic.id, (event) => heard.push(event));
    const response = await agent('POST', `/api/appointments/${visit.id}/check-in`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'arrived', waitingMinutes: 0, checkInNotes: null });
    await vi.waitFor(() =>
      expect(heard).toContainEqual({
        type: 'appointment.changed',
        appointmentId: visit.id,
        locationId: fixture.locationId,
        change: 'arrived',
      }),
    );
    stop();
    const again = await agent('POST', `/api/appointments/${visit.id}/check-in`);
    expect(again.statusCode).toBe(409);

    const cancelled = await addVisit(orm(), fixture, todayAt(fixture, 5, 0), {
      patientId: hal.id,
      status: 'cancelled',
    });
    const refused = await agent('POST', `/api/appointments/${cancelled.id}/check-in`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('cancelled');
  });

  it('marks a visit seen with follow-up instructions the patient reads in the portal, notified by link only', async () => {
    const email = `iris.${Date.now()}@example.com`;
    const iris = await patientNamed('Iris', 'Follow', { email, preferredChannel: 'email' });
    const visit = await addVisit(orm(), fixture, todayAt(fixture, 5, 30), { patientId: iris.id });
    await agent('POST', `/api/appointments/${visit.id}/check-in`);
    const instructions = 'Take ibuprofen 400 mg with food for 5 days; come back if the swelling grows.';

    const seen = await clinician('POST', `/api/appointments/${visit.id}/seen`, { followUp: instructions });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'fulfilled', hasFollowUp: true, waitingMinutes: null });
    const [row] = await orm().select().from(appointments).where(eq(appointments.id, visit.id));
    expect(row!.fulfilledAt).not.toBeNull();
    expect(row!.followUpEncrypted).not.toContain('ibuprofen');

    const notices = (await listOutbox(orm(), testCipher(), clinic.id)).filter(
      (message) => message.purpose === 'visit-follow-up' && message.recipient === email,
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain(`/portal/appointments/${visit.id}?clinic=${clinic.slug}`);
    expect(notices[0]!.body).not.toContain('ibuprofen');
    expect(notices[0]!.subject).toContain('instructions after your visit');

    const patient = callAs(server, await signedInPortalUser(server, clinic, email));
    const inPortal = await patient('GET', `/api/portal/appointments/${visit.id}`);
    expect(inPortal.statusCode).toBe(200);
    expect((inPortal.json() as Appointment).followUp).toBe(instructions);

    const [event] = await auditEventsOf(orm(), clinic.id, 'appointment.seen');
    expect(event).toMatchObject({ actorRole: 'clinician', patientIds: [iris.id] });
  });

  it('marks a visit seen without instructions and sends nothing; billing may not mark visits seen', async () => {
    const jo = await patientNamed('Jo', 'Quiet', { email: 'jo.quiet@example.com' });
    const visit = await addVisit(orm(), fixture, todayAt(fixture, 6, 0), { patientId: jo.id });
    expect((await billing('POST', `/api/appointments/${visit.id}/seen`, {})).statusCode).toBe(403);
    const seen = await agent('POST', `/api/appointments/${visit.id}/seen`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'fulfilled', hasFollowUp: false });
    const notices = (await listOutbox(orm(), testCipher(), clinic.id)).filter(
      (message) => message.purpose === 'visit-follow-up' && message.recipient === 'jo.quiet@example.com',
    );
    expect(notices).toEqual([]);
  });

  it('marks a no-show by hand only once the visit has started', async () => {
    const kim = await patientNamed('Kim', 'Absent');
    const provider = await addProvider(orm(), fixture, 'Absentee');
    const started = await addVisit(orm(), fixture, new Date(Date.now() - 20 * minute), {
      patientId: kim.id,
      providerId: provider.id,
    });
    const ahead = await addVisit(orm(), fixture, new Date(Date.now() + 6 * 60 * minute), {
      patientId: kim.id,
      providerId: provider.id,
    });
    const early = await agent('POST', `/api/appointments/${ahead.id}/no-show`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('has not started yet');
    const missed = await agent('POST', `/api/appointments/${started.id}/no-show`);
    expect(missed.statusCode).toBe(200);
    expect(missed.json()).toMatchObject({ status: 'noshow', patientNoShowCount: 1 });
    const [row] = await orm().select().from(appointments).where(eq(appointments.id, started.id));
    expect(row!.noshowAt).not.toBeNull();
  });

  it("counts no-shows per kind of visit and per patient, and on the patient's appointment summary", async () => {
    const lee = await patientNamed('Lee', 'Often');
    const max = await patientNamed('Max', 'Once');
    const tenDaysAgo = DateTime.now()
      .setZone(fixture.timeZone)
      .minus({ days: 10 })
      .set({ hour: 9, minute: 0 });
    const at = (days: number, hour: number) => tenDaysAgo.plus({ days }).set({ hour }).toJSDate();
    const followUp = fixture.types.followUp.id;
    const newPatient = fixture.types.newPatient.id;
    await addVisit(orm(), fixture, at(0, 9), { patientId: lee.id, status: 'noshow', typeId: followUp });
    await addVisit(orm(), fixture, at(1, 9), { patientId: lee.id, status: 'noshow', typeId: followUp });
    await addVisit(orm(), fixture, at(2, 9), { patientId: lee.id, status: 'fulfilled', typeId: followUp });
    await addVisit(orm(), fixture, at(2, 10), { patientId: max.id, status: 'noshow', typeId: newPatient });
    await addVisit(orm(), fixture, at(2, 11), { patientId: max.id, status: 'fulfilled', typeId: newPatient });
    await addVisit(orm(), fixture, at(3, 9), { patientId: max.id, status: 'cancelled', typeId: newPatient });
    for (const row of await orm().select().from(appointments).where(eq(appointments.status, 'noshow')))
      if (!row.noshowAt)
        await orm()
          .update(appointments)
          .set({ noshowAt: new Date(row.startsAt.getTime() + 20 * minute) })
          .where(eq(appointments.id, row.id));

    const from = tenDaysAgo.toISODate();
    const to = tenDaysAgo.plus({ days: 3 }).toISODate();
    const response = await supervisor('GET', `/api/scheduling/no-shows?from=${from}&to=${to}`);
    expect(response.statusCode).toBe(200);
    const report = response.json() as NoShowReport;
    expect(report.byAppointmentType).toEqual([
      {
        appointmentType: { id: followUp, name: 'Follow-up visit' },
        booked: 3,
        noShows: 2,
        rate: 0.667,
      },
      {
        appointmentType: { id: newPatient, name: 'New patient visit' },
        booked: 2,
        noShows: 1,
        rate: 0.5,
      },
    ]);
    expect(report.totals).toEqual({ booked: 5, noShows: 3, rate: 0.6 });
    expect(report.repeatPatients.map((row) => [row.patient.displayName, row.noShows])).toEqual([
      ['Lee Often', 2],
    ]);

    const summary = await agent('GET', `/api/patients/${lee.id}/appointment-summary`);
    expect(summary.json()).toMatchObject({
      patientId: lee.id,
      noShowCount: 2,
      fulfilledCount: 1,
      cancelledCount: 0,
    });
    const maxSummary = await agent('GET', `/api/patients/${max.id}/appointment-summary`);
    expect(maxSummary.json()).toMatchObject({ noShowCount: 1, fulfilledCount: 1, cancelledCount: 1 });

    const backwards = await supervisor('GET', `/api/scheduling/no-shows?from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details[0].field).toBe('query.from');
    expect((await agent('GET', '/api/scheduling/no-shows')).statusCode).toBe(403);
  });
});
