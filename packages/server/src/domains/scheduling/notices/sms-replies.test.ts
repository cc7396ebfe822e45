import { and, desc, eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import { auditEvents } from '../../audit/schema.ts';
import { findContactByAddress } from '../../conversations/contacts.ts';
import { channelEndpoints, conversationMessages, conversations } from '../../conversations/schema.ts';
import type { Organization } from '../../organizations/service.ts';
import { listOutbox } from '../../outbox/service.ts';
import { addPatient } from '../../patients/test-fixtures.ts';
import { type AppointmentRow, bookAppointment } from '../booking.ts';
import { appointmentReminders, appointments } from '../schema.ts';
import {
  createSchedulingFixture,
  nextWorkdayAt,
  type SchedulingFixture,
  testSchedulingDependencies,
} from '../test-fixtures.ts';

/**
 * Replies to a reminder, end to end through Twilio's signed webhook: C confirms, R offers the
 * next free times and the link, X cancels (but not inside the cut-off), each answered over the
 * same number in the patient's language and on the audit record. Other texts, and the carrier
 * keywords, go on as before.
 */

const authToken = '0123456789abcdef0123456789abcdef';
const publicUrl = 'https://desk.harbor.example';
const clinicNumber = '+16175550100';
const minute = 60_000;

describe('replies to reminders by text', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let fixture: SchedulingFixture;
  let sids = 0;
  let phones = 0;
  const deps = testSchedulingDependencies();

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: testConfig({ TWILIO_AUTH_TOKEN: authToken, PUBLIC_URL: publicUrl }),
    });
    clinic = await createTestClinic(test.database.orm, 'Harbor Family Practice');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    await test.database.orm
      .insert(channelEndpoints)
      .values({ organizationId: clinic.id, channel: 'sms', address: clinicNumber });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  /** Posts a text as Twilio does, signed with the account's token. */
  const text = (from: string, body: string) => {
    const params = {
      MessageSid: `SM${String(++sids).padStart(32, '0')}`,
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      From: from,
      To: clinicNumber,
      Body: body,
      NumMedia: '0',
    };
    return server.app.inject({
      method: 'POST',
      url: '/hooks/twilio/sms',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(
          authToken,
          `${publicUrl}/hooks/twilio/sms`,
          params,
        ),
      },
      payload: new URLSearchParams(params).toString(),
    });
  };

  /** A patient with their own number and a visit `startsAt` that had its reminder by SMS. */
  async function remindedPatient(
    startsAt: Date,
    fields: { preferredLanguage?: string; givenName?: string } = {},
    options: { reminded?: boolean; bySql?: boolean } = {},
  ): Promise<{ phone: string; patientId: string; visit: AppointmentRow }> {
    const phone = `+1617555${String(3000 + ++phones)}`;
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: fields.givenName ?? 'Maya',
      familyName: `Reyes${phones}`,
      phone,
      email: `maya${phones}@example.com`,
      ...(fields.preferredLanguage ? { preferredLanguage: fields.preferredLanguage } : {}),
    });
    const visit = options.bySql
      ? // Sooner than the hours of the fixture allow (inside the cut-off), so written directly.
        (
          await test.database.orm
            .insert(appointments)
            .values({
              organizationId: clinic.id,
              patientId: patient.id,
              providerId: fixture.providerId,
              locationId: fixture.locationId,
              appointmentTypeId: fixture.types.followUp.id,
              status: 'booked',
              mode: 'in-person',
              startsAt,
              endsAt: new Date(startsAt.getTime() + 15 * minute),
              blocked: `[${startsAt.toISOString()},${new Date(startsAt.getTime() + 15 * minute).toISOString()})`,
              checkInCode: 'KQ3ZTX',
              bookedByType: 'staff',
              bookedAt: new Date(),
            })
            .returning()
        )[0]!
      : await bookAppointment(test.database.orm, deps, {
          organizationId: clinic.id,
          patientId: patient.id,
          providerId: fixture.providerId,
          locationId: fixture.locationId,
          appointmentTypeId: fixture.types.followUp.id,
          startsAt,
          bookedBy: { type: 'staff', id: null },
          rules: 'staff',
        });
    if (options.reminded !== false)
      await test.database.orm.insert(appointmentReminders).values({
        organizationId: clinic.id,
        appointmentId: visit.id,
        offsetMinutes: 99,
        sendAt: new Date(Date.now() - 5 * minute),
        status: 'sent',
        channel: 'sms',
        sentAt: new Date(Date.now() - 5 * minute),
      });
    return { phone, patientId: patient.id, visit };
  }

  /** What the clinic sent to the number, oldest first: answers only, or every message. */
  const sentTo = async (phone: string) =>
    (await listOutbox(test.database.orm, server.cipher, clinic.id, 200))
      .filter((message) => message.recipient === phone)
      .reverse();
  const answersTo = async (phone: string) =>
    (await sentTo(phone)).filter((message) => message.purpose === 'conversation-reply');
  const appointment = async (id: string) =>
    (await test.database.orm.select().from(appointments).where(eq(appointments.id, id)))[0]!;
  const conversationOf = async (phone: string) => {
    const found = await findContactByAddress(test.database.orm, 'sms', phone);
    const [row] = await test.database.orm
      .select()
      .from(conversations)
      .where(eq(conversations.contactId, found!.contact.id))
      .orderBy(desc(conversations.createdAt));
    return row!;
  };
  const auditOf = async (appointmentId: string) =>
    test.database.orm
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, clinic.id), eq(auditEvents.resourceId, appointmentId)));

  it('confirms the visit on C, answers over the same number, and leaves nobody a text to pick up', async () => {
    const { phone, patientId, visit } = await remindedPatient(nextWorkdayAt(fixture, 9, 0));
    const response = await text(phone, ' c ');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<Response></Response>');

    expect((await appointment(visit.id)).confirmedAt).toBeInstanceOf(Date);
    const answers = await answersTo(phone);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatch(
      /^Confirmed: your appointment with Dr\. Ana Ruiz, MD on \w+, \w+ \d+, 9:00 AM E[DS]T\. See you then! Harbor Family Practice$/,
    );
    const conversation = await conversationOf(phone);
    expect(conversation.waitingSince).toBeNull();
    const messages = await test.database.orm
      .select({ direction: conversationMessages.direction, authorKind: conversationMessages.authorKind })
      .from(conversationMessages)
      .where(eq(conversationMessages.conversationId, conversation.id))
      .orderBy(conversationMessages.createdAt);
    expect(messages).toEqual([
      { direction: 'inbound', authorKind: 'contact' },
      { direction: 'outbound', authorKind: 'system' },
    ]);
    expect(await auditOf(visit.id)).toMatchObject([
      {
        action: 'appointment.confirm',
        actorType: 'patient',
        actorId: patientId,
        outcome: 'allowed',
        patientIds: [patientId],
        details: { via: 'sms-reply' },
      },
    ]);
  });

  it('understands the words in Spanish and answers in the patient’s language', async () => {
    const { phone, visit } = await remindedPatient(nextWorkdayAt(fixture, 9, 30), {
      preferredLanguage: 'es',
    });
    await text(phone, 'Confirmar!');
    expect((await appointment(visit.id)).confirmedAt).not.toBeNull();
    const [answer] = await answersTo(phone);
    expect(answer!.body).toMatch(
      /^Confirmada: su cita con Dr\. Ana Ruiz, MD el .+, 9:30 E[DS]T\. ¡Le esperamos!/,
    );
  });

  it('answers R with the next three free times and the link to move the visit, changing nothing', async () => {
    const { phone, visit } = await remindedPatient(nextWorkdayAt(fixture, 10, 0));
    await text(phone, 'R');
    const [answer] = await answersTo(phone);
    expect(answer!.body).toMatch(/^To move your appointment with Dr\. Ana Ruiz, MD on .+, 10:00 AM E[DS]T, /);
    expect(answer!.body).toContain(
      `choose a new time here: ${publicUrl}/portal/appointments/${visit.id}?clinic=${clinic.slug}`,
    );
    const offered = /Next free times: (.+)\.$/.exec(answer!.body)?.[1]?.split('; ') ?? [];
    expect(offered).toHaveLength(3);
    for (const time of offered) expect(time).toMatch(/^\w{3}, \w{3} \d+, \d+:\d{2} [AP]M$/);
    expect((await appointment(visit.id)).status).toBe('booked');
    expect((await auditOf(visit.id)).map((event) => event.action)).toEqual([
      'appointment.reschedule-options',
    ]);
  });

  it('cancels on X with the patient’s reason and no second notice; inside the cut-off it asks them to call', async () => {
    const { phone, visit } = await remindedPatient(nextWorkdayAt(fixture, 10, 30));
    await text(phone, 'x');
    const cancelled = await appointment(visit.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellationReason: 'patient' });
    // The answer is the cancellation notice: no second one follows it.
    const sent = await sentTo(phone);
    expect(sent.map((message) => message.purpose)).toEqual([
      'appointment-confirmation',
      'conversation-reply',
    ]);
    expect(sent[1]!.body).toMatch(
      /^Cancelled: your appointment with Dr\. Ana Ruiz, MD on .+\. To book another time: https:/,
    );
    expect(
      (
        await test.database.orm
          .select()
          .from(appointmentReminders)
          .where(eq(appointmentReminders.appointmentId, visit.id))
      ).filter((reminder) => reminder.status === 'pending'),
    ).toEqual([]);

    const soon = await remindedPatient(new Date(Date.now() + 3 * 60 * minute), {}, { bySql: true });
    await text(soon.phone, 'CANCELAR');
    expect((await appointment(soon.visit.id)).status).toBe('booked');
    const [refusal] = await answersTo(soon.phone);
    expect(refusal!.body).toMatch(/is too close to cancel by text\. Please call us at \+12125550100\.$/);
    expect(await auditOf(soon.visit.id)).toMatchObject([
      {
        action: 'appointment.cancel',
        outcome: 'denied',
        details: { reason: 'inside the cancellation cut-off' },
      },
    ]);
  });

  it('leaves a C with no reminded visit, and any other text, to the inbox as before', async () => {
    const notReminded = await remindedPatient(nextWorkdayAt(fixture, 11, 0), {}, { reminded: false });
    await text(notReminded.phone, 'C');
    expect((await appointment(notReminded.visit.id)).confirmedAt).toBeNull();
    expect((await conversationOf(notReminded.phone)).waitingSince).toBeInstanceOf(Date);

    const reminded = await remindedPatient(nextWorkdayAt(fixture, 11, 30));
    await text(reminded.phone, 'C is fine but can I come earlier?');
    expect((await appointment(reminded.visit.id)).confirmedAt).toBeNull();
    expect((await conversationOf(reminded.phone)).waitingSince).toBeInstanceOf(Date);
    expect(await answersTo(reminded.phone)).toEqual([]);
  });

  it('keeps the carrier keywords: STOP and CANCEL opt the number out and cancel no visit', async () => {
    for (const [keyword, hour] of [
      ['STOP', 13],
      ['cancel', 14],
    ] as const) {
      const { phone, visit } = await remindedPatient(nextWorkdayAt(fixture, hour, 0));
      await text(phone, keyword);
      expect((await appointment(visit.id)).status).toBe('booked');
      expect(
        (await findContactByAddress(test.database.orm, 'sms', phone))!.address.optedOutAt,
      ).toBeInstanceOf(Date);
      expect(await answersTo(phone)).toEqual([]);
    }
  });
});
