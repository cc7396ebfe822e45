import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import { resolveContact, setOptedOut } from '../../conversations/contacts.ts';
import { channelEndpoints } from '../../conversations/schema.ts';
import type { Organization } from '../../organizations/service.ts';
import { listOutbox } from '../../outbox/service.ts';
import { patientConsents, proxies, proxyAuthorizations } from '../../patients/schema.ts';
import {
  addPatient,
  auditEventsOf,
  callAs,
  signedInPortalUser,
  signedInStaff,
} from '../../patients/test-fixtures.ts';
import { createSchedulingFixture, nextWorkdayAt, type SchedulingFixture } from '../test-fixtures.ts';

/**
 * The notice a patient gets at once: by email with the details and an .ics calendar entry, by
 * SMS as a short text, in their language, over a channel they have not refused, and never with
 * the reason for the visit, intake answers or the provider's specialty. The same calendar entry
 * is offered for download at the desk and in the portal.
 */

const publicUrl = 'https://desk.harbor.example';

/** An .ics file's properties (lines unfolded, parameters dropped): the first value of each, and all of ATTENDEE. */
function readCalendar(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const line of text.replace(/\r\n[ \t]/g, '').split(/\r\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).split(';')[0]!;
    if (!(name in properties)) properties[name] = line.slice(colon + 1);
  }
  return properties;
}

/** 2025-06-20T14:30:00.000Z as iCalendar's UTC form, 20250620T143000Z. */
const icsUtc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

