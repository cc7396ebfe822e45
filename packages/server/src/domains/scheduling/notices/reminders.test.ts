import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic } from '../../../testing/clinic.ts';
import { testCipher } from '../../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import type { ChannelSender } from '../../channels/outbound.ts';
import { resolveContact, setOptedOut } from '../../conversations/contacts.ts';
import { listOutbox } from '../../outbox/service.ts';
import { patientConsents, type patients } from '../../patients/schema.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { bookAppointment, cancelAppointmentRow, rescheduleAppointmentRow } from '../booking.ts';
import { appointmentReminders, appointments, providers } from '../schema.ts';
import {
  createSchedulingFixture,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';
import { reachOf } from './patient-reach.ts';
import { dispatchDueReminders } from './reminder-dispatch.ts';
import { insertDueReminders, reminderDeliveries } from './test-reminders.ts';

/**
 * Reminders from booking to sending: planned per offset of the visit type when booked, dropped
 * when cancelled, moved with a reschedule, and dispatched once each through the outbox in the
 * patient's language and preferred (consented) channel.
 */

const deps = testSchedulingDependencies();
const minute = 60_000;

describe('appointment reminders', () => {
  let test: TestDatabase;
  let fixture: SchedulingFixture;
  const orm = () => test.database.orm;
  const dispatch = (now: Date, batchSize?: number) =>
    dispatchDueReminders(
      { database: test.database, channels: deps.channels, publicUrl: deps.publicUrl },
      { now, ...(batchSize ? { batchSize } : {}) },
    );

  beforeAll(async () => {
    test = await createTestDatabase();
    const clinic = await createTestClinic(test.database.orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
  });
  afterAll(() => test.drop());

  /** A weekday `days` or more ahead at a local time (free in the fixture's hours). */
  const workday = (days: number, hour: number, minuteOfHour = 0) => {
    let day = DateTime.now().setZone(fixture.timeZone).plus({ days }).startOf('day');
    while (day.weekday > 5) day = day.plus({ days: 1 });
    return day.set({ hour, minute: minuteOfHour }).toJSDate();
  };
  const book = (
    startsAt: Date,
    options: { patientId?: string; typeId?: string; now?: Date; reason?: string } = {},
  ) =>
    bookAppointment(orm(), deps, {
      organizationId: fixture.organizationId,
      patientId: options.patientId ?? fixture.patientId,
      providerId: fixture.providerId,
      locationId: fixture.locationId,
      appointmentTypeId: options.typeId ?? fixture.types.followUp.id,
      startsAt,
      bookedBy: { type: 'staff', id: null },
      rules: 'staff',
      ...(options.now ? { now: options.now } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
  const remindersOf = (appointmentId: string) =>
    orm()
      .select()
      .from(appointmentReminders)
      .where(eq(appointmentReminders.appointmentId, appointmentId))
      .orderBy(sql`offset_minutes desc`);
  const remindersSentTo = async (recipient: string) =>
    (await listOutbox(orm(), testCipher(), fixture.organizationId, 200)).filter(
      (message) => message.recipient === recipient && message.purpose === 'appointment-reminder',
    );
  const newPatient = (fields: Partial<typeof patients.$inferInsert> = {}) =>
    addPatient(orm(), fixture.organizationId, {
      givenName: 'Rosa',
      familyName: `Diaz${Math.random().toString(36).slice(2, 6)}`,
      phone: `+1212555${String(Math.floor(1000 + Math.random() * 8999))}`,
      email: `rosa.${Math.random().toString(36).slice(2, 8)}@example.com`,
      ...fields,
    });

  it('plans one reminder per offset of the kind of visit, at its exact time', async () => {
    const startsAt = workday(10, 10, 30);
    const booked = await book(startsAt);
    const reminders = await remindersOf(booked.id);
    expect(reminders.map((r) => [r.offsetMinutes, r.status, r.sendAt.toISOString()])).toEqual([
      [10080, 'pending', new Date(startsAt.getTime() - 10080 * minute).toISOString()],
      [2880, 'pending', new Date(startsAt.getTime() - 2880 * minute).toISOString()],
      [120, 'pending', new Date(startsAt.getTime() - 120 * minute).toISOString()],
    ]);
  });

  it('gives a visit booked for tomorrow only its 2-hour reminder; the passed ones are marked skipped', async () => {
    const startsAt = workday(12, 14);
    const booked = await book(startsAt, { now: new Date(startsAt.getTime() - 26 * 60 * minute) });
    const reminders = await remindersOf(booked.id);
    expect(reminders.filter((r) => r.status === 'pending').map((r) => r.offsetMinutes)).toEqual([120]);
    expect(reminders.filter((r) => r.status === 'skipped').map((r) => r.skipReason)).toEqual([
      'its time had already passed when the visit was booked',
      'its time had already passed when the visit was booked',
    ]);
  });

  it("keeps out of the patient's own quiet hours, else the clinic's", async () => {
    // 10:00 visit: the 2-hour reminder is due at 08:00, allowed by the clinic's 21:00-08:00.
    const startsAt = workday(13, 10);
    const clinicHours = await book(startsAt);
    expect((await remindersOf(clinicHours.id)).at(-1)!.sendAt).toEqual(
      new Date(startsAt.getTime() - 120 * minute),
    );
    // A patient who asked for quiet until 09:00 gets it at 21:59 the evening before.
    const lateRiser = await newPatient({ quietHoursStart: '22:00', quietHoursEnd: '09:00' });
    const ownHours = await book(workday(15, 10, 15), { patientId: lateRiser.id });
    const local = DateTime.fromJSDate((await remindersOf(ownHours.id)).at(-1)!.sendAt, {
      zone: fixture.timeZone,
    });
    expect(local.toFormat('HH:mm')).toBe('21:59');
    expect(local.toISODate()).toBe(
      DateTime.fromJSDate(ownHours.startsAt, { zone: fixture.timeZone }).minus({ days: 1 }).toISODate(),
    );
  });

  it('drops pending reminders when the visit is cancelled, and plans them anew when it is moved', async () => {
    const cancelled = await book(workday(14, 11));
    await cancelAppointmentRow(orm(), deps, cancelled, 'clinic');
    expect((await remindersOf(cancelled.id)).map((r) => r.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);

    const original = await book(workday(14, 13));
    const movedTo = workday(16, 15);
    const moved = await rescheduleAppointmentRow(orm(), deps, original, {
      startsAt: movedTo,
      rules: 'staff',
      bookedBy: { type: 'staff', id: null },
    });
    expect((await remindersOf(original.id)).map((r) => r.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect((await remindersOf(moved.id)).map((r) => [r.status, r.sendAt.getTime()])).toEqual([
      ['pending', movedTo.getTime() - 10080 * minute],
      ['pending', movedTo.getTime() - 2880 * minute],
      ['pending', movedTo.getTime() - 120 * minute],
    ]);
  });

  it("sends each due reminder once, in the patient's language, with the check-in code or the video link", async () => {
    const english = await newPatient({ preferredChannel: 'sms', preferredLanguage: 'en' });
    const spanish = await newPatient({ preferredChannel: 'email', preferredLanguage: 'es' });
    const inPerson = await book(workday(18, 9), { patientId: english.id, reason: 'sore knee after a fall' });
    const video = await book(workday(18, 10), { patientId: spanish.id, typeId: fixture.types.video.id });
    const inPersonWeek = inPerson.startsAt.getTime() - 10080 * minute;
    const now = new Date(video.startsAt.getTime() - 10080 * minute + minute);

    const first = await dispatch(now);
    expect(first.sent).toBeGreaterThanOrEqual(2);
    const again = await dispatch(now);
    expect(again.sent).toBe(0);

    const [text, ...moreTexts] = await remindersSentTo(english.phone!);
    expect(moreTexts).toEqual([]);
    expect(text!.channel).toBe('sms');
    expect(text!.body).toContain(
      'Harbor Family Practice: reminder of your appointment with Dr. Ana Ruiz, MD',
    );
    expect(text!.body).toContain(`Check-in code: ${inPerson.checkInCode}.`);
    expect(text!.body).toContain('Reply C to confirm, R to reschedule, X to cancel.');
    expect(text!.body).not.toMatch(/knee|fall|Family medicine/i);

    const [mail, ...moreMails] = await remindersSentTo(spanish.email!);
    expect(moreMails).toEqual([]);
    expect(mail!.channel).toBe('email');
    expect(mail!.subject).toMatch(/^Recordatorio: su cita del /);
    expect(mail!.body).toContain('Le recordamos su cita.');
    expect(mail!.body).toContain(`http://desk.test/visit/${video.videoVisitToken}`);
    expect(mail!.body).not.toContain('código para registrarse');

    const [inPersonWeekly] = await remindersOf(inPerson.id);
    expect(inPersonWeekly).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(inPersonWeekly!.sendAt.getTime()).toBe(inPersonWeek);
    expect((await remindersOf(video.id))[0]).toMatchObject({ status: 'sent', channel: 'email' });
  });

  it('sends only the latest of several reminders due at once, and none for a visit no longer booked', async () => {
    const patient = await newPatient();
    const late = await book(workday(20, 11), { patientId: patient.id });
    // At 09:30 even its 2-hour reminder is due already: 07:30 is quiet, so it was planned for 20:59.
    const stale = await book(workday(20, 9, 30), { patientId: patient.id });
    // Cancelled behind the followers' back, as a concurrent change might: the dispatcher checks.
    await orm().update(appointments).set({ status: 'cancelled' }).where(eq(appointments.id, stale.id));
    const run = await dispatch(new Date(late.startsAt.getTime() - 119 * minute));
    expect(run.sent).toBeGreaterThanOrEqual(1);
    expect((await remindersOf(late.id)).map((r) => [r.offsetMinutes, r.status])).toEqual([
      [10080, 'skipped'],
      [2880, 'skipped'],
      [120, 'sent'],
    ]);
    expect((await remindersOf(late.id))[0]!.skipReason).toBe(
      'a later reminder of the same visit was due at the same time and went instead',
    );
    expect((await remindersOf(stale.id)).map((r) => r.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(await remindersSentTo(patient.phone!)).toHaveLength(1);
  });

  it('waits for the morning with a reminder found late in quiet hours (after an outage)', async () => {
    const patient = await newPatient();
    const visit = await book(workday(22, 15), { patientId: patient.id });
    const eveningBefore = DateTime.fromJSDate(visit.startsAt, { zone: fixture.timeZone }).minus({ days: 1 });
    await orm()
      .update(appointmentReminders)
      .set({ sendAt: eveningBefore.set({ hour: 19 }).toJSDate() })
      .where(
        and(eq(appointmentReminders.appointmentId, visit.id), eq(appointmentReminders.offsetMinutes, 120)),
      );
    await orm()
      .update(appointmentReminders)
      .set({ status: 'cancelled' })
      .where(
        and(eq(appointmentReminders.appointmentId, visit.id), eq(appointmentReminders.offsetMinutes, 2880)),
      );
    await dispatch(eveningBefore.set({ hour: 23, minute: 30 }).toJSDate());
    const [, , twoHours] = await remindersOf(visit.id);
    expect(twoHours!.status).toBe('pending');
    expect(
      DateTime.fromJSDate(twoHours!.sendAt, { zone: fixture.timeZone }).toFormat('yyyy-MM-dd HH:mm'),
    ).toBe(`${DateTime.fromJSDate(visit.startsAt, { zone: fixture.timeZone }).toISODate()} 08:00`);
    expect(await remindersSentTo(patient.phone!)).toEqual([]);
  });

  it('chooses the preferred channel, falls back when it is revoked or the number texted STOP, and says why when none is left', async () => {
    const revoked = await newPatient({ preferredChannel: 'sms' });
    await orm().insert(patientConsents).values({
      organizationId: fixture.organizationId,
      patientId: revoked.id,
      channel: 'sms',
      status: 'revoked',
      source: 'staff',
    });
    const stopped = await newPatient({ preferredChannel: 'sms' });
    const contact = await resolveContact(orm(), {
      organizationId: fixture.organizationId,
      channel: 'sms',
      address: stopped.phone!,
    });
    await setOptedOut(orm(), contact.address.id, true);
    const emailFirst = await newPatient({ preferredChannel: 'email' });
    const nowhere = await newPatient({ preferredChannel: 'email', phone: null });
    await orm().insert(patientConsents).values({
      organizationId: fixture.organizationId,
      patientId: nowhere.id,
      channel: 'email',
      status: 'revoked',
      source: 'portal',
    });
    // A later grant is the one in force.
    const regranted = await newPatient({ preferredChannel: 'sms' });
    await orm()
      .insert(patientConsents)
      .values([
        {
          organizationId: fixture.organizationId,
          patientId: regranted.id,
          channel: 'sms',
          status: 'revoked',
          source: 'sms-keyword',
          recordedAt: new Date(Date.now() - 60 * minute),
        },
        {
          organizationId: fixture.organizationId,
          patientId: regranted.id,
          channel: 'sms',
          status: 'granted',
          source: 'sms-keyword',
        },
      ]);

    const reach = await reachOf(orm(), [revoked, stopped, emailFirst, nowhere, regranted], 'US');
    expect(reach.get(revoked.id)!.ways).toEqual([{ channel: 'email', address: revoked.email }]);
    expect(reach.get(stopped.id)!.ways).toEqual([{ channel: 'email', address: stopped.email }]);
    expect(reach.get(emailFirst.id)!.ways.map((way) => way.channel)).toEqual(['email', 'sms']);
    expect(reach.get(nowhere.id)).toEqual({
      ways: [],
      refusals: ['email consent revoked', 'no mobile number'],
    });
    expect(reach.get(regranted.id)!.ways[0]).toEqual({ channel: 'sms', address: regranted.phone });

    const visit = await book(workday(24, 11), { patientId: nowhere.id });
    await dispatch(new Date(visit.startsAt.getTime() - 119 * minute));
    expect((await remindersOf(visit.id)).at(-1)).toMatchObject({
      status: 'skipped',
      skipReason: 'no way to reach the patient: email consent revoked; no mobile number',
    });
  });

  it('tries the other channel when the carrier refuses a text, and says why when there is none', async () => {
    // Twilio at the edge, refusing every text as sent to a landline; email goes to the outbox.
    const landlines: ChannelSender = {
      ...deps.channels,
      drivers: { sms: 'twilio', email: 'outbox' },
      async sendSystemMessage(orm, message) {
        if (message.channel === 'sms') throw new Error('Twilio error 21614: the number is a landline');
        return deps.channels.sendSystemMessage(orm, message);
      },
      async sendSystemMessages(orm, messages) {
        const results = [];
        for (const message of messages)
          results.push(
            await this.sendSystemMessage(orm, message).catch((error: Error) => ({ error: error.message })),
          );
        return results;
      },
    };
    const withEmail = await newPatient({ preferredChannel: 'sms' });
    const textOnly = await newPatient({ preferredChannel: 'sms', email: null });
    const first = await book(workday(26, 16), { patientId: withEmail.id });
    const second = await book(workday(26, 16, 30), { patientId: textOnly.id });
    await dispatchDueReminders(
      { database: test.database, channels: landlines, publicUrl: deps.publicUrl },
      { now: new Date(second.startsAt.getTime() - 119 * minute) },
    );
    expect((await remindersOf(first.id)).at(-1)).toMatchObject({ status: 'sent', channel: 'email' });
    expect(await remindersSentTo(withEmail.email!)).toHaveLength(1);
    expect((await remindersOf(second.id)).at(-1)).toMatchObject({
      status: 'skipped',
      skipReason: 'sms: Twilio error 21614: the number is a landline',
    });
  });

  it('sends each reminder exactly once when two dispatchers run at the same time', async () => {
    const [second] = await orm()
      .insert(providers)
      .values({ organizationId: fixture.organizationId, givenName: 'Lee', familyName: 'Park', prefix: 'Dr.' })
      .returning();
    const now = workday(30, 8);
    await insertDueReminders(test.database, {
      organizationId: fixture.organizationId,
      locationId: fixture.locationId,
      providerIds: [second!.id],
      appointmentTypeId: fixture.types.followUp.id,
      firstStart: workday(31, 9),
      count: 300,
      dueAt: new Date(now.getTime() - minute),
      label: 'T',
    });
    const runs = await Promise.all([dispatch(now, 25), dispatch(now, 25)]);
    // Both took part (earlier tests' reminders due by then go too).
    expect(runs.every((run) => run.sent > 0)).toBe(true);
    expect(await reminderDeliveries(test.database, fixture.organizationId, 'T')).toEqual({
      reminders: 300,
      sent: 300,
      missing: 0,
      duplicated: 0,
      messages: 300,
    });
  });
});
