import { createHash } from 'node:crypto';
import type { ArrivalsBoard, KioskCreated, KioskLookupResult, LiveEvent } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { auditEvents } from '../../audit/schema.ts';
import { locations } from '../../organizations/schema.ts';
import { patientContactPoints, patientCoverages } from '../../patients/schema.ts';
import { addPatient, callAs, signedInStaff } from '../../patients/test-fixtures.ts';
import { appointments, kioskDevices } from '../schema.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';
import { addVisit, todayAt } from './test-fixtures.ts';
import { checkInNotesField } from './visit-status.ts';

describe('the check-in kiosk', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let fixture: SchedulingFixture;
  let other: SchedulingFixture;
  let scheduler: ReturnType<typeof callAs>;
  let secondLocationId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Riverside Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    const [second] = await orm
      .insert(locations)
      .values({ organizationId: clinic.id, name: 'North Annex', timeZone: fixture.timeZone })
      .returning();
    secondLocationId = second!.id;
    const otherClinic = await createTestClinic(orm, 'Elsewhere Clinic');
    other = await createSchedulingFixture(orm, otherClinic.id);
    scheduler = callAs(server, await signedInStaff(server, clinic.id, 'scheduler'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const orm = () => test.database.orm;

  async function newKiosk(locationId = fixture.locationId, name = 'Lobby'): Promise<KioskCreated> {
    const response = await scheduler('POST', `/api/locations/${locationId}/kiosks`, { name });
    expect(response.statusCode).toBe(201);
    return response.json() as KioskCreated;
  }

  function kioskCall(kiosk: { key: string } | null, locationId = fixture.locationId) {
    return (method: 'GET' | 'POST', path: string, payload?: object) =>
      server.app.inject({
        method,
        url: `/api/kiosk/${locationId}${path}`,
        headers: kiosk ? { 'x-kiosk-key': kiosk.key } : {},
        ...(payload ? { payload } : {}),
      });
  }

  it('is set up by a schedule manager: its address carries a key shown once and stored only as a hash', async () => {
    const kiosk = await newKiosk(fixture.locationId, 'Front lobby');
    expect(kiosk.address).toMatch(/^https?:\/\//);
    expect(kiosk.address.endsWith(`/kiosk/${fixture.locationId}?key=${kiosk.key}`)).toBe(true);
    expect(kiosk.key.length).toBeGreaterThanOrEqual(40);
    const [row] = await orm().select().from(kioskDevices).where(eq(kioskDevices.id, kiosk.id));
    expect(row!.keyHash).toBe(createHash('sha256').update(kiosk.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(kiosk.key);

    const listed = await scheduler('GET', `/api/locations/${fixture.locationId}/kiosks`);
    const item = (listed.json() as { items: Record<string, unknown>[] }).items.find(
      (k) => k.id === kiosk.id,
    )!;
    expect(item).toMatchObject({ name: 'Front lobby', lastSeenAt: null });
    expect(item).not.toHaveProperty('key');
  });

  it('refuses a missing key, a wrong key, a withdrawn kiosk and a kiosk of another location', async () => {
    const kiosk = await newKiosk();
    expect((await kioskCall(null)('GET', '')).statusCode).toBe(401);
    expect(
      (await kioskCall({ key: 'not-the-key-of-any-kiosk-at-all-0000000000' })('GET', '')).statusCode,
    ).toBe(401);
    expect((await kioskCall(kiosk, secondLocationId)('GET', '')).statusCode).toBe(403);
    expect((await kioskCall(kiosk, other.locationId)('GET', '')).statusCode).toBe(403);

    const welcome = await kioskCall(kiosk)('GET', '');
    expect(welcome.statusCode).toBe(200);
    expect(welcome.json()).toMatchObject({
      clinicName: 'Riverside Clinic',
      locationName: 'Main Street Clinic',
    });
    const listed = await scheduler('GET', `/api/locations/${fixture.locationId}/kiosks`);
    const seen = (listed.json() as { items: { id: string; lastSeenAt: string | null }[] }).items.find(
      (k) => k.id === kiosk.id,
    )!;
    expect(seen.lastSeenAt).not.toBeNull();

    const withdrawn = await scheduler('DELETE', `/api/locations/${fixture.locationId}/kiosks/${kiosk.id}`);
    expect(withdrawn.statusCode).toBe(204);
    const refused = await kioskCall(kiosk)('POST', '/lookup', { code: 'ABCDEF' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('withdrawn');
    const after = await scheduler('GET', `/api/locations/${fixture.locationId}/kiosks`);
    expect((after.json() as { items: { id: string }[] }).items.map((k) => k.id)).not.toContain(kiosk.id);
  });

  it("finds today's visit at this location by last name and date of birth, whatever the case or accents", async () => {
    const kiosk = await newKiosk();
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'José',
      familyName: 'Muñoz-Pérez',
      birthDate: '1971-04-12',
    });
    const today = await addVisit(orm(), fixture, todayAt(fixture, 7, 0), { patientId: patient.id });
    const tomorrow = DateTime.fromJSDate(todayAt(fixture, 7, 30), { zone: fixture.timeZone }).plus({
      days: 1,
    });
    await addVisit(orm(), fixture, tomorrow.toJSDate(), { patientId: patient.id });
    await addVisit(orm(), fixture, todayAt(fixture, 7, 30), {
      patientId: patient.id,
      locationId: secondLocationId,
    });
    await addVisit(orm(), fixture, todayAt(fixture, 8, 0), { patientId: patient.id, mode: 'telehealth' });

    const found = await kioskCall(kiosk)('POST', '/lookup', {
      lastName: ' munoz perez ',
      birthDate: '1971-04-12',
    });
    expect(found.statusCode).toBe(200);
    const { visits } = found.json() as KioskLookupResult;
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      patientName: 'José M.',
      startsAt: today.startsAt.toISOString(),
      providerName: 'Dr. Ana Ruiz, MD',
      alreadyCheckedIn: false,
    });

    const wrongBirthDate = await kioskCall(kiosk)('POST', '/lookup', {
      lastName: 'Muñoz-Pérez',
      birthDate: '1971-04-13',
    });
    expect(wrongBirthDate.json()).toEqual({ visits: [] });
    const nobody = await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Nobody', birthDate: '1971-04-12' });
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toEqual({ visits: [] });
  });

  it("never shows another organisation's patient, even with the same name and birth date", async () => {
    const kiosk = await newKiosk();
    const twin = await addPatient(orm(), other.organizationId, {
      givenName: 'Eva',
      familyName: 'Twin',
      birthDate: '1990-09-09',
    });
    await addVisit(orm(), other, todayAt(other, 9, 0), { patientId: twin.id, checkInCode: 'TWINXX' });
    const byName = await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Twin', birthDate: '1990-09-09' });
    expect(byName.json()).toEqual({ visits: [] });
    const byCode = await kioskCall(kiosk)('POST', '/lookup', { code: 'TWINXX' });
    expect(byCode.json()).toEqual({ visits: [] });
  });

  it("finds a visit by the reminder's check-in code: today's, at this location only", async () => {
    const kiosk = await newKiosk();
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Ines',
      familyName: 'Code',
    });
    const today = await addVisit(orm(), fixture, todayAt(fixture, 10, 0), {
      patientId: patient.id,
      checkInCode: 'KQ7RMT',
    });
    const tomorrow = DateTime.fromJSDate(todayAt(fixture, 10, 30), { zone: fixture.timeZone }).plus({
      days: 1,
    });
    await addVisit(orm(), fixture, tomorrow.toJSDate(), { patientId: patient.id, checkInCode: 'KQ7RMU' });
    await addVisit(orm(), fixture, todayAt(fixture, 10, 30), {
      patientId: patient.id,
      checkInCode: 'KQ7RMV',
      locationId: secondLocationId,
    });

    const found = (await kioskCall(kiosk)('POST', '/lookup', { code: 'kq7rmt' })).json() as KioskLookupResult;
    expect(found.visits.map((visit) => visit.startsAt)).toEqual([today.startsAt.toISOString()]);
    expect((await kioskCall(kiosk)('POST', '/lookup', { code: 'KQ7RMU' })).json()).toEqual({ visits: [] });
    expect((await kioskCall(kiosk)('POST', '/lookup', { code: 'KQ7RMV' })).json()).toEqual({ visits: [] });
  });

  it('discloses the minimum: first name and initial, time and provider; details masked; never birth date, full name or reason', async () => {
    const kiosk = await newKiosk();
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Marisol',
      familyName: 'Quintana',
      birthDate: '1966-03-30',
      phone: '+1 (212) 555-0123',
      email: 'marisol.quintana@example.com',
    });
    await orm()
      .insert(patientCoverages)
      .values({
        organizationId: fixture.organizationId,
        patientId: patient.id,
        payerName: 'Aetna',
        memberNumberEncrypted: server.cipher.encrypt('patient_coverages.member_number', 'W123456789'),
      });
    const visit = await addVisit(orm(), fixture, todayAt(fixture, 11, 0), { patientId: patient.id });
    await orm()
      .update(appointments)
      .set({ reasonEncrypted: server.cipher.encrypt('appointments.reason', 'Chest pain follow-up') })
      .where(eq(appointments.id, visit.id));

    const lookup = await kioskCall(kiosk)('POST', '/lookup', {
      lastName: 'Quintana',
      birthDate: '1966-03-30',
    });
    // The ticket is sealed random bytes; everything else is what a waiting room could read.
    const text = JSON.stringify(
      (lookup.json() as KioskLookupResult).visits.map(({ ticket: _, ...shown }) => shown),
    );
    for (const secret of ['Quintana', '1966', 'Chest', visit.patientId, 'marisol', '0123'])
      expect(text).not.toContain(secret);
    const [found] = (lookup.json() as KioskLookupResult).visits;
    expect(Object.keys(found!).sort()).toEqual(
      ['alreadyCheckedIn', 'patientName', 'providerName', 'startsAt', 'ticket', 'timeZone'].sort(),
    );
    expect(found!.patientName).toBe('Marisol Q.');

    const details = await kioskCall(kiosk)('POST', '/details', { ticket: found!.ticket });
    expect(details.statusCode).toBe(200);
    expect(details.json()).toEqual({
      mobileEnding: '0123',
      email: 'm***@example.com',
      insurancePayer: 'Aetna',
    });
    expect(details.body).not.toContain('W123456789');
  });

  it('prefers the mobile number among several phones', async () => {
    const kiosk = await newKiosk();
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Paz',
      familyName: 'Mobile',
      phone: '+12125550199',
    });
    // The desk noted the primary number is the home phone; the mobile is another one.
    await orm()
      .update(patientContactPoints)
      .set({ label: 'home' })
      .where(eq(patientContactPoints.patientId, patient.id));
    await orm().insert(patientContactPoints).values({
      organizationId: fixture.organizationId,
      patientId: patient.id,
      kind: 'phone',
      value: '+12125557777',
      label: 'mobile',
    });
    await addVisit(orm(), fixture, todayAt(fixture, 11, 30), { patientId: patient.id });
    const [found] = (
      (
        await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Mobile', birthDate: '1980-01-01' })
      ).json() as KioskLookupResult
    ).visits;
    const details = await kioskCall(kiosk)('POST', '/details', { ticket: found!.ticket });
    expect(details.json()).toMatchObject({ mobileEnding: '7777', insurancePayer: null });
  });

  it('checks the patient in with notes on what changed, audited as the kiosk, and tells live screens', async () => {
    const kiosk = await newKiosk(fixture.locationId, 'Lobby tablet');
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Lucia',
      familyName: 'Arrives',
      phone: '+12125550111',
      email: 'lucia@example.com',
    });
    await orm()
      .insert(patientCoverages)
      .values({
        organizationId: fixture.organizationId,
        patientId: patient.id,
        payerName: 'Medicare',
        memberNumberEncrypted: server.cipher.encrypt('patient_coverages.member_number', 'M1'),
      });
    const visit = await addVisit(orm(), fixture, todayAt(fixture, 12, 0), { patientId: patient.id });
    const heard: LiveEvent[] = [];
    const stop = server.events.subscribe(fixture.organizationId, (event) => heard.push(event));

    const [found] = (
      (
        await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Arrives', birthDate: '1980-01-01' })
      ).json() as KioskLookupResult
    ).visits;
    const checkIn = await kioskCall(kiosk)('POST', '/check-in', {
      ticket: found!.ticket,
      contactStillRight: false,
      insurance: 'changed',
    });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.json()).toMatchObject({ firstName: 'Lucia', somethingChanged: true });

    const [row] = await orm().select().from(appointments).where(eq(appointments.id, visit.id));
    expect(row!.status).toBe('arrived');
    expect(row!.checkedInAt).not.toBeNull();
    // What the patient said changed is stored encrypted: no column of the row holds its words.
    const { rows: stored } = await test.database.query('select * from appointments where id = $1', [
      visit.id,
    ]);
    expect(JSON.stringify(stored[0])).not.toMatch(/Contact details|Insurance changed|Medicare/);
    const notes = server.cipher.decrypt(checkInNotesField, row!.checkInNotesEncrypted!);
    expect(notes).toContain('Contact details changed');
    expect(notes).toContain('Insurance changed (Medicare on file)');
    // The front desk reads them on the arrivals board.
    const board = (
      await scheduler('GET', `/api/locations/${fixture.locationId}/arrivals`)
    ).json() as ArrivalsBoard;
    expect(board.items.find((item) => item.appointmentId === visit.id)!.checkInNotes).toBe(notes);

    await vi.waitFor(() =>
      expect(heard).toContainEqual({
        type: 'appointment.changed',
        appointmentId: visit.id,
        locationId: fixture.locationId,
        change: 'arrived',
      }),
    );
    stop();

    await server.audit.drain();
    const [event] = await orm()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, visit.id))
      .then((events) => events.filter((e) => e.action === 'appointment.check-in'));
    expect(event).toMatchObject({
      actorType: 'system',
      actorRole: 'kiosk',
      actorId: kiosk.id,
      actorName: 'Check-in kiosk "Lobby tablet"',
      patientIds: [patient.id],
      outcome: 'allowed',
    });

    // Pressing again checks in once; a later search says the patient is already checked in.
    const again = await kioskCall(kiosk)('POST', '/check-in', {
      ticket: found!.ticket,
      contactStillRight: true,
      insurance: 'same',
    });
    expect(again.statusCode).toBe(200);
    const [unchanged] = await orm().select().from(appointments).where(eq(appointments.id, visit.id));
    expect(unchanged!.checkedInAt).toEqual(row!.checkedInAt);
    const later = (
      (
        await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Arrives', birthDate: '1980-01-01' })
      ).json() as KioskLookupResult
    ).visits;
    expect(later[0]!.alreadyCheckedIn).toBe(true);
  });

  it('writes no notes when everything is still right', async () => {
    const kiosk = await newKiosk();
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Noe',
      familyName: 'Same',
      phone: '+12125550112',
    });
    const visit = await addVisit(orm(), fixture, todayAt(fixture, 12, 30), { patientId: patient.id });
    const [found] = (
      (
        await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Same', birthDate: '1980-01-01' })
      ).json() as KioskLookupResult
    ).visits;
    const checkIn = await kioskCall(kiosk)('POST', '/check-in', {
      ticket: found!.ticket,
      contactStillRight: true,
      insurance: 'none',
    });
    expect(checkIn.json()).toMatchObject({ somethingChanged: false });
    const [row] = await orm().select().from(appointments).where(eq(appointments.id, visit.id));
    expect(row).toMatchObject({ status: 'arrived', checkInNotesEncrypted: null });
  });

  it('refuses a ticket from another kiosk or a made-up one, naming the field', async () => {
    const first = await newKiosk();
    const second = await newKiosk(fixture.locationId, 'Second tablet');
    const patient = await addPatient(orm(), fixture.organizationId, {
      givenName: 'Teo',
      familyName: 'Ticket',
    });
    await addVisit(orm(), fixture, todayAt(fixture, 13, 0), { patientId: patient.id });
    const [found] = (
      (
        await kioskCall(first)('POST', '/lookup', { lastName: 'Ticket', birthDate: '1980-01-01' })
      ).json() as KioskLookupResult
    ).visits;
    const elsewhere = await kioskCall(second)('POST', '/details', { ticket: found!.ticket });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.details).toEqual([
      { field: 'body.ticket', message: 'This check-in was not started on this kiosk.' },
    ]);
    const madeUp = await kioskCall(first)('POST', '/details', { ticket: 'x'.repeat(40) });
    expect(madeUp.statusCode).toBe(400);
  });

  it('refuses a search without a name and birth date or a code, naming the fields', async () => {
    const kiosk = await newKiosk();
    const response = await kioskCall(kiosk)('POST', '/lookup', { lastName: 'Only' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'body.birthDate', message: 'must be your date of birth (or give the check-in code instead)' },
    ]);
  });

  it('limits searches per kiosk, so names and birth dates cannot be tried one after another', async () => {
    const kiosk = await newKiosk();
    const answers: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++)
      answers.push(
        (await kioskCall(kiosk)('POST', '/lookup', { lastName: `Guess${attempt}`, birthDate: '1950-01-01' }))
          .statusCode,
      );
    expect(answers.slice(0, 10).every((status) => status === 200)).toBe(true);
    expect(answers[10]).toBe(429);
    // Another kiosk of the clinic (behind the same address) keeps its own allowance.
    const neighbour = await newKiosk(fixture.locationId, 'Neighbour');
    expect((await kioskCall(neighbour)('POST', '/lookup', { code: 'ZZZZZZ' })).statusCode).toBe(200);
  });
});
