import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { proxies, proxyAuthorizations } from '../patients/schema.ts';
import {
  addPatient,
  auditEventsOf,
  callAs,
  signedInPortalUser,
  signedInStaff,
} from '../patients/test-fixtures.ts';
import { refreshFreeTime } from './free-time.ts';
import { appointmentTypes, providerAppointmentTypes, scheduleExceptions } from './schema.ts';
import { createSchedulingFixture, nextWorkdayAt, type SchedulingFixture } from './test-fixtures.ts';

describe('booking through the API', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  let maria: ReturnType<typeof callAs>;
  let tom: ReturnType<typeof callAs>;
  let rosa: ReturnType<typeof callAs>;
  let agent: ReturnType<typeof callAs>;
  let tomId: string;
  let childId: string;
  let staffOnlyTypeId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Hillside Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    const tomRow = await addPatient(orm, clinic.id, {
      givenName: 'Tom',
      familyName: 'Hale',
      email: 'tom@example.com',
    });
    tomId = tomRow.id;
    childId = (
      await addPatient(orm, clinic.id, {
        givenName: 'Lia',
        familyName: 'Stone',
        birthDate: `${new Date().getFullYear() - 6}-05-01`,
      })
    ).id;
    const [parent] = await orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Rosa',
        familyName: 'Stone',
        email: 'rosa@example.com',
      })
      .returning();
    // Rosa may see the child's records but not book for her.
    await orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: parent!.id,
      patientId: childId,
      relationship: 'parent',
      scopes: ['records'],
    });
    const [staffOnly] = await orm
      .insert(appointmentTypes)
      .values({
        organizationId: clinic.id,
        code: 'procedure',
        name: 'Procedure',
        durationMinutes: 60,
        bookableOnline: false,
      })
      .returning();
    staffOnlyTypeId = staffOnly!.id;
    await orm.insert(providerAppointmentTypes).values({
      organizationId: clinic.id,
      providerId: fixture.providerId,
      appointmentTypeId: staffOnlyTypeId,
    });
    const mariaEmail = (
      await test.database.query<{ email: string }>('select email from patients where id = $1', [
        fixture.patientId,
      ])
    ).rows[0]!.email;
    maria = callAs(server, await signedInPortalUser(server, clinic, mariaEmail));
    tom = callAs(server, await signedInPortalUser(server, clinic, 'tom@example.com'));
    rosa = callAs(server, await signedInPortalUser(server, clinic, 'rosa@example.com'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const holdBody = (startsAt: Date, patientId = fixture.patientId, typeId = fixture.types.followUp.id) => ({
    patientId,
    providerId: fixture.providerId,
    locationId: fixture.locationId,
    appointmentTypeId: typeId,
    startsAt: startsAt.toISOString(),
  });

  it('finds providers without signing in, by insurance and language, with their next free times', async () => {
    const found = await server.app.inject({
      method: 'GET',
      url: `/api/providers/search?clinic=${clinic.slug}&insurance=Medicare&language=es&withinDays=14`,
    });
    expect(found.statusCode).toBe(200);
    const [hit] = found.json().items;
    expect(hit.provider.displayName).toBe('Dr. Ana Ruiz, MD');
    expect(hit.nextFreeTimes).toHaveLength(3);
    // Without a kind of visit, the shortest one patients may book online is used.
    expect(hit.appointmentType.name).toBe('Follow-up visit');
    const none = await server.app.inject({
      method: 'GET',
      url: `/api/providers/search?clinic=${clinic.slug}&insurance=cigna`,
    });
    expect(none.json().items).toEqual([]);
  });

  it('says what is wrong with a search, and which clinic is meant', async () => {
    const noClinic = await server.app.inject({ method: 'GET', url: '/api/providers/search?language=es' });
    expect(noClinic.statusCode).toBe(400);
    expect(noClinic.json().error.details).toEqual([expect.objectContaining({ field: 'query.clinic' })]);
    const unknown = await server.app.inject({ method: 'GET', url: '/api/providers/search?clinic=nowhere' });
    expect(unknown.statusCode).toBe(404);
    const badLanguage = await server.app.inject({
      method: 'GET',
      url: `/api/providers/search?clinic=${clinic.slug}&language=Spanish`,
    });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().error.details[0].field).toBe('query.language');
    const staffOnly = await server.app.inject({
      method: 'GET',
      url: `/api/providers/search?clinic=${clinic.slug}&appointmentType=procedure`,
    });
    expect(staffOnly.statusCode).toBe(400);
    expect(staffOnly.json().error.message).toMatch(/booked by the clinic's staff/);
  });

  it('lets a patient hold, confirm, see, move and cancel their own appointment, each step audited', async () => {
    const startsAt = nextWorkdayAt(fixture, 10, 0);
    const held = await maria('POST', '/api/portal/appointments/holds', holdBody(startsAt));
    expect(held.statusCode).toBe(201);
    expect(held.json()).toMatchObject({ status: 'held', startsAt: startsAt.toISOString() });
    expect(new Date(held.json().holdExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const id = held.json().id;
    const confirmed = await maria('POST', `/api/portal/appointments/${id}/confirm`, {
      reason: 'Blood pressure check',
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'booked',
      reason: 'Blood pressure check',
      canCancel: true,
      // Where the confirmation went, as sent: her mobile number, most of it hidden.
      confirmation: { status: 'sent', channel: 'sms', to: '•••• 0123' },
    });
    const upcoming = await maria('GET', `/api/portal/patients/${fixture.patientId}/appointments`);
    expect(upcoming.json().items.map((item: { id: string }) => item.id)).toEqual([id]);

    const later = new Date(startsAt.getTime() + 60 * 60_000);
    const moved = await maria('POST', `/api/portal/appointments/${id}/reschedule`, {
      startsAt: later.toISOString(),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      status: 'booked',
      startsAt: later.toISOString(),
      rescheduledFromId: id,
      confirmation: { status: 'sent', channel: 'sms', to: '•••• 0123' },
    });
    const cancelled = await maria('POST', `/api/portal/appointments/${moved.json().id}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancellationReason: 'patient' });
    // The visit that was moved lives on as its new one: the patient sees one cancelled visit.
    const all = await maria('GET', `/api/portal/patients/${fixture.patientId}/appointments?when=all`);
    expect(all.json().items.map((item: { id: string }) => item.id)).toEqual([moved.json().id]);

    for (const action of [
      'appointment.hold',
      'appointment.book',
      'appointment.reschedule',
      'appointment.cancel',
    ])
      expect((await auditEventsOf(test.database.orm, clinic.id, action)).length).toBeGreaterThan(0);
  });

  it('tells the second patient at once that the time was just taken, with the next free times', async () => {
    const startsAt = nextWorkdayAt(fixture, 11, 0);
    expect((await maria('POST', '/api/portal/appointments/holds', holdBody(startsAt))).statusCode).toBe(201);
    const lost = await tom('POST', '/api/portal/appointments/holds', holdBody(startsAt, tomId));
    expect(lost.statusCode).toBe(409);
    expect(lost.json().error.code).toBe('time_taken');
    expect(lost.json().error.nextFreeTimes).toHaveLength(3);
    expect(lost.json().error.nextFreeTimes[0].startsAt > startsAt.toISOString()).toBe(true);
  });

  it('refuses to book for a patient one does not act for, or without the scheduling scope', async () => {
    const startsAt = nextWorkdayAt(fixture, 14, 0);
    const forSomeoneElse = await tom(
      'POST',
      '/api/portal/appointments/holds',
      holdBody(startsAt, fixture.patientId),
    );
    expect(forSomeoneElse.statusCode).toBe(403);
    const noScope = await rosa('POST', '/api/portal/appointments/holds', holdBody(startsAt, childId));
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error.message).toMatch(/scheduling/);
    const list = await rosa('GET', `/api/portal/patients/${childId}/appointments`);
    expect(list.statusCode).toBe(403);
  });

  it('keeps staff-only visits and the booking notice to staff', async () => {
    const staffOnly = await tom(
      'POST',
      '/api/portal/appointments/holds',
      holdBody(nextWorkdayAt(fixture, 15, 0), tomId, staffOnlyTypeId),
    );
    expect(staffOnly.statusCode).toBe(400);
    expect(staffOnly.json().error.details[0].field).toBe('body.appointmentTypeId');
    const tooSoon = await tom(
      'POST',
      '/api/portal/appointments/holds',
      holdBody(new Date(Date.now() + 30 * 60_000), tomId),
    );
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().error.details[0].field).toBe('body.startsAt');

    const byAgent = await agent(
      'POST',
      '/api/appointments/holds',
      holdBody(nextWorkdayAt(fixture, 15, 0), tomId, staffOnlyTypeId),
    );
    expect(byAgent.statusCode).toBe(201);
    const booked = await agent('POST', `/api/appointments/${byAgent.json().id}/confirm`, {
      reason: 'Mole removal',
    });
    expect(booked.json()).toMatchObject({ status: 'booked', reason: 'Mole removal' });
    // The patient sees it, days away, and may still cancel it online.
    const seen = await tom('GET', `/api/portal/appointments/${booked.json().id}`);
    expect(seen.json()).toMatchObject({ status: 'booked', canCancel: true, reason: 'Mole removal' });
  });

  it('answers a patient who cancels inside the cut-off to call the clinic, and changes nothing', async () => {
    // Extra hours from two to five hours from now, so a visit three hours ahead can be booked.
    const quarter = 15 * 60_000;
    const from = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / quarter) * quarter);
    const until = new Date(from.getTime() + 3 * 3_600_000);
    await test.database.orm.insert(scheduleExceptions).values({
      organizationId: clinic.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      kind: 'extra-hours',
      startsAt: from,
      endsAt: until,
    });
    await refreshFreeTime(test.database.orm, fixture.providerId, from, until);
    const soon = new Date(from.getTime() + 3_600_000);
    const byAgent = await agent('POST', '/api/appointments/holds', holdBody(soon, tomId));
    expect(byAgent.statusCode).toBe(201);
    const booked = await agent('POST', `/api/appointments/${byAgent.json().id}/confirm`, {});
    const refused = await tom('POST', `/api/portal/appointments/${booked.json().id}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/call the clinic/);
    expect((await tom('GET', `/api/portal/appointments/${booked.json().id}`)).json().status).toBe('booked');
  });

  it('does not let a checked-in patient cancel online: they stay on the front desk’s board', async () => {
    const startsAt = nextWorkdayAt(fixture, 10, 15, new Date(Date.now() + 28 * 86_400_000));
    const held = await agent('POST', '/api/appointments/holds', holdBody(startsAt, tomId));
    expect(held.statusCode).toBe(201);
    const id = held.json().id;
    expect((await agent('POST', `/api/appointments/${id}/confirm`, {})).statusCode).toBe(200);
    expect((await agent('POST', `/api/appointments/${id}/check-in`)).statusCode).toBe(200);
    const refused = await tom('POST', `/api/portal/appointments/${id}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/front desk/);
    expect((await tom('GET', `/api/portal/appointments/${id}`)).json().status).toBe('arrived');
  });

  it("never shows one organisation's appointments to another's staff", async () => {
    const other = await createTestClinic(test.database.orm, 'Elsewhere');
    const stranger = callAs(server, await signedInStaff(server, other.id, 'agent'));
    const mine = await maria('GET', `/api/portal/patients/${fixture.patientId}/appointments?when=all`);
    const anyId = mine.json().items[0].id;
    expect((await stranger('GET', `/api/appointments/${anyId}`)).statusCode).toBe(404);
    expect((await stranger('POST', `/api/appointments/${anyId}/cancel`, {})).statusCode).toBe(404);
  });
});