describe('confirmations and calendar entries', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  let agent: ReturnType<typeof callAs>;
  let admin: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { config: testConfig({ PUBLIC_URL: publicUrl }) });
    clinic = await createTestClinic(test.database.orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    await test.database.orm.insert(channelEndpoints).values([
      { organizationId: clinic.id, channel: 'sms', address: '+16175550100' },
      { organizationId: clinic.id, channel: 'email', address: 'desk@harbor.example' },
    ]);
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  let patients = 0;
  const newPatient = (fields: Partial<Parameters<typeof addPatient>[2]> = {}) =>
    addPatient(test.database.orm, clinic.id, {
      givenName: 'Elena',
      familyName: `Garcia${++patients}`,
      email: `elena${patients}@example.com`,
      phone: `+1617555${String(2000 + patients)}`,
      ...fields,
    });

  /** Holds and confirms through the staff API. */
  async function book(
    patientId: string,
    startsAt: Date,
    typeId = fixture.types.followUp.id,
    details: { reason?: string; intakeAnswers?: Record<string, string> } = {},
  ): Promise<{
    id: string;
    startsAt: string;
    endsAt: string;
    videoVisitUrl: string | null;
    confirmation: unknown;
  }> {
    const held = await agent('POST', '/api/appointments/holds', {
      patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: typeId,
      startsAt: startsAt.toISOString(),
    });
    expect(held.statusCode).toBe(201);
    const booked = await agent('POST', `/api/appointments/${held.json().id}/confirm`, {
      intakeAnswers: {},
      ...details,
    });
    expect(booked.statusCode).toBe(200);
    return booked.json();
  }

  const noticesTo = async (recipient: string, purpose?: string) =>
    (await listOutbox(test.database.orm, server.cipher, clinic.id, 200))
      .filter((message) => message.recipient === recipient && (!purpose || message.purpose === purpose))
      .reverse();

  const downloadAttachment = async (messageId: string) => {
    const response = await admin('GET', `/api/admin/outbox/${messageId}/attachments/0`);
    expect(response.statusCode).toBe(200);
    const calendar = readCalendar(response.body);
    expect(response.headers['content-type']).toBe(`text/calendar; method=${calendar.METHOD}; charset=utf-8`);
    return calendar;
  };

  it("emails the confirmation at once in the patient's language, with the details, the preparation, the links and an .ics of the visit in UTC", async () => {
    const elena = await newPatient({ preferredChannel: 'email', preferredLanguage: 'es' });
    const startsAt = nextWorkdayAt(fixture, 10, 30);
    const visit = await book(elena.id, startsAt, fixture.types.newPatient.id, {
      reason: 'dolor de pecho al subir escaleras',
      intakeAnswers: { medicines: 'metformina' },
    });

    const [mail, ...others] = await noticesTo(elena.email!);
    expect(others).toEqual([]);
    expect(mail).toMatchObject({ channel: 'email', purpose: 'appointment-confirmation' });
    expect(mail!.subject).toMatch(/^Su cita del \d+ \w+\.? está reservada$/);
    expect(mail!.body).toContain('Hola, Elena:');
    expect(mail!.body).toContain('Su cita está reservada.');
    expect(mail!.body).toContain('Dónde: Main Street Clinic, 12 Main Street, Springfield, NY 10001');
    expect(mail!.body).toContain('Con: Dr. Ana Ruiz, MD');
    expect(mail!.body).toContain('Consulta: Primera consulta (en persona)');
    expect(mail!.body).toContain('Cómo prepararse: Traiga su tarjeta del seguro.');
    expect(mail!.body).toContain(
      `Para cambiar o cancelar la cita: ${publicUrl}/portal/appointments/${visit.id}?clinic=${clinic.slug}`,
    );
    expect(mail!.body).toMatch(/Cuándo: [^,]+, \d+ de \w+, 10:30 E[DS]T\n/);
    // Nothing about why: not the reason, not the answers, not the specialty.
    expect(mail!.body).not.toMatch(/dolor|pecho|metformina|Family medicine/i);

    expect(mail!.attachments).toMatchObject([
      { index: 0, filename: 'appointment.ics', contentType: 'text/calendar; method=REQUEST; charset=utf-8' },
    ]);
    const calendar = await downloadAttachment(mail!.id);
    expect(calendar).toMatchObject({
      METHOD: 'REQUEST',
      UID: `${visit.id}@desk.harbor.example`,
      SEQUENCE: '0',
      DTSTART: icsUtc(startsAt.toISOString()),
      DTEND: icsUtc(visit.endsAt),
      STATUS: 'CONFIRMED',
      SUMMARY: 'Cita con Dr. Ana Ruiz\\, MD',
      LOCATION: 'Main Street Clinic\\, 12 Main Street\\, Springfield\\, NY 10001',
    });
    expect(calendar.ORGANIZER!.toLowerCase()).toBe('mailto:desk@harbor.example');
    expect(calendar.ATTENDEE!.toLowerCase()).toBe(`mailto:${elena.email}`);
    expect(JSON.stringify(calendar)).not.toMatch(/dolor|metformina|Family medicine/i);
    const [read] = await auditEventsOf(test.database.orm, clinic.id, 'outbox.attachment.read');
    expect(read).toMatchObject({ resourceId: mail!.id, outcome: 'allowed' });
  });

  it('texts a short confirmation to a patient who prefers SMS: when, the video link and the portal link', async () => {
    const sam = await newPatient({ givenName: 'Sam', preferredChannel: 'sms' });
    const visit = await book(sam.id, nextWorkdayAt(fixture, 11, 30), fixture.types.video.id, {
      reason: 'anxiety medication follow-up',
    });
    const [text, ...others] = await noticesTo(sam.phone!);
    expect(others).toEqual([]);
    expect(text).toMatchObject({ channel: 'sms', purpose: 'appointment-confirmation', attachments: [] });
    expect(text!.body).toMatch(
      /^Harbor Family Practice: your appointment with Dr\. Ana Ruiz, MD is booked for \w+, \w+ \d+, 11:30 AM E[DS]T \(video visit\)\.\nVideo link \(opens 15 min before\): http/,
    );
    expect(text!.body).toContain(visit.videoVisitUrl!);
    expect(text!.body).toContain(
      `Reschedule or cancel: ${publicUrl}/portal/appointments/${visit.id}?clinic=${clinic.slug}`,
    );
    expect(text!.body).not.toMatch(/anxiety|medication|Family medicine/i);
    expect(await noticesTo(sam.email!)).toEqual([]);
    // The agent who booked is told where it went, without the whole number.
    expect(visit.confirmation).toEqual({
      status: 'sent',
      channel: 'sms',
      to: `•••• ${sam.phone!.slice(-4)}`,
    });
  });

  it('falls back to email when SMS consent was revoked, and sends nothing when no channel is left', async () => {
    const revoked = await newPatient({ preferredChannel: 'sms' });
    await test.database.orm.insert(patientConsents).values({
      organizationId: clinic.id,
      patientId: revoked.id,
      channel: 'sms',
      status: 'revoked',
      source: 'staff',
    });
    const toEmail = await book(revoked.id, nextWorkdayAt(fixture, 13, 0));
    expect(toEmail.confirmation).toEqual({
      status: 'sent',
      channel: 'email',
      to: `e•••@${revoked.email!.split('@')[1]}`,
    });
    expect(await noticesTo(revoked.phone!)).toEqual([]);
    expect((await noticesTo(revoked.email!)).map((message) => message.purpose)).toEqual([
      'appointment-confirmation',
    ]);

    const unreachable = await newPatient({ email: null });
    await test.database.orm.insert(patientConsents).values({
      organizationId: clinic.id,
      patientId: unreachable.id,
      channel: 'sms',
      status: 'revoked',
      source: 'portal',
    });
    const before = (await listOutbox(test.database.orm, server.cipher, clinic.id, 200)).length;
    const nowhere = await book(unreachable.id, nextWorkdayAt(fixture, 13, 30));
    expect((await listOutbox(test.database.orm, server.cipher, clinic.id, 200)).length).toBe(before);
    expect(nowhere.confirmation).toEqual({ status: 'not-sent', reason: 'declined' });
  });

  it('answers a booking in the portal with where the confirmation really went: email once the number texted STOP, nowhere without an address', async () => {
    const stopped = await newPatient({ givenName: 'Inés', preferredChannel: 'sms' });
    const contact = await resolveContact(test.database.orm, {
      organizationId: clinic.id,
      channel: 'sms',
      address: stopped.phone!,
    });
    await setOptedOut(test.database.orm, contact.address.id, true);
    const asInes = callAs(server, await signedInPortalUser(server, clinic, stopped.email!));
    const held = await asInes('POST', '/api/portal/appointments/holds', {
      patientId: stopped.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt: nextWorkdayAt(fixture, 10, 0).toISOString(),
    });
    expect(held.statusCode).toBe(201);
    const booked = await asInes('POST', `/api/portal/appointments/${held.json().id}/confirm`, {});
    expect(booked.statusCode).toBe(200);
    expect(booked.json().confirmation).toEqual({
      status: 'sent',
      channel: 'email',
      to: `e•••@${stopped.email!.split('@')[1]}`,
    });
    expect(await noticesTo(stopped.email!, 'appointment-confirmation')).toHaveLength(1);
    expect(await noticesTo(stopped.phone!)).toEqual([]);

    // The move is answered the same way.
    const moved = await asInes('POST', `/api/portal/appointments/${booked.json().id}/reschedule`, {
      startsAt: nextWorkdayAt(fixture, 10, 15).toISOString(),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().confirmation).toMatchObject({ status: 'sent', channel: 'email' });

    const noAddress = await newPatient({ givenName: 'Noor', phone: null, email: null });
    const visit = await book(noAddress.id, nextWorkdayAt(fixture, 16, 30));
    expect(visit.confirmation).toEqual({ status: 'not-sent', reason: 'no-address' });
  });

  it("tells a parent who may not read the child's contact details the channel, not the address", async () => {
    const child = await newPatient({ givenName: 'Lia', birthDate: `${new Date().getFullYear() - 6}-05-01` });
    const [parent] = await test.database.orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Rosa',
        familyName: 'Garcia',
        email: 'rosa@example.org',
      })
      .returning();
    await test.database.orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: parent!.id,
      patientId: child.id,
      relationship: 'parent',
      scopes: ['scheduling'],
    });
    const asRosa = callAs(server, await signedInPortalUser(server, clinic, 'rosa@example.org'));
    const held = await asRosa('POST', '/api/portal/appointments/holds', {
      patientId: child.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt: nextWorkdayAt(fixture, 9, 0).toISOString(),
    });
    expect(held.statusCode).toBe(201);
    const booked = await asRosa('POST', `/api/portal/appointments/${held.json().id}/confirm`, {});
    expect(booked.statusCode).toBe(200);
    expect(booked.json().confirmation).toEqual({ status: 'sent', channel: 'sms', to: null });
    expect((await noticesTo(child.phone!)).map((message) => message.purpose)).toEqual([
      'appointment-confirmation',
    ]);
  });

  it('updates the same calendar entry when the visit moves, removes it when cancelled, and says nothing of a hold let go', async () => {
    const omar = await newPatient({ givenName: 'Omar', preferredChannel: 'email' });
    const first = await book(omar.id, nextWorkdayAt(fixture, 14, 0));
    const movedTo = nextWorkdayAt(fixture, 15, 0);
    const moved = await agent('POST', `/api/appointments/${first.id}/reschedule`, {
      startsAt: movedTo.toISOString(),
    });
    expect(moved.statusCode).toBe(200);
    const cancelled = await agent('POST', `/api/appointments/${moved.json().id}/cancel`, {});
    expect(cancelled.statusCode).toBe(200);
    const held = await agent('POST', '/api/appointments/holds', {
      patientId: omar.id,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: fixture.types.followUp.id,
      startsAt: nextWorkdayAt(fixture, 16, 0).toISOString(),
    });
    expect((await agent('POST', `/api/appointments/${held.json().id}/cancel`, {})).statusCode).toBe(200);

    const notices = await noticesTo(omar.email!);
    expect(notices.map((message) => message.purpose)).toEqual([
      'appointment-confirmation',
      'appointment-rescheduled',
      'appointment-cancelled',
    ]);
    expect(notices[1]!.subject).toMatch(/^Your appointment has moved to /);
    expect(notices[1]!.body).toContain('Your appointment has been moved to a new time.');
    expect(notices[2]!.body).toContain('Your appointment has been cancelled.');
    expect(notices[2]!.body).toContain(`To book another time: ${publicUrl}/portal/appointments/`);
    const [booked, rescheduled, removed] = [
      await downloadAttachment(notices[0]!.id),
      await downloadAttachment(notices[1]!.id),
      await downloadAttachment(notices[2]!.id),
    ];
    const uid = `${first.id}@desk.harbor.example`;
    expect([booked.UID, rescheduled.UID, removed.UID]).toEqual([uid, uid, uid]);
    expect([booked.SEQUENCE, rescheduled.SEQUENCE, removed.SEQUENCE]).toEqual(['0', '1', '2']);
    expect([booked.METHOD, rescheduled.METHOD, removed.METHOD]).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(rescheduled.DTSTART).toBe(icsUtc(movedTo.toISOString()));
    expect(removed.STATUS).toBe('CANCELLED');
  });

  it('offers the calendar file at the desk and in the portal, on record, to those who may read the appointment only', async () => {
    const nadia = await newPatient({ givenName: 'Nadia' });
    const startsAt = nextWorkdayAt(fixture, 9, 30);
    const visit = await book(nadia.id, startsAt);

    const atDesk = await agent('GET', `/api/appointments/${visit.id}/calendar.ics`);
    expect(atDesk.statusCode).toBe(200);
    expect(atDesk.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(atDesk.headers['content-disposition']).toMatch(
      /^attachment; filename="appointment-\d{4}-\d{2}-\d{2}\.ics"$/,
    );
    const published = readCalendar(atDesk.body);
    expect(published).toMatchObject({
      METHOD: 'PUBLISH',
      UID: `${visit.id}@desk.harbor.example`,
      DTSTART: icsUtc(startsAt.toISOString()),
    });
    // A file to import names no attendee.
    expect(published.ATTENDEE).toBeUndefined();
    expect((await auditEventsOf(test.database.orm, clinic.id, 'appointment.calendar'))[0]).toMatchObject({
      resourceId: visit.id,
      patientIds: [nadia.id],
    });

    const asNadia = callAs(server, await signedInPortalUser(server, clinic, nadia.email!));
    const inPortal = await asNadia('GET', `/api/portal/appointments/${visit.id}/calendar.ics`);
    expect(inPortal.statusCode).toBe(200);
    expect(readCalendar(inPortal.body).UID).toBe(`${visit.id}@desk.harbor.example`);

    const stranger = await newPatient({ givenName: 'Stan' });
    const asStranger = callAs(server, await signedInPortalUser(server, clinic, stranger.email!));
    expect((await asStranger('GET', `/api/portal/appointments/${visit.id}/calendar.ics`)).statusCode).toBe(
      403,
    );
    // Administrators run the system; they do not read patients' appointments.
    expect((await admin('GET', `/api/appointments/${visit.id}/calendar.ics`)).statusCode).toBe(403);
  });
});
