import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { createApiToken } from '../identity/api-tokens.ts';
import { addPatient, auditEventsOf } from '../patients/test-fixtures.ts';
import { bookAppointment, cancelAppointmentRow } from '../scheduling/booking.ts';
import { appointments, providerLocations } from '../scheduling/schema.ts';
import {
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../scheduling/test-fixtures.ts';
import type { StaffRole } from '../staff/schema.ts';
import { readSlotId } from './slot-id.ts';
import { assertValidFhir } from './test-schema.ts';

/**
 * Free slots and appointments over FHIR, as a FHIR scheduling client uses them: find free slots
 * of a schedule, book one with POST Appointment, read and search appointments. Every answer is
 * checked against HL7's FHIR R4 schema.
 */

interface Resource extends Record<string, unknown> {
  resourceType: string;
  id: string;
}
interface Bundle {
  total: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl?: string; resource: Resource; search: { mode: string } }[];
}

describe('FHIR slots and appointments', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let fixture: SchedulingFixture;
  let scheduleId: string;
  let tokens: Record<string, string>;
  let otherToken: string;
  let otherPatientId: string;
  const deps = testSchedulingDependencies();

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Slot Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    const [role] = await orm
      .select({ id: providerLocations.id })
      .from(providerLocations)
      .where(eq(providerLocations.providerId, fixture.providerId));
    scheduleId = role!.id;
    tokens = {};
    for (const role of ['scheduler', 'agent', 'admin'] as StaffRole[]) {
      const member = await createTestStaff(orm, clinic.id, role);
      tokens[role] = (
        await createApiToken(orm, {
          organizationId: clinic.id,
          staffMemberId: member.id,
          name: role,
          expiresAt: null,
        })
      ).token;
    }
    const other = await createTestClinic(orm, 'Other Clinic');
    const outsider = await createTestStaff(orm, other.id, 'scheduler');
    otherToken = (
      await createApiToken(orm, {
        organizationId: other.id,
        staffMemberId: outsider.id,
        name: 'x',
        expiresAt: null,
      })
    ).token;
    otherPatientId = (await addPatient(orm, other.id, { givenName: 'Olga', familyName: 'Other' })).id;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  async function call(method: 'GET' | 'POST', url: string, payload?: unknown, token = tokens.scheduler!) {
    const response = await server.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/fhir+json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    const body = response.body ? response.json() : undefined;
    if (body) assertValidFhir(body);
    return { status: response.statusCode, headers: response.headers, body };
  }
  const search = async (url: string, token?: string) => {
    const response = await call('GET', url, undefined, token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as Bundle;
  };
  const matches = (bundle: Bundle) =>
    (bundle.entry ?? []).filter((entry) => entry.search.mode === 'match').map((entry) => entry.resource);
  /** A weekday at least two days ahead, as the local day's query bounds. */
  const dayQuery = (offsetDays = 0) => {
    const day = DateTime.fromJSDate(nextWorkdayAt(fixture, 0, 0), { zone: fixture.timeZone }).plus({
      days: offsetDays,
    });
    let workday = day;
    while (workday.weekday > 5) workday = workday.plus({ days: 1 });
    return {
      day: workday,
      query: `start=ge${workday.toISODate()}&start=lt${workday.plus({ days: 1 }).toISODate()}`,
    };
  };
  const localTime = (iso: unknown) =>
    DateTime.fromISO(String(iso), { zone: fixture.timeZone }).toFormat('HH:mm');
  const appointment = (
    slotReference: string,
    patientId = fixture.patientId,
    extra: Record<string, unknown> = {},
  ) => ({
    resourceType: 'Appointment',
    status: 'booked',
    slot: [{ reference: slotReference }],
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
    ...extra,
  });

  it("lists a schedule's free slots for a day per kind of visit, as the working hours allow", async () => {
    const { query } = dayQuery();
    const bundle = await search(
      `/fhir/R4/Slot?schedule=Schedule/${scheduleId}&${query}&status=free&service-type=follow-up`,
    );
    const slots = matches(bundle);
    // Follow-ups (15 minutes) from 09:00 to 11:45 and 13:00 to 16:45, every 15 minutes.
    expect(bundle.total).toBe(28);
    expect(slots.length).toBe(20);
    expect(localTime(slots[0]!.start)).toBe('09:00');
    expect(slots[0]).toMatchObject({
      resourceType: 'Slot',
      status: 'free',
      schedule: { reference: `Schedule/${scheduleId}` },
      serviceType: [{ coding: [{ code: 'follow-up' }] }],
      appointmentType: { coding: [{ code: 'follow-up' }] },
    });
    expect(Date.parse(String(slots[0]!.end)) - Date.parse(String(slots[0]!.start))).toBe(15 * 60_000);
    expect(slots.every((slot) => /^[A-Za-z0-9\-.]{1,64}$/.test(slot.id))).toBe(true);
    const rest = await search(
      bundle.link.find((link) => link.relation === 'next')!.url.replace(/^http:\/\/[^/]+/, ''),
    );
    expect(
      matches(rest)
        .map((slot) => localTime(slot.start))
        .at(-1),
    ).toBe('16:45');
    expect(matches(rest)).toHaveLength(8);
    // Video visits (20 minutes) 09:00-11:30 and 13:00-16:30; new-patient visits (30 and 10 after) 09:00-11:15 and 13:00-16:15.
    const video = await search(
      `/fhir/R4/Slot?schedule=${scheduleId}&${query}&appointment-type=video-visit&_count=0`,
    );
    expect(video.total).toBe(26);
    expect((await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&_count=0`)).total).toBe(28 + 26 + 24);
  });

  it('gives each free slot a stable id that names its schedule, kind of visit and start', async () => {
    const { query } = dayQuery();
    const first = matches(await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&_count=3`));
    const again = matches(await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&_count=3`));
    expect(again.map((slot) => slot.id)).toEqual(first.map((slot) => slot.id));
    const key = readSlotId(first[0]!.id)!;
    expect(key.scheduleId).toBe(scheduleId);
    expect(key.startsAt.toISOString()).toBe(first[0]!.start);
    expect([fixture.types.followUp.id, fixture.types.newPatient.id, fixture.types.video.id]).toContain(
      key.appointmentTypeId,
    );
    const read = await call('GET', `/fhir/R4/Slot/${first[0]!.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(first[0]);
  });

  it('searches every schedule of the clinic by start alone, and says in the self link which days it covered', async () => {
    const { day } = dayQuery();
    const bundle = await search(`/fhir/R4/Slot?status=free&start=ge${day.toISODate()}&_count=5`);
    expect(bundle.total).toBeGreaterThan(78);
    const self = new URL(bundle.link.find((link) => link.relation === 'self')!.url);
    expect(self.searchParams.getAll('start')).toEqual([
      `ge${day.toISODate()}`,
      expect.stringMatching(/^lt\d{4}-/),
    ]);
    const until = Date.parse(self.searchParams.getAll('start')[1]!.slice(2));
    expect(until - day.toMillis()).toBe(14 * 24 * 3600_000);
    expect(await search(`/fhir/R4/Slot?status=free&start=ge${day.toISODate()}`, otherToken)).toMatchObject({
      total: 0,
    });
  });

  it('refuses searches it cannot answer with 400 OperationOutcomes naming the parameter', async () => {
    const busy = await call('GET', `/fhir/R4/Slot?schedule=${scheduleId}&status=busy`);
    expect(busy.status).toBe(400);
    expect(busy.body.issue[0].diagnostics).toContain('free slots only');
    const tooWide = await call('GET', '/fhir/R4/Slot?start=ge2030-01-01&start=lt2030-06-01');
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.issue[1]).toMatchObject({ expression: ['start'] });
    const badDate = await call('GET', '/fhir/R4/Slot?start=ge2030-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.issue[0].diagnostics).toContain('start');
    const unknownSlot = await call('GET', '/fhir/R4/Slot/not-a-slot');
    expect(unknownSlot.status).toBe(404);
  });

  it('books a free slot with POST Appointment, and a second booking of the same slot gets 409', async () => {
    const { query } = dayQuery(1);
    const [slot] = matches(
      await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&service-type=new-patient&_count=1`),
    );
    const booked = await call(
      'POST',
      '/fhir/R4/Appointment',
      appointment(`Slot/${slot!.id}`, fixture.patientId, {
        reasonCode: [{ text: 'Knee pain after a fall' }],
        participant: [
          { actor: { reference: `Patient/${fixture.patientId}` }, status: 'accepted' },
          { actor: { reference: `Practitioner/${fixture.providerId}` }, status: 'accepted' },
        ],
      }),
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.headers.location).toBe(`http://localhost:3000/fhir/R4/Appointment/${booked.body.id}`);
    expect(booked.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(booked.body).toMatchObject({
      resourceType: 'Appointment',
      status: 'booked',
      start: slot!.start,
      end: slot!.end,
      minutesDuration: 30,
      slot: [{ reference: `Slot/${slot!.id}` }],
      serviceType: [{ coding: [{ code: 'new-patient' }] }],
      reasonCode: [{ text: 'Knee pain after a fall' }],
      participant: [
        { actor: { reference: `Patient/${fixture.patientId}`, display: 'Maria Lopez' }, status: 'accepted' },
        { actor: { reference: `Practitioner/${fixture.providerId}` } },
        { actor: { reference: `Location/${fixture.locationId}` } },
      ],
    });
    const [row] = await test.database.orm
      .select()
      .from(appointments)
      .where(eq(appointments.id, booked.body.id));
    expect(row).toMatchObject({ status: 'booked', bookedByType: 'api-token', patientId: fixture.patientId });

    const again = await call('POST', '/fhir/R4/Appointment', appointment(`Slot/${slot!.id}`));
    expect(again.status).toBe(409);
    expect(again.body.issue[0]).toMatchObject({ severity: 'error', code: 'conflict' });
    expect(again.body.issue[0].diagnostics).toContain(`Slot/${slot!.id}`);

    const after = matches(
      await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&service-type=new-patient`),
    );
    expect(after.map((free) => free.id)).not.toContain(slot!.id);
    const read = await call('GET', `/fhir/R4/Slot/${slot!.id}`);
    expect(read.body).toMatchObject({ status: 'busy' });
    const audit = await auditEventsOf(test.database.orm, fixture.organizationId, 'appointment.book');
    expect(audit[0]).toMatchObject({ resourceId: booked.body.id, patientIds: [fixture.patientId] });
  });

  it('answers the loser of a race for one slot with 409 naming the slot and the next free ones', async () => {
    const { query } = dayQuery(2);
    const [slot] = matches(
      await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&service-type=follow-up&_count=1`),
    );
    const [first, second] = await Promise.all([
      call('POST', '/fhir/R4/Appointment', appointment(`Slot/${slot!.id}`)),
      call('POST', '/fhir/R4/Appointment', appointment(`Slot/${slot!.id}`)),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.issue[0].diagnostics).toContain(`Slot/${slot!.id}`);
  });

  it('says exactly what is wrong with an Appointment it cannot book', async () => {
    const { query } = dayQuery(3);
    const [slot] = matches(
      await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&service-type=follow-up&_count=1`),
    );
    const noSlot = await call('POST', '/fhir/R4/Appointment', { ...appointment(''), slot: undefined });
    expect(noSlot.status).toBe(400);
    expect(noSlot.body.issue.map((issue: { expression?: string[] }) => issue.expression?.[0])).toContain(
      'Appointment.slot',
    );
    const wrongStatus = await call(
      'POST',
      '/fhir/R4/Appointment',
      appointment(`Slot/${slot!.id}`, fixture.patientId, { status: 'cancelled' }),
    );
    expect(wrongStatus.status).toBe(400);
    expect(wrongStatus.body.issue[1]).toMatchObject({ expression: ['Appointment.status'] });
    const madeUp = await call('POST', '/fhir/R4/Appointment', appointment('Slot/abc'));
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.issue[1]).toMatchObject({ expression: ['Appointment.slot[0].reference'] });
    const wrongDoctor = await call(
      'POST',
      '/fhir/R4/Appointment',
      appointment(`Slot/${slot!.id}`, fixture.patientId, {
        participant: [
          { actor: { reference: `Patient/${fixture.patientId}` } },
          { actor: { reference: 'Practitioner/00000000-0000-4000-8000-000000000000' } },
        ],
      }),
    );
    expect(wrongDoctor.status).toBe(400);
    expect(wrongDoctor.body.issue[1].diagnostics).toContain('not the practitioner of the slot');
    const notJson = await server.app.inject({
      method: 'POST',
      url: '/fhir/R4/Appointment',
      headers: { authorization: `Bearer ${tokens.scheduler}`, 'content-type': 'application/fhir+json' },
      payload: '{"resourceType": ',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    // Nothing was booked by any of these.
    expect(
      matches(await search(`/fhir/R4/Slot?_id=${slot!.id}&schedule=${scheduleId}&${query}`)),
    ).toHaveLength(1);
  });

  it("never books for another organisation's patient, nor lets another organisation book or read here", async () => {
    const { query } = dayQuery(4);
    const [slot] = matches(
      await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&service-type=follow-up&_count=1`),
    );
    const stranger = await call(
      'POST',
      '/fhir/R4/Appointment',
      appointment(`Slot/${slot!.id}`, otherPatientId),
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.issue[0].diagnostics).toContain(`Patient/${otherPatientId}`);
    const outsider = await call(
      'POST',
      '/fhir/R4/Appointment',
      appointment(`Slot/${slot!.id}`, otherPatientId),
      otherToken,
    );
    expect(outsider.status).toBe(400);
    expect(outsider.body.issue[0].diagnostics).toContain('not a slot of this server');
    const booked = await call('POST', '/fhir/R4/Appointment', appointment(`Slot/${slot!.id}`));
    expect(booked.status).toBe(201);
    expect((await call('GET', `/fhir/R4/Appointment/${booked.body.id}`, undefined, otherToken)).status).toBe(
      404,
    );
    expect(await search(`/fhir/R4/Appointment?patient=${fixture.patientId}`, otherToken)).toMatchObject({
      total: 0,
    });
  });

  it('lets only roles that may see appointments read them, and books only for roles that may book', async () => {
    const denied = await call(
      'GET',
      `/fhir/R4/Appointment?patient=${fixture.patientId}`,
      undefined,
      tokens.admin,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.issue[0].code).toBe('forbidden');
    const { query } = dayQuery(5);
    const [slot] = matches(
      await search(`/fhir/R4/Slot?schedule=${scheduleId}&${query}&_count=1`, tokens.admin),
    );
    const refused = await call('POST', '/fhir/R4/Appointment', appointment(`Slot/${slot!.id}`), tokens.admin);
    expect(refused.status).toBe(403);
  });

  it('reads and searches appointments with their FHIR status, and audits who saw which patient', async () => {
    const orm = test.database.orm;
    const patient = await addPatient(orm, fixture.organizationId, {
      givenName: 'Tomas',
      familyName: 'Reyes',
    });
    const startsAt = nextWorkdayAt(fixture, 15, 0, DateTime.now().plus({ days: 9 }).toJSDate());
    const base = {
      organizationId: fixture.organizationId,
      patientId: patient.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      bookedBy: { type: 'staff' as const, id: null },
      rules: 'staff' as const,
    };
    const held = await bookAppointment(orm, deps, { ...base, startsAt, holdMinutes: 5 });
    const booked = await bookAppointment(orm, deps, {
      ...base,
      startsAt: new Date(startsAt.getTime() + 30 * 60_000),
      reason: 'Blood pressure check',
    });
    const dropped = await bookAppointment(orm, deps, {
      ...base,
      startsAt: new Date(startsAt.getTime() + 60 * 60_000),
    });
    await cancelAppointmentRow(orm, deps, dropped, 'patient');

    const all = await search(`/fhir/R4/Appointment?patient=Patient/${patient.id}`, tokens.agent);
    expect(matches(all).map((resource) => resource.status)).toEqual(['pending', 'booked', 'cancelled']);
    expect(matches(all)[2]).toMatchObject({ cancelationReason: { text: 'Cancelled by the patient.' } });
    expect(matches(all)[1]).toMatchObject({ reasonCode: [{ text: 'Blood pressure check' }] });
    expect(matches(all)[0]).toMatchObject({ participant: [{ status: 'needs-action' }, {}, {}] });

    const day = DateTime.fromJSDate(startsAt, { zone: fixture.timeZone }).toISODate();
    const onDay = await search(
      `/fhir/R4/Appointment?patient=${patient.id}&date=${day}&status=booked,pending&practitioner=Practitioner/${fixture.providerId}`,
      tokens.agent,
    );
    expect(matches(onDay).map((resource) => resource.id)).toEqual([held.id, booked.id]);
    expect(
      (await search(`/fhir/R4/Appointment?patient=${patient.id}&date=gt${day}`, tokens.agent)).total,
    ).toBe(0);
    expect(
      (
        await search(
          `/fhir/R4/Appointment?patient=${patient.id}&location=Location/${fixture.locationId}`,
          tokens.agent,
        )
      ).total,
    ).toBe(3);
    expect(
      (await search('/fhir/R4/Appointment?location=00000000-0000-4000-8000-000000000000', tokens.agent))
        .total,
    ).toBe(0);
    expect(
      matches(await search(`/fhir/R4/Appointment?_id=${dropped.id}`, tokens.agent)).map((r) => r.id),
    ).toEqual([dropped.id]);
    expect(
      (await search(`/fhir/R4/Appointment?patient=${patient.id}&service-type=new-patient`, tokens.agent))
        .total,
    ).toBe(0);
    const wrongStatus = await call('GET', `/fhir/R4/Appointment?status=done`, undefined, tokens.agent);
    expect(wrongStatus.status).toBe(400);

    const read = await call('GET', `/fhir/R4/Appointment/${booked.id}`, undefined, tokens.agent);
    expect(read.body).toMatchObject({ id: booked.id, status: 'booked', created: expect.any(String) });
    const reads = await auditEventsOf(orm, fixture.organizationId, 'appointment.read');
    expect(reads[0]).toMatchObject({
      resourceId: booked.id,
      patientIds: [patient.id],
      actorType: 'api-token',
    });
    const searches = await auditEventsOf(orm, fixture.organizationId, 'appointment.search');
    expect(searches.some((event) => event.patientIds.includes(patient.id))).toBe(true);
    const [stored] = await orm
      .select({ reason: appointments.reasonEncrypted })
      .from(appointments)
      .where(and(eq(appointments.id, booked.id)));
    expect(stored!.reason).not.toContain('Blood pressure');
  });
});
