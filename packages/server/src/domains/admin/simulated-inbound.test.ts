import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer, testConfig } from '../../testing/test-server.ts';
import { channelEndpoints } from '../conversations/schema.ts';
import type { Organization } from '../organizations/service.ts';
import { auditEventsOf, callAs, signedInStaff } from '../patients/test-fixtures.ts';

/**
 * Trying the channels without accounts: on the outbox driver an administrator simulates a text or
 * an email from the outbox page, it arrives in the inbox exactly as a real one would (STOP
 * included), and the desk's answer shows up in the outbox with the headers it would carry.
 */

const clinicNumber = '+16175550100';
const clinicAddress = 'hello@birchwood.example';

interface Summary {
  id: string;
  channel: string;
  subject: string | null;
  messagesCount: number;
  contact: { address: string | null; optedOut: boolean };
}
interface OutboxItem {
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  purpose: string;
  emailHeaders: { from: string; messageId: string; inReplyTo?: string; references?: string[] } | null;
}

describe('simulated inbound texts and emails on the outbox driver', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let otherClinic: Organization;
  let admin: ReturnType<typeof callAs>;
  let agent: ReturnType<typeof callAs>;
  let otherAgent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Birchwood Health');
    otherClinic = await createTestClinic(orm, 'Elsewhere Clinic');
    await orm.insert(channelEndpoints).values([
      { organizationId: clinic.id, channel: 'sms', address: clinicNumber },
      { organizationId: clinic.id, channel: 'email', address: clinicAddress },
      { organizationId: otherClinic.id, channel: 'email', address: 'desk@elsewhere.example' },
    ]);
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    otherAgent = callAs(server, await signedInStaff(server, otherClinic.id, 'agent'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const simulate = (payload: Record<string, unknown>) =>
    admin('POST', '/api/admin/outbox/simulated-inbound', payload);
  const conversationsFrom = async (
    caller: ReturnType<typeof callAs>,
    address: string,
  ): Promise<Summary[]> => {
    const response = await caller('GET', '/api/conversations?view=all&status=open,pending,snoozed,resolved');
    expect(response.statusCode).toBe(200);
    return response.json().items.filter((item: Summary) => item.contact.address === address);
  };
  const outboxTo = async (recipient: string): Promise<OutboxItem[]> => {
    const response = await admin('GET', '/api/admin/outbox?limit=200');
    expect(response.statusCode).toBe(200);
    return response.json().items.filter((item: OutboxItem) => item.recipient === recipient);
  };

  it("lists the clinic's own numbers and addresses for the form, and says where messages go", async () => {
    const response = await admin('GET', '/api/admin/channel-endpoints');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.items.map((item: { channel: string; address: string }) => [item.channel, item.address]),
    ).toEqual([
      ['email', clinicAddress],
      ['sms', clinicNumber],
    ]);
    expect(body.drivers).toEqual({ sms: 'outbox', email: 'outbox' });
  });

  it('brings a simulated email into the inbox, and the answer to it into the outbox with its thread headers', async () => {
    const response = await simulate({
      channel: 'email',
      from: 'June.Park@Example.com',
      to: clinicAddress,
      subject: 'Lost my card',
      body: 'I lost my card at the front desk.\n\nOn Mon, Birchwood <hello@birchwood.example> wrote:\n> Welcome!',
    });
    expect(response.statusCode).toBe(200);
    const { conversationId, keyword } = response.json();
    expect(keyword).toBeNull();
    const [conversation] = await conversationsFrom(agent, 'june.park@example.com');
    expect(conversation).toMatchObject({ id: conversationId, channel: 'email', subject: 'Lost my card' });
    const messages = (await agent('GET', `/api/conversations/${conversationId}/messages`)).json().items;
    expect(messages.map((message: { body: string }) => message.body)).toEqual([
      'I lost my card at the front desk.',
    ]);
    expect(await auditEventsOf(test.database.orm, clinic.id, 'outbox.simulate-inbound')).toHaveLength(1);

    const answered = await agent('POST', `/api/conversations/${conversationId}/messages`, {
      kind: 'message',
      body: 'We found it; it is at reception.',
    });
    expect(answered.statusCode).toBe(201);
    const [sent] = await outboxTo('june.park@example.com');
    expect(sent).toMatchObject({
      channel: 'email',
      subject: 'Re: Lost my card',
      body: 'We found it; it is at reception.',
      purpose: 'conversation-reply',
      emailHeaders: { from: clinicAddress },
    });
    expect(sent!.emailHeaders!.messageId).toMatch(/^<[0-9a-f-]{36}@birchwood\.example>$/);
    expect(sent!.emailHeaders!.inReplyTo).toMatch(/@simulated\.patientdesk\.invalid>$/);
    expect(sent!.emailHeaders!.references).toEqual([sent!.emailHeaders!.inReplyTo]);
  });

  it('brings a simulated text into the inbox, and the answer to it into the outbox', async () => {
    const response = await simulate({
      channel: 'sms',
      from: '(617) 555-0142',
      to: clinicNumber,
      body: 'Running late',
    });
    expect(response.statusCode).toBe(200);
    const [conversation] = await conversationsFrom(agent, '+16175550142');
    expect(conversation).toMatchObject({
      id: response.json().conversationId,
      channel: 'sms',
      messagesCount: 1,
    });
    const answered = await agent('POST', `/api/conversations/${conversation!.id}/messages`, {
      kind: 'message',
      body: 'No problem, drive safely.',
    });
    expect(answered.statusCode).toBe(201);
    expect(await outboxTo('+16175550142')).toEqual([
      expect.objectContaining({ channel: 'sms', body: 'No problem, drive safely.', emailHeaders: null }),
    ]);
  });

  it('honours STOP from a simulated text as it would from a phone', async () => {
    const phone = '+16175550177';
    expect(
      (await simulate({ channel: 'sms', from: phone, to: clinicNumber, body: 'Hello' })).statusCode,
    ).toBe(200);
    const stop = await simulate({ channel: 'sms', from: phone, to: clinicNumber, body: 'STOP' });
    expect(stop.statusCode).toBe(200);
    expect(stop.json().keyword).toBe('stop');
    const [conversation] = await conversationsFrom(agent, phone);
    expect(conversation!.contact.optedOut).toBe(true);
    const refused = await agent('POST', `/api/conversations/${conversation!.id}/messages`, {
      kind: 'message',
      body: 'Are you still there?',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('contact_opted_out');
    expect(await outboxTo(phone)).toEqual([]);
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: 'fax', from: '+16175550101', to: clinicNumber, body: 'Hi' }, 'body.channel'],
      [{ channel: 'sms', to: clinicNumber, body: 'Hi' }, 'body.from'],
      [{ channel: 'sms', from: '+16175550101', to: clinicNumber, body: '   ' }, 'body.body'],
      [{ channel: 'sms', from: 'not a phone', to: clinicNumber, body: 'Hi' }, 'body.from'],
      [{ channel: 'email', from: 'no-at-sign', to: clinicAddress, body: 'Hi' }, 'body.from'],
      [{ channel: 'email', from: 'x@example.com', to: clinicNumber, body: 'Hi' }, 'body.to'],
      // Another clinic's address is not this clinic's to write to.
      [{ channel: 'email', from: 'x@example.com', to: 'desk@elsewhere.example', body: 'Hi' }, 'body.to'],
      [
        { channel: 'email', from: 'x@example.com', to: clinicAddress, subject: 's'.repeat(201), body: 'Hi' },
        'body.subject',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await simulate(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect(await conversationsFrom(agent, '+16175550101')).toEqual([]);
    expect(await conversationsFrom(agent, 'x@example.com')).toEqual([]);
    expect(await conversationsFrom(otherAgent, 'x@example.com')).toEqual([]);
  });
});

describe('simulated inbound messages when a channel sends for real', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let admin: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      // Nothing listens on port 1: these tests never reach the point of sending.
      config: testConfig({ PATIENTDESK_EMAIL_DRIVER: 'smtp', SMTP_URL: 'smtp://127.0.0.1:1' }),
    });
    const clinic = await createTestClinic(test.database.orm, 'Real Mail Clinic');
    await test.database.orm
      .insert(channelEndpoints)
      .values({ organizationId: clinic.id, channel: 'email', address: clinicAddress });
    admin = callAs(server, await signedInStaff(server, clinic.id, 'admin'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('refuses a simulated email with 409 and says how to try it instead', async () => {
    const response = await admin('POST', '/api/admin/outbox/simulated-inbound', {
      channel: 'email',
      from: 'pat@example.com',
      to: clinicAddress,
      subject: 'Hello',
      body: 'Testing',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(
      /sends email through SMTP.*PATIENTDESK_EMAIL_DRIVER=outbox/,
    );
    const listed = await admin('GET', '/api/admin/channel-endpoints');
    expect(listed.json().drivers).toEqual({ sms: 'outbox', email: 'smtp' });
  });
});
