import { and, eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../../testing/test-server.ts';
import { channelEndpoints, conversationMessages } from '../../conversations/schema.ts';
import type { Organization } from '../../organizations/service.ts';
import { addPatient, callAs, signedInStaff } from '../../patients/test-fixtures.ts';

/**
 * Texts in from Twilio, end to end: the signed webhook, threading into the inbox, linking to the
 * patient whose phone wrote, STOP and START, and delivery reports for the texts we send.
 */

const authToken = '0123456789abcdef0123456789abcdef';
const publicUrl = 'https://desk.harbor.example';
const clinicNumber = '+16175550100';

interface Summary {
  id: string;
  channel: string;
  status: string;
  messagesCount: number;
  patientId: string | null;
  identityVerified: boolean;
  contact: { kind: string; address: string | null; optedOut: boolean };
}
interface Message {
  body: string;
  direction: string | null;
  deliveryStatus: string | null;
  failureReason: string | null;
}

describe("texts in through Twilio's webhook", () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: ReturnType<typeof callAs>;
  let admin: ReturnType<typeof callAs>;
  let sids = 0;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: testConfig({ TWILIO_AUTH_TOKEN: authToken, PUBLIC_URL: publicUrl }),
    });
    clinic = await createTestClinic(test.database.orm, 'Harbor Family Practice');
    await test.database.orm
      .insert(channelEndpoints)
      .values({ organizationId: clinic.id, channel: 'sms', address: clinicNumber });
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  /** A text as Twilio posts it, with a fresh MessageSid. */
  const textFrom = (from: string, body: string, extra: Record<string, string> = {}) => ({
    MessageSid: `SM${String(++sids).padStart(32, '0')}`,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: from,
    To: clinicNumber,
    Body: body,
    NumMedia: '0',
    ...extra,
  });

  const sign = (path: string, params: Record<string, string>, token = authToken, base = publicUrl) =>
    twilio.getExpectedTwilioSignature(token, `${base}${path}`, params);

  /** Posts a form to a Twilio webhook, signed for real unless the test says otherwise. */
  const post = (
    path: '/hooks/twilio/sms' | '/hooks/twilio/status',
    params: Record<string, string>,
    signature: string | null = sign(path, params),
  ) =>
    server.app.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature === null ? {} : { 'x-twilio-signature': signature }),
      },
      payload: new URLSearchParams(params).toString(),
    });

  const inbox = async (query = ''): Promise<Summary[]> => {
    const response = await agent('GET', `/api/conversations${query}`);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const conversationsFrom = async (phone: string) =>
    (await inbox('?view=all&status=open,pending,snoozed,resolved')).filter(
      (item) => item.contact.address === phone,
    );
  const messagesOf = async (conversationId: string): Promise<Message[]> => {
    const response = await agent('GET', `/api/conversations/${conversationId}/messages`);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const storedWithSid = (sid: string) =>
    test.database.orm
      .select()
      .from(conversationMessages)
      .where(
        and(eq(conversationMessages.provider, 'twilio'), eq(conversationMessages.providerMessageId, sid)),
      );
  const outboxTo = async (phone: string): Promise<{ body: string; channel: string }[]> => {
    const response = await admin('GET', '/api/admin/outbox?limit=200');
    expect(response.statusCode).toBe(200);
    return response.json().items.filter((item: { recipient: string }) => item.recipient === phone);
  };

  it('puts a signed text in the inbox as a new conversation, with its words', async () => {
    const from = '+16175550183';
    const response = await post('/hooks/twilio/sms', textFrom(from, 'Can I move my appointment to Friday?'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/xml');
    expect(response.body).toContain('<Response></Response>');

    const [conversation, ...others] = await conversationsFrom(from);
    expect(others).toEqual([]);
    expect(conversation).toMatchObject({
      channel: 'sms',
      status: 'open',
      messagesCount: 1,
      patientId: null,
      identityVerified: false,
      contact: { kind: 'public', address: from, optedOut: false },
    });
    // It is waiting for an answer in the default view too.
    expect((await inbox()).map((item) => item.id)).toContain(conversation!.id);
    expect(await messagesOf(conversation!.id)).toMatchObject([
      { body: 'Can I move my appointment to Friday?', direction: 'inbound', deliveryStatus: 'received' },
    ]);
  });

  it('stores a text Twilio delivers twice only once', async () => {
    const from = '+16175550184';
    const text = textFrom(from, 'Running ten minutes late');
    expect((await post('/hooks/twilio/sms', text)).statusCode).toBe(200);
    expect((await post('/hooks/twilio/sms', text)).statusCode).toBe(200);

    const conversations = await conversationsFrom(from);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]!.messagesCount).toBe(1);
    expect((await messagesOf(conversations[0]!.id)).map((m) => m.body)).toEqual(['Running ten minutes late']);
    expect(await storedWithSid(text.MessageSid)).toHaveLength(1);
  });

  it('threads a second text from the same number into the same conversation', async () => {
    const from = '+16175550185';
    await post('/hooks/twilio/sms', textFrom(from, 'Do you take walk-ins?'));
    await post('/hooks/twilio/sms', textFrom(from, 'Or do I need to book?'));

    const conversations = await conversationsFrom(from);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]!.messagesCount).toBe(2);
    expect((await messagesOf(conversations[0]!.id)).map((m) => m.body)).toEqual([
      'Do you take walk-ins?',
      'Or do I need to book?',
    ]);
  });

  it('refuses a text without a valid Twilio signature, and stores nothing', async () => {
    const from = '+16175550186';
    const text = textFrom(from, 'Please call me back');
    const refusals = [
      await post('/hooks/twilio/sms', text, null),
      await post('/hooks/twilio/sms', text, 'bm90IGEgc2lnbmF0dXJl'),
      await post(
        '/hooks/twilio/sms',
        text,
        sign('/hooks/twilio/sms', text, 'another-token-another-token-1234'),
      ),
      await post(
        '/hooks/twilio/sms',
        text,
        sign('/hooks/twilio/sms', text, authToken, 'https://attacker.example'),
      ),
      // Signed, then changed on the way.
      await post('/hooks/twilio/sms', { ...text, Body: 'STOP' }, sign('/hooks/twilio/sms', text)),
    ];
    expect(refusals.map((response) => response.statusCode)).toEqual([403, 403, 403, 403, 403]);
    expect(refusals[0]!.json().error.code).toBe('forbidden');

    expect(await conversationsFrom(from)).toEqual([]);
    expect(await storedWithSid(text.MessageSid)).toEqual([]);
  });

  it('answers 404 for a text to a number no clinic uses, and stores nothing', async () => {
    const from = '+16175550187';
    const text = textFrom(from, 'Hello?', { To: '+16175550199' });
    const response = await post('/hooks/twilio/sms', text);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('+16175550199');
    expect(await conversationsFrom(from)).toEqual([]);
    expect(await storedWithSid(text.MessageSid)).toEqual([]);
  });

  it("links a text from exactly one patient's phone to that patient, without calling them verified", async () => {
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Nora',
      familyName: 'Halvorsen',
      phone: '(617) 555-0142',
    });
    await post('/hooks/twilio/sms', textFrom('+16175550142', 'Is my prescription ready?'));
    const [conversation] = await conversationsFrom('+16175550142');
    expect(conversation).toMatchObject({
      patientId: patient.id,
      identityVerified: false,
      contact: { kind: 'patient' },
    });

    // A phone two patients share says nothing about who is writing.
    for (const givenName of ['Ana', 'Luis'])
      await addPatient(test.database.orm, clinic.id, {
        givenName,
        familyName: 'Moreno',
        phone: '+1 617 555 0143',
      });
    await post('/hooks/twilio/sms', textFrom('+16175550143', 'Hi, this is about my appointment'));
    const [shared] = await conversationsFrom('+16175550143');
    expect(shared).toMatchObject({ patientId: null, identityVerified: false, contact: { kind: 'public' } });
  });

  it("honours STOP and START: replies are refused while opted out, and the patient's SMS consent follows", async () => {
    const from = '+16175550150';
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Owen',
      familyName: 'Pruitt',
      phone: from,
    });
    await post('/hooks/twilio/sms', textFrom(from, 'What time do you open tomorrow?'));
    await post('/hooks/twilio/sms', textFrom(from, 'STOP'));

    const [conversation] = await conversationsFrom(from);
    expect(conversation!.contact.optedOut).toBe(true);
    const timeline = (await agent('GET', `/api/conversations/${conversation!.id}/timeline`)).json().items;
    expect(timeline.map((event: { kind: string }) => event.kind)).toContain('opted-out');

    const refused = await agent('POST', `/api/conversations/${conversation!.id}/messages`, {
      body: 'We open at 8 am.',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('contact_opted_out');
    expect(await outboxTo(from)).toEqual([]);
    expect((await messagesOf(conversation!.id)).filter((m) => m.direction === 'outbound')).toEqual([]);

    const consentsAfterStop = (await agent('GET', `/api/patients/${patient.id}`)).json().consents;
    expect(consentsAfterStop.current).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'revoked', source: 'sms-keyword' }),
    ]);

    await post('/hooks/twilio/sms', textFrom(from, 'start'));
    const [again] = await conversationsFrom(from);
    expect(again!.contact.optedOut).toBe(false);
    const consentsAfterStart = (await agent('GET', `/api/patients/${patient.id}`)).json().consents;
    expect(consentsAfterStart.current).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'granted', source: 'sms-keyword' }),
    ]);
    expect(
      consentsAfterStart.history.map((entry: { status: string; source: string }) => [
        entry.status,
        entry.source,
      ]),
    ).toEqual([
      ['granted', 'sms-keyword'],
      ['revoked', 'sms-keyword'],
    ]);

    const answered = await agent('POST', `/api/conversations/${conversation!.id}/messages`, {
      body: 'We open at 8 am.',
    });
    expect(answered.statusCode).toBe(201);
    expect(await outboxTo(from)).toEqual([
      expect.objectContaining({ channel: 'sms', body: 'We open at 8 am.' }),
    ]);
  });

  it('moves a sent text to delivered, or to failed with the reason, when Twilio reports back', async () => {
    const from = '+16175550160';
    await post('/hooks/twilio/sms', textFrom(from, 'Can you send me the address?'));
    const [conversation] = await conversationsFrom(from);
    const reply = async (body: string) => {
      const response = await agent('POST', `/api/conversations/${conversation!.id}/messages`, { body });
      expect(response.statusCode).toBe(201);
      const [row] = await test.database.orm
        .select({ sid: conversationMessages.providerMessageId })
        .from(conversationMessages)
        .where(eq(conversationMessages.id, response.json().message.id));
      return row!.sid!;
    };
    const outgoing = async (body: string) =>
      (await messagesOf(conversation!.id)).find((m) => m.direction === 'outbound' && m.body === body)!;

    const addressSid = await reply('We are at 12 Harbor Street.');
    const parkingSid = await reply('Parking is behind the building.');

    // An unsigned report changes nothing.
    const forged = { MessageSid: addressSid, MessageStatus: 'failed', ErrorCode: '30003' };
    expect((await post('/hooks/twilio/status', forged, null)).statusCode).toBe(403);
    expect((await outgoing('We are at 12 Harbor Street.')).deliveryStatus).not.toBe('failed');

    const delivered = await post('/hooks/twilio/status', {
      MessageSid: addressSid,
      MessageStatus: 'delivered',
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
    });
    expect(delivered.statusCode).toBe(204);
    expect(await outgoing('We are at 12 Harbor Street.')).toMatchObject({
      deliveryStatus: 'delivered',
      failureReason: null,
    });

    const failed = await post('/hooks/twilio/status', {
      MessageSid: parkingSid,
      MessageStatus: 'undelivered',
      ErrorCode: '30006',
      ErrorMessage: 'Landline or unreachable carrier',
    });
    expect(failed.statusCode).toBe(204);
    const parking = await outgoing('Parking is behind the building.');
    expect(parking.deliveryStatus).toBe('failed');
    expect(parking.failureReason).toContain('Landline or unreachable carrier');
    const timeline = (await agent('GET', `/api/conversations/${conversation!.id}/timeline`)).json().items;
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: 'delivery-failed',
        details: expect.objectContaining({ reason: parking.failureReason }),
      }),
    );
  });

  it('only moves a text forward when Twilio reports out of order: a late `sent` changes nothing', async () => {
    const from = '+16175550161';
    await post('/hooks/twilio/sms', textFrom(from, 'Do I need to bring my insurance card?'));
    const [conversation] = await conversationsFrom(from);
    /** Sends a reply and stores it as Twilio first describes it (as queued, or sent). */
    const reply = async (body: string, status: 'queued' | 'sent') => {
      const response = await agent('POST', `/api/conversations/${conversation!.id}/messages`, { body });
      expect(response.statusCode).toBe(201);
      const [row] = await test.database.orm
        .update(conversationMessages)
        .set({ deliveryStatus: status })
        .where(eq(conversationMessages.id, response.json().message.id))
        .returning({ sid: conversationMessages.providerMessageId });
      return row!.sid!;
    };
    const report = async (sid: string, status: string, extra: Record<string, string> = {}) =>
      expect(
        (await post('/hooks/twilio/status', { MessageSid: sid, MessageStatus: status, ...extra })).statusCode,
      ).toBe(204);
    const stateOf = async (body: string) => {
      const message = (await messagesOf(conversation!.id)).find((m) => m.body === body)!;
      return [message.deliveryStatus, message.failureReason];
    };
    const failuresInTimeline = async () =>
      (await agent('GET', `/api/conversations/${conversation!.id}/timeline`))
        .json()
        .items.filter((event: { kind: string }) => event.kind === 'delivery-failed').length;

    const cardSid = await reply('Yes, please bring it.', 'queued');
    await report(cardSid, 'sending');
    expect(await stateOf('Yes, please bring it.')).toEqual(['queued', null]);
    await report(cardSid, 'sent');
    expect(await stateOf('Yes, please bring it.')).toEqual(['sent', null]);
    await report(cardSid, 'delivered');
    for (const late of ['sent', 'queued', 'sending', 'undelivered'])
      await report(cardSid, late, late === 'undelivered' ? { ErrorCode: '30005' } : {});
    expect(await stateOf('Yes, please bring it.')).toEqual(['delivered', null]);

    const idSid = await reply('And a photo ID.', 'sent');
    await report(idSid, 'failed', { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' });
    const failure = await stateOf('And a photo ID.');
    expect(failure[0]).toBe('failed');
    expect(failure[1]).toContain('Unreachable destination handset');
    for (const late of ['sent', 'delivered', 'queued']) await report(idSid, late);
    await report(idSid, 'undelivered', { ErrorCode: '30005', ErrorMessage: 'Unknown destination handset' });
    expect(await stateOf('And a photo ID.')).toEqual(failure);
    expect(await failuresInTimeline()).toBe(1);

    // Failed is final and may replace a text still queued.
    const lateSid = await reply('See you Tuesday.', 'queued');
    await report(lateSid, 'canceled');
    expect((await stateOf('See you Tuesday.'))[0]).toBe('failed');
    await report(lateSid, 'sent');
    expect((await stateOf('See you Tuesday.'))[0]).toBe('failed');
    expect(await failuresInTimeline()).toBe(2);
  });
});
