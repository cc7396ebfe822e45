import type { PatientAppointmentSummary } from '@patientdesk/contracts';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { locations } from '../../organizations/schema.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from '../../patients/test-fixtures.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';
import { addVisit } from './test-fixtures.ts';

/** The record page's "missed visits in the last 12 months": the summary's dates and kinds of visit. */
describe("a patient's missed visits on the appointment summary", () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: { id: string; slug: string };
  let fixture: SchedulingFixture;
  let agent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Hillside Clinic');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const orm = () => test.database.orm;

  it('lists the visits missed since this day a year ago, latest first, each with its kind and its location’s zone', async () => {
    const [coast] = await orm()
      .insert(locations)
      .values({ organizationId: clinic.id, name: 'Coast office', timeZone: 'America/Los_Angeles' })
      .returning();
    const patient = await addPatient(orm(), clinic.id, { givenName: 'Nora', familyName: 'Absent' });
    const today = DateTime.now().setZone(fixture.timeZone).startOf('day');
    const since = today.minus({ months: 12 });
    const visit = (at: DateTime, options: Parameters<typeof addVisit>[3] = {}) =>
      addVisit(orm(), fixture, at.toJSDate(), { patientId: patient.id, ...options });

    const twoMonthsAgo = await visit(today.minus({ months: 2 }).set({ hour: 10 }), {
      status: 'noshow',
      locationId: coast!.id,
    });
    const firstDayCounted = await visit(since.set({ hour: 9 }), {
      status: 'noshow',
      typeId: fixture.types.newPatient.id,
    });
    // The evening before the first day counted: more than a year ago, only in the all-time count.
    await visit(since.minus({ hours: 3 }), { status: 'noshow' });
    await visit(today.minus({ months: 1 }).set({ hour: 11 }), { status: 'fulfilled' });
    await visit(today.minus({ months: 3 }).set({ hour: 11 }), { status: 'cancelled' });

    const response = await agent('GET', `/api/patients/${patient.id}/appointment-summary`);
    expect(response.statusCode).toBe(200);
    const summary = response.json() as PatientAppointmentSummary;
    expect(summary).toMatchObject({ noShowCount: 3, fulfilledCount: 1, cancelledCount: 1 });
    expect(summary.recentNoShows).toEqual({
      since: since.toISODate(),
      count: 2,
      visits: [
        {
          appointmentId: twoMonthsAgo.id,
          startsAt: twoMonthsAgo.startsAt.toISOString(),
          timeZone: 'America/Los_Angeles',
          appointmentType: { id: fixture.types.followUp.id, name: fixture.types.followUp.name },
        },
        {
          appointmentId: firstDayCounted.id,
          startsAt: firstDayCounted.startsAt.toISOString(),
          timeZone: fixture.timeZone,
          appointmentType: { id: fixture.types.newPatient.id, name: fixture.types.newPatient.name },
        },
      ],
    });
    const [read] = await auditEventsOf(orm(), clinic.id, 'appointment.summary');
    expect(read).toMatchObject({ patientIds: [patient.id], outcome: 'allowed' });
  });

  it('shows an empty list for a patient who never missed a visit', async () => {
    const patient = await addPatient(orm(), clinic.id, { givenName: 'Otto', familyName: 'Punctual' });
    const summary = (
      await agent('GET', `/api/patients/${patient.id}/appointment-summary`)
    ).json() as PatientAppointmentSummary;
    expect(summary.noShowCount).toBe(0);
    expect(summary.recentNoShows).toMatchObject({ count: 0, visits: [] });
  });

  it("refuses roles that do not read records, and another clinic's staff never see the patient", async () => {
    const patient = await addPatient(orm(), clinic.id, { givenName: 'Pia', familyName: 'Private' });
    await addVisit(orm(), fixture, DateTime.now().minus({ days: 3 }).toJSDate(), {
      patientId: patient.id,
      status: 'noshow',
    });
    const compliance = callAs(server, await signedInStaff(server, clinic.id, 'compliance'));
    expect((await compliance('GET', `/api/patients/${patient.id}/appointment-summary`)).statusCode).toBe(403);

    const elsewhere = await createTestClinic(orm(), 'Other Clinic');
    const stranger = callAs(server, await signedInStaff(server, elsewhere.id, 'agent'));
    const answer = await stranger('GET', `/api/patients/${patient.id}/appointment-summary`);
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).not.toHaveProperty('recentNoShows');

    const malformed = await agent('GET', '/api/patients/not-an-id/appointment-summary');
    expect(malformed.statusCode).toBe(400);
  });
});
