import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import type { Organization } from '../../organizations/service.ts';
import { listOutbox } from '../../outbox/service.ts';
import { proxies, proxyAuthorizations } from '../../patients/schema.ts';
import {
  addPatient,
  auditEventsOf,
  callAs,
  signedInPortalUser,
  signedInStaff,
} from '../../patients/test-fixtures.ts';
import { cancelAppointmentRow } from '../booking.ts';
import { appointments, appointmentTypes, providerAppointmentTypes, waitlistOffers } from '../schema.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';
import { expireWaitlistOffersJob } from './jobs.ts';

const minute = 60_000;

describe('the waitlist through the API, and the offer page', () => {
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
  const deps = () => ({ ...testSchedulingDependencies(), cipher: server.cipher });

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Riverside Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    tomId = (
      await addPatient(orm, clinic.id, {
        givenName: 'Tom',
        familyName: 'Hale',
        email: 'tom@example.com',
        phone: '+12125550188',
        preferredLanguage: 'es',
      })
    ).id;
    childId = (
      await addPatient(orm, clinic.id, { givenName: 'Lia', familyName: 'Stone', birthDate: '2019-05-01' })
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
    // Rosa may read the child's records, not book for her.
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

  const join = (overrides: Record<string, unknown> = {}) => ({
    patientId: fixture.patientId,
    providerId: fixture.providerId,
    appointmentTypeId: fixture.types.followUp.id,
    weekdays: [1, 2, 3, 4, 5],
    earliestTime: '08:00',
    latestTime: '12:00',
    ...overrides,
  });
  const fieldsOf = (response: { json(): unknown }) =>
    ((response.json() as { error: { details: { field: string }[] } }).error.details ?? []).map(
      (detail) => detail.field,
    );

  it('lets a patient join for themselves, see the entry and leave it; the join is audited', async () => {
    const joined = await maria('POST', '/api/portal/waitlist', join());
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({
      status: 'waiting',
      provider: { id: fixture.providerId, displayName: 'Dr. Ana Ruiz, MD' },
      appointmentType: { name: 'Follow-up visit' },
      weekdays: [1, 2, 3, 4, 5],
      earliestTime: '08:00',
      latestTime: '12:00',
      createdBy: 'patient',
      lastOffer: null,
    });
    const listed = await maria('GET', `/api/portal/patients/${fixture.patientId}/waitlist`);
    expect(listed.json().items.map((entry: { id: string }) => entry.id)).toEqual([joined.json().id]);
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'waitlist.join');
    expect(event).toMatchObject({
      outcome: 'allowed',
      patientIds: [fixture.patientId],
      resourceId: joined.json().id,
    });

    expect((await maria('POST', '/api/portal/waitlist', join())).statusCode).toBe(409);
    const left = await maria('POST', `/api/portal/waitlist/${joined.json().id}/withdraw`);
    expect(left.json().status).toBe('withdrawn');
    expect((await maria('POST', `/api/portal/waitlist/${joined.json().id}/withdraw`)).statusCode).toBe(409);
  });

  it('refuses another patient, and a proxy without the scheduling scope', async () => {
    expect((await tom('POST', '/api/portal/waitlist', join())).statusCode).toBe(403);
    expect((await tom('GET', `/api/portal/patients/${fixture.patientId}/waitlist`)).statusCode).toBe(403);
    const own = await maria('POST', '/api/portal/waitlist', join({ latestTime: '11:00' }));
    expect((await tom('POST', `/api/portal/waitlist/${own.json().id}/withdraw`)).statusCode).toBe(403);
    expect((await rosa('POST', '/api/portal/waitlist', join({ patientId: childId }))).statusCode).toBe(403);
    expect((await rosa('GET', `/api/portal/patients/${childId}/waitlist`)).statusCode).toBe(403);
    const [denied] = await auditEventsOf(test.database.orm, clinic.id, 'portal.appointments.book');
    expect(denied).toMatchObject({ outcome: 'denied' });
    await maria('POST', `/api/portal/waitlist/${own.json().id}/withdraw`);
  });

  it('names the field at fault for what cannot be waited for', async () => {
    const cases: [Record<string, unknown>, string, number][] = [
      [{ providerId: undefined }, 'body.providerId', 400],
      [{ specialty: 'Family medicine' }, 'body.specialty', 400],
      [{ earliestTime: '12:00', latestTime: '09:00' }, 'body.latestTime', 400],
      [{ earliestTime: '9am' }, 'body.earliestTime', 400],
      [{ weekdays: [] }, 'body.weekdays', 400],
      [{ weekdays: [8] }, 'body.weekdays.0', 400],
      [{ appointmentTypeId: staffOnlyTypeId }, 'body.appointmentTypeId', 400],
      [{ providerId: undefined, specialty: 'Cardiology' }, 'body.specialty', 400],
      [{ availableUntil: '2020-01-01' }, 'body.availableUntil', 400],
      [{ availableFrom: '2030-02-01', availableUntil: '2030-01-01' }, 'body.availableUntil', 400],
      [{ locationId: '00000000-0000-4000-8000-000000000000' }, 'body.locationId', 400],
    ];
    for (const [overrides, field, status] of cases) {
      const response = await maria('POST', '/api/portal/waitlist', join(overrides));
      expect({ overrides, status: response.statusCode, fields: fieldsOf(response) }).toEqual({
        overrides,
        status,
        fields: expect.arrayContaining([field]),
      });
    }
    // Another patient's appointment, or another kind of visit, cannot be moved earlier.
    const tomsVisit = await bookTestAppointment(test.database.orm, fixture, nextWorkdayAt(fixture, 16, 0), {
      patientId: tomId,
    });
    const notHers = await maria('POST', '/api/portal/waitlist', join({ currentAppointmentId: tomsVisit.id }));
    expect(fieldsOf(notHers)).toEqual(['body.currentAppointmentId']);
    const mariasVisit = await bookTestAppointment(test.database.orm, fixture, nextWorkdayAt(fixture, 16, 30));
    const otherKind = await maria(
      'POST',
      '/api/portal/waitlist',
      join({ currentAppointmentId: mariasVisit.id, appointmentTypeId: fixture.types.video.id }),
    );
    expect(fieldsOf(otherKind)).toEqual(['body.appointmentTypeId']);
    // Staff may put a patient on the waitlist for a visit only staff book.
    const byStaff = await agent('POST', '/api/waitlist', join({ appointmentTypeId: staffOnlyTypeId }));
    expect(byStaff.statusCode).toBe(201);
    expect(byStaff.json().createdBy).toBe('staff');
  });

  it("shows the front desk a provider's waitlist in the order offers go out", async () => {
    const first = await agent(
      'POST',
      '/api/waitlist',
      join({ patientId: tomId, providerId: undefined, specialty: 'family medicine' }),
    );
    const second = await maria('POST', '/api/portal/waitlist', join({ latestTime: '17:00' }));
    const list = await agent('GET', `/api/waitlist?providerId=${fixture.providerId}`);
    const ids = list.json().items.map((entry: { id: string }) => entry.id);
    expect(ids.indexOf(first.json().id)).toBeLessThan(ids.indexOf(second.json().id));
    expect(list.json().items.find((entry: { id: string }) => entry.id === first.json().id)).toMatchObject({
      provider: null,
      specialty: 'family medicine',
      patient: { displayName: 'Tom Hale' },
    });
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'waitlist.list');
    expect(event!.patientIds).toEqual(expect.arrayContaining([tomId, fixture.patientId]));
    await agent('POST', `/api/waitlist/${first.json().id}/withdraw`);
    await agent('POST', `/api/waitlist/${second.json().id}/withdraw`);
  });

  it('sends an offer that opens a page in the patient’s language, where accepting books the time', async () => {
    const orm = test.database.orm;
    const day = nextWorkdayAt(fixture, 9, 0, new Date(Date.now() + 10 * 24 * 60 * minute));
    const tomJoins = await agent(
      'POST',
      '/api/waitlist',
      join({ patientId: tomId, earliestTime: '09:00', latestTime: '09:30' }),
    );
    expect(tomJoins.statusCode).toBe(201);
    const neighbour = await addPatient(orm, clinic.id, { givenName: 'Ned', familyName: 'Bour' });
    await bookTestAppointment(orm, fixture, new Date(day.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    const leaving = await addPatient(orm, clinic.id, { givenName: 'Lee', familyName: 'Ving' });
    const visit = await bookTestAppointment(orm, fixture, day, { patientId: leaving.id });
    await cancelAppointmentRow(orm, deps(), visit, 'patient');

    const sent = (await listOutbox(orm, server.cipher, clinic.id, 500)).find(
      (message) => message.purpose === 'waitlist-offer' && message.recipient === '+12125550188',
    );
    expect(sent!.body).toContain('se liberó una cita');
    const token = /\/offers\/([A-Za-z0-9_-]{43})/.exec(sent!.body)![1]!;

    const page = await server.app.inject({ method: 'GET', url: `/offers/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Dr. Ana Ruiz, MD');
    expect(page.body).toContain('Aceptar esta hora');
    expect(page.body).not.toContain('Tom');

    const answer = await server.app.inject({
      method: 'POST',
      url: `/offers/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'answer=accept',
    });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe(`/offers/${token}`);
    const after = await server.app.inject({ method: 'GET', url: `/offers/${token}` });
    expect(after.body).toContain('Cita reservada');
    const [booked] = await orm
      .select()
      .from(appointments)
      .where(eq(appointments.bookedById, tomJoins.json().id));
    expect(booked).toMatchObject({
      patientId: tomId,
      startsAt: day,
      status: 'booked',
      bookedByType: 'waitlist',
    });
    const tomsList = await agent('GET', `/api/patients/${tomId}/waitlist`);
    expect(tomsList.json().items[0]).toMatchObject({ status: 'booked', bookedAppointmentId: booked!.id });
    const [accepted] = await auditEventsOf(orm, clinic.id, 'waitlist.offer.accept');
    expect(accepted).toMatchObject({ actorType: 'patient', actorId: tomId, patientIds: [tomId] });

    const unknown = await server.app.inject({ method: 'GET', url: `/offers/${'x'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This link does not work');
  });

  it("lets a parent with the scheduling scope wait for their child, and sends the child's offers to the parent", async () => {
    const orm = test.database.orm;
    const kimId = (
      await addPatient(orm, clinic.id, { givenName: 'Kim', familyName: 'Diaz', birthDate: '2018-03-03' })
    ).id;
    const [paz] = await orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Paz',
        familyName: 'Diaz',
        email: 'paz@example.com',
        phone: '+12125550177',
      })
      .returning();
    await orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: paz!.id,
      patientId: kimId,
      relationship: 'parent',
      scopes: ['scheduling'],
    });
    const parent = callAs(server, await signedInPortalUser(server, clinic, 'paz@example.com'));
    const day = nextWorkdayAt(fixture, 11, 0, new Date(Date.now() + 11 * 24 * 60 * minute));
    const joined = await parent(
      'POST',
      '/api/portal/waitlist',
      join({ patientId: kimId, earliestTime: '11:00', latestTime: '11:15' }),
    );
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ createdBy: 'proxy', patient: { id: kimId } });
    expect((await parent('GET', `/api/portal/patients/${kimId}/waitlist`)).json().items).toHaveLength(1);

    const neighbour = await addPatient(orm, clinic.id, { givenName: 'Ona', familyName: 'Bour' });
    await bookTestAppointment(orm, fixture, new Date(day.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    const leaving = await addPatient(orm, clinic.id, { givenName: 'Ida', familyName: 'Ving' });
    const visit = await bookTestAppointment(orm, fixture, day, { patientId: leaving.id });
    await cancelAppointmentRow(orm, deps(), visit, 'patient');
    const sent = (await listOutbox(orm, server.cipher, clinic.id, 500)).find(
      (message) => message.purpose === 'waitlist-offer' && message.recipient === '+12125550177',
    );
    const token = /\/offers\/([A-Za-z0-9_-]{43})/.exec(sent!.body)![1]!;
    await server.app.inject({ method: 'GET', url: `/offers/${token}` });
    const [read] = await auditEventsOf(orm, clinic.id, 'waitlist.offer.read');
    expect(read).toMatchObject({ actorType: 'proxy', actorId: paz!.id, onBehalfOfPatientId: kimId });
    await parent('POST', `/api/portal/waitlist/${joined.json().id}/withdraw`);
  });

  it('lets the minute job expire an unanswered offer and pass the time on', async () => {
    const orm = test.database.orm;
    const day = nextWorkdayAt(fixture, 10, 0, new Date(Date.now() + 12 * 24 * 60 * minute));
    const neighbour = await addPatient(orm, clinic.id, { givenName: 'Nia', familyName: 'Bour' });
    await bookTestAppointment(orm, fixture, new Date(day.getTime() + 15 * minute), {
      patientId: neighbour.id,
    });
    const first = await maria(
      'POST',
      '/api/portal/waitlist',
      join({ earliestTime: '10:00', latestTime: '10:15' }),
    );
    const second = await agent(
      'POST',
      '/api/waitlist',
      join({ patientId: tomId, earliestTime: '10:00', latestTime: '10:15' }),
    );
    await test.database.query(
      'insert into scheduling_settings (organization_id, waitlist_offers_at_once) values ($1, 1)',
      [clinic.id],
    );
    const leaving = await addPatient(orm, clinic.id, { givenName: 'Val', familyName: 'Ving' });
    const visit = await bookTestAppointment(orm, fixture, day, { patientId: leaving.id });
    await cancelAppointmentRow(orm, deps(), visit, 'patient');
    const offersOf = (entryId: string) =>
      orm.select().from(waitlistOffers).where(eq(waitlistOffers.entryId, entryId));
    expect((await offersOf(first.json().id)).map((offer) => offer.status)).toEqual(['open']);
    expect(await offersOf(second.json().id)).toEqual([]);

    const result = await expireWaitlistOffersJob.run(
      { now: new Date(Date.now() + 61 * minute).toISOString() },
      {
        database: server.database,
        logger: server.logger,
        events: server.events,
        services: { config: testConfig(), cipher: server.cipher, channels: deps().channels },
      },
    );
    expect(result).toMatchObject({ offersExpired: 1, offersMade: 1 });
    expect((await offersOf(first.json().id)).map((offer) => offer.status)).toEqual(['expired']);
    expect((await offersOf(second.json().id)).map((offer) => offer.status)).toEqual(['open']);
  });
});
