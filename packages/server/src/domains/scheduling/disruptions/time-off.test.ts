import { and, eq, gte, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import type { Organization } from '../../organizations/service.ts';
import { listOutbox } from '../../outbox/service.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from '../../patients/test-fixtures.ts';
import { computeFreeTime } from '../free-time.ts';
import {
  appointments,
  providerAppointmentTypes,
  providerFreeTime,
  providerLocations,
  providers,
  scheduleRules,
} from '../schema.ts';
import {
  bookTestAppointment,
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
} from '../test-fixtures.ts';
import { shortWhen } from '../waitlist/patient-reach.ts';

const minute = 60_000;

describe('a provider marked unavailable', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  let scheduler: ReturnType<typeof callAs>;
  let agent: ReturnType<typeof callAs>;
  let admin: ReturnType<typeof callAs>;
  let day: Date;
  let span: { startsAt: string; endsAt: string };
  const patients = {} as Record<'ana' | 'ben' | 'cal' | 'dee', string>;
  const visits = {} as Record<'ana' | 'ben' | 'cal' | 'afternoon', string>;
  let exceptionId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Bayview Clinic');
    fixture = await createSchedulingFixture(orm, clinic.id);
    // A colleague of the same specialty, at the same place, offering follow-ups every weekday.
    const [colleague] = await orm
      .insert(providers)
      .values({
        organizationId: clinic.id,
        givenName: 'Lee',
        familyName: 'Park',
        prefix: 'Dr.',
        specialty: 'Family medicine',
      })
      .returning();
    await orm
      .insert(providerLocations)
      .values({ organizationId: clinic.id, providerId: colleague!.id, locationId: fixture.locationId });
    await orm.insert(providerAppointmentTypes).values({
      organizationId: clinic.id,
      providerId: colleague!.id,
      appointmentTypeId: fixture.types.followUp.id,
    });
    await orm.insert(scheduleRules).values({
      organizationId: clinic.id,
      providerId: colleague!.id,
      locationId: fixture.locationId,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      startsOn: DateTime.now().minus({ days: 7 }).toISODate()!,
      startTime: '09:00',
      endTime: '17:00',
    });
    await computeFreeTime(orm, colleague!.id, DateTime.now().plus({ days: 60 }).toISODate()!);

    patients.ana = (
      await addPatient(orm, clinic.id, { givenName: 'Ana', familyName: 'Sms', phone: '+12125550111' })
    ).id;
    patients.ben = (
      await addPatient(orm, clinic.id, {
        givenName: 'Ben',
        familyName: 'Mail',
        email: 'ben@example.com',
        preferredChannel: 'email',
        preferredLanguage: 'es',
      })
    ).id;
    patients.cal = (await addPatient(orm, clinic.id, { givenName: 'Cal', familyName: 'Nocontact' })).id;
    patients.dee = (
      await addPatient(orm, clinic.id, { givenName: 'Dee', familyName: 'Later', phone: '+12125550144' })
    ).id;
    day = nextWorkdayAt(fixture, 9, 0, new Date(Date.now() + 3 * 24 * 60 * minute));
    const at = (hour: number) => new Date(day.getTime() + (hour - 9) * 60 * minute);
    visits.ana = (await bookTestAppointment(orm, fixture, at(9), { patientId: patients.ana })).id;
    visits.ben = (await bookTestAppointment(orm, fixture, at(10), { patientId: patients.ben })).id;
    visits.cal = (await bookTestAppointment(orm, fixture, at(11), { patientId: patients.cal })).id;
    visits.afternoon = (await bookTestAppointment(orm, fixture, at(14), { patientId: patients.dee })).id;
    const local = DateTime.fromJSDate(day, { zone: fixture.timeZone }).toISODate();
    span = { startsAt: `${local}T08:00`, endsAt: `${local}T13:00` };
    scheduler = callAs(server, await signedInStaff(server, clinic.id, 'scheduler'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const base = () => `/api/providers/${fixture.providerId}/unavailability`;
  const statusOf = async (id: string) =>
    (await test.database.orm.select().from(appointments).where(eq(appointments.id, id)))[0]!;

  it('previews the appointments the time off would cancel, changing nothing', async () => {
    const preview = await scheduler(
      'GET',
      `${base()}/preview?startsAt=${span.startsAt}&endsAt=${span.endsAt}`,
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ provider: 'Dr. Ana Ruiz, MD', timeZone: 'America/New_York' });
    expect(preview.json().startsAt).toBe(new Date(day.getTime() - 60 * minute).toISOString());
    expect(
      preview.json().affected.map((item: { patient: { displayName: string } }) => item.patient.displayName),
    ).toEqual(['Ana Sms', 'Ben Mail', 'Cal Nocontact']);
    expect((await statusOf(visits.ana)).status).toBe('booked');
  });

  it('refuses a time off that ends before it starts, is over, or is at a place the provider does not work', async () => {
    const field = (response: { json(): { error: { details: { field: string }[] } } }) =>
      response.json().error.details.map((detail) => detail.field);
    const backwards = await scheduler('POST', base(), {
      ...span,
      endsAt: span.startsAt,
      startsAt: span.endsAt,
      reason: 'Ill',
    });
    expect(field(backwards)).toEqual(['body.endsAt']);
    const over = await scheduler('POST', base(), {
      startsAt: '2020-01-01T09:00',
      endsAt: '2020-01-01T12:00',
      reason: 'Ill',
    });
    expect(field(over)).toEqual(['body.endsAt']);
    const elsewhere = await scheduler('POST', base(), {
      ...span,
      reason: 'Ill',
      locationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(field(elsewhere)).toEqual(['body.locationId']);
    const noReason = await scheduler('POST', base(), { ...span, reason: ' ' });
    expect(field(noReason)).toEqual(['body.reason']);
    expect((await agent('POST', base(), { ...span, reason: 'Ill' })).statusCode).toBe(403);
  });

  it('cancels the appointments in the time off and tells each patient at once with times to rebook', async () => {
    const marked = await scheduler('POST', base(), { ...span, reason: 'Sick today' });
    expect(marked.statusCode).toBe(201);
    exceptionId = marked.json().id;
    expect(marked.json().counts).toEqual({
      affected: 3,
      notified: 2,
      notReached: 1,
      rebooked: 0,
      notRebooked: 3,
    });
    for (const visit of [visits.ana, visits.ben, visits.cal])
      expect(await statusOf(visit)).toMatchObject({
        status: 'cancelled',
        cancellationReason: 'provider-unavailable',
        disruptedById: exceptionId,
      });
    expect((await statusOf(visits.afternoon)).status).toBe('booked');
    const byPatient = new Map(
      marked.json().affected.map((item: { patient: { id: string } }) => [item.patient.id, item]),
    );
    expect(byPatient.get(patients.ana)).toMatchObject({ notice: { channel: 'sms', skipReason: null } });
    expect(byPatient.get(patients.ben)).toMatchObject({ notice: { channel: 'email' } });
    expect(byPatient.get(patients.cal)).toMatchObject({ notice: { channel: null, sentAt: null } });
    expect((byPatient.get(patients.cal) as { notice: { skipReason: string } }).notice.skipReason).toMatch(
      /no mobile number/,
    );

    // Nobody can book the provider during the time off any more.
    const freeInSpan = await test.database.orm
      .select()
      .from(providerFreeTime)
      .where(
        and(
          eq(providerFreeTime.providerId, fixture.providerId),
          gte(providerFreeTime.startsAt, new Date(day.getTime() - 60 * minute)),
          lt(providerFreeTime.startsAt, new Date(day.getTime() + 4 * 60 * minute)),
        ),
      );
    expect(freeInSpan).toEqual([]);

    const outbox = await listOutbox(test.database.orm, server.cipher, clinic.id, 200);
    const sms = outbox.find(
      (message) => message.recipient === '+12125550111' && message.purpose === 'provider-unavailable',
    );
    const backAt = shortWhen(new Date(day.getTime() + 4 * 60 * minute), fixture.timeZone, 'en');
    expect(sms!.body).toContain('is cancelled because Dr. Ana Ruiz, MD is unavailable');
    expect(sms!.body).toContain(`Next free times with Dr. Ana Ruiz, MD: ${backAt}`);
    expect(sms!.body).toContain('Or with another provider: Dr. Lee Park');
    expect(sms!.body).toContain(`/portal/appointments/book?clinic=${clinic.slug}`);
    expect(sms!.body).not.toContain('Sick');
    const email = outbox.find(
      (message) => message.recipient === 'ben@example.com' && message.purpose === 'provider-unavailable',
    );
    expect(email!.subject).toMatch(/^Su cita del .+ queda cancelada$/);
    // One message about it: no separate cancellation notice (the booking's confirmation came earlier).
    expect(
      outbox.filter((message) => message.recipient === '+12125550111').map((message) => message.purpose),
    ).toEqual(['provider-unavailable', 'appointment-confirmation']);
    const events = await auditEventsOf(test.database.orm, clinic.id, 'appointment.cancel');
    expect(events.flatMap((event) => event.patientIds)).toEqual(
      expect.arrayContaining([patients.ana, patients.ben, patients.cal]),
    );
  });

  it('tracks who has rebooked the same kind of visit and who has not', async () => {
    const orm = test.database.orm;
    // A week on by the clinic's clock (09:00 again, also across a daylight-saving change).
    const later = DateTime.fromJSDate(day, { zone: fixture.timeZone }).plus({ days: 7 }).toJSDate();
    // Ana books a video visit first (another kind of visit), then her follow-up again.
    await bookTestAppointment(orm, fixture, later, {
      patientId: patients.ana,
      typeId: fixture.types.video.id,
    });
    let tracked = await scheduler('GET', `${base()}/${exceptionId}`);
    expect(tracked.json().counts.rebooked).toBe(0);
    const again = await bookTestAppointment(orm, fixture, new Date(later.getTime() + 60 * minute), {
      patientId: patients.ana,
    });
    tracked = await scheduler('GET', `${base()}/${exceptionId}`);
    expect(tracked.json().counts).toMatchObject({ affected: 3, rebooked: 1, notRebooked: 2 });
    const ana = tracked
      .json()
      .affected.find((item: { patient: { id: string } }) => item.patient.id === patients.ana);
    expect(ana.rebookedAs).toMatchObject({
      appointmentId: again.id,
      provider: 'Dr. Ana Ruiz, MD',
      status: 'booked',
    });

    const list = await scheduler('GET', base());
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: exceptionId,
        reason: 'Sick today',
        counts: expect.objectContaining({ rebooked: 1 }),
      }),
    ]);
    // An administrator manages schedules but does not read patients' appointments: no names.
    const asAdmin = await admin('GET', `${base()}/${exceptionId}`);
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().affected.every((item: { patient: unknown }) => item.patient === null)).toBe(true);
    expect((await agent('GET', `${base()}/${exceptionId}`)).statusCode).toBe(403);
    expect(
      (
        await scheduler(
          'GET',
          `/api/providers/${fixture.providerId}/unavailability/00000000-0000-4000-8000-000000000000`,
        )
      ).statusCode,
    ).toBe(404);
  });
});
