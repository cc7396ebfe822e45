import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { organizations } from '../organizations/schema.ts';
import type { Organization } from '../organizations/service.ts';
import { addPatient, callAs } from '../patients/test-fixtures.ts';
import { channelEndpoints, conversationMessages, conversations, slaPolicies } from './schema.ts';
import { inboxTestConfig, inboxTestPublicUrl, newPhone, textIn as textInAs } from './test-conversations.ts';

/**
 * Working the inbox: answering a text, holding health information off SMS, secure messages after
 * a verification, notes with mentions, snoozing, resolving and reopening, search over encrypted
 * messages, and one clinic never seeing another's conversations.
 */

const publicUrl = inboxTestPublicUrl;
const clinicNumber = '+16175550100';

interface Summary {
  id: string;
  status: string;
  snoozedUntil: string | null;
  assignee: { id: string; displayName: string } | null;
  patientId: string | null;
  identityVerified: boolean;
  waitingSince: string | null;
  firstResponseAt: string | null;
  messagesCount: number;
  contact: { address: string | null };
}
interface Message {
  id: string;
  kind: string;
  body: string;
  direction: string | null;
  mentions: { id: string; displayName: string }[];
}
type Caller = ReturnType<typeof callAs>;

describe('working the inbox', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: Caller;
  let agentId: string;
  let colleague: Caller;
  let colleagueId: string;
  let colleagueHandle: string;
  let bystander: Caller;
  let admin: Caller;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: inboxTestConfig(),
    });
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Riverside Family Health');
    await orm
      .insert(channelEndpoints)
      .values({ organizationId: clinic.id, channel: 'sms', address: clinicNumber });
    const signIn = async (role: 'agent' | 'admin') => {
      const member = await createTestStaff(orm, clinic.id, role);
      return { member, call: callAs(server, await signInHeaders(server.app, member.email)) };
    };
    const first = await signIn('agent');
    agent = first.call;
    agentId = first.member.id;
    const second = await signIn('agent');
    colleague = second.call;
    colleagueId = second.member.id;
    colleagueHandle = second.member.email.split('@')[0]!;
    bystander = (await signIn('agent')).call;
    admin = (await signIn('admin')).call;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  /** A text from `from`, posted by "Twilio" with a real signature. */
  const textIn = (from: string, body: string) => textInAs(server, clinicNumber, from, body);

  const listAs = async (caller: Caller, query: string): Promise<Summary[]> => {
    const response = await caller('GET', `/api/conversations?${query}`);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const everyStatus = 'view=all&status=open,pending,snoozed,resolved';
  const conversationsFrom = async (phone: string) =>
    (await listAs(agent, everyStatus)).filter((item) => item.contact.address === phone);
  /** A text in from a new number, and the conversation it started. */
  const newConversation = async (body: string, from = newPhone()) => {
    await textIn(from, body);
    const [conversation] = await conversationsFrom(from);
    return { from, conversation: conversation! };
  };
  const summaryOf = async (id: string): Promise<Summary> => {
    const response = await agent('GET', `/api/conversations/${id}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const messagesOf = async (id: string): Promise<Message[]> => {
    const response = await agent('GET', `/api/conversations/${id}/messages`);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const timelineKinds = async (id: string): Promise<string[]> =>
    (await agent('GET', `/api/conversations/${id}/timeline`))
      .json()
      .items.map((event: { kind: string }) => event.kind);
  const outboxTo = async (phone: string): Promise<{ channel: string; body: string; purpose: string }[]> => {
    const response = await admin('GET', '/api/admin/outbox?limit=200');
    expect(response.statusCode).toBe(200);
    return response.json().items.filter((item: { recipient: string }) => item.recipient === phone);
  };

  it('sends a reply by SMS, counts it as the first response and gives the conversation to whoever answered', async () => {
    const { from, conversation } = await newConversation('Do I need to fast before my blood draw?');
    expect(conversation).toMatchObject({ assignee: null, firstResponseAt: null });
    expect(conversation.waitingSince).not.toBeNull();

    const response = await agent('POST', `/api/conversations/${conversation.id}/messages`, {
      body: 'Thanks for asking! A nurse will call you this afternoon.',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().message).toMatchObject({
      kind: 'message',
      direction: 'outbound',
      body: 'Thanks for asking! A nurse will call you this afternoon.',
      author: { kind: 'agent', staff: { id: agentId } },
    });
    const answered = await summaryOf(conversation.id);
    expect(answered).toMatchObject({ waitingSince: null, assignee: { id: agentId }, messagesCount: 2 });
    expect(answered.firstResponseAt).not.toBeNull();
    expect(await outboxTo(from)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        body: 'Thanks for asking! A nurse will call you this afternoon.',
        purpose: 'conversation-reply',
      }),
    ]);

    // A colleague answering later neither takes the conversation nor moves the first response.
    await colleague('POST', `/api/conversations/${conversation.id}/messages`, { body: 'Call us anytime.' });
    const later = await summaryOf(conversation.id);
    expect(later.assignee?.id).toBe(agentId);
    expect(later.firstResponseAt).toBe(answered.firstResponseAt);
  });

  it('holds a reply carrying health information off SMS, saying why, and stores and sends nothing', async () => {
    const { from, conversation } = await newConversation('Are my lab results back?');
    const response = await agent('POST', `/api/conversations/${conversation.id}/messages`, {
      body: 'Your A1C result was 9.1',
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('phi_on_insecure_channel');
    expect(error.details).toContainEqual({ field: 'body', message: expect.stringContaining('A1C') });

    expect((await messagesOf(conversation.id)).map((m) => m.body)).toEqual(['Are my lab results back?']);
    expect(await summaryOf(conversation.id)).toMatchObject({ messagesCount: 1, firstResponseAt: null });
    expect(await outboxTo(from)).toEqual([]);
  });

  it('sends a secure message only once the contact is verified, and then texts just the notice', async () => {
    const from = newPhone();
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Mary Ann',
      familyName: 'Kowalski',
      birthDate: '1958-06-30',
      phone: from,
    });
    const { conversation } = await newConversation('Any news on my bloodwork?', from);
    // The phone matched the record, which is a guess, not a verification.
    expect(conversation).toMatchObject({ patientId: patient.id, identityVerified: false });
    const secureReply = { body: 'Your A1C result was 9.1', deliverSecurely: true };

    const tooSoon = await agent('POST', `/api/conversations/${conversation.id}/messages`, secureReply);
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().error.message).toContain('Verify the contact first');
    expect((await messagesOf(conversation.id)).filter((m) => m.direction === 'outbound')).toEqual([]);
    expect(await outboxTo(from)).toEqual([]);

    const verified = await agent('POST', `/api/conversations/${conversation.id}/verify-identity`, {
      patientId: patient.id,
      identifiers: { name: 'Mary Ann Kowalski', birthDate: '1958-06-30' },
      method: 'sms',
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ patientId: patient.id, identityVerified: true });
    expect(await timelineKinds(conversation.id)).toContain('identity-verified');

    const sent = await agent('POST', `/api/conversations/${conversation.id}/messages`, secureReply);
    expect(sent.statusCode).toBe(201);
    const texts = await outboxTo(from);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain('You have a new secure message from Riverside Family Health');
    expect(texts[0]!.body).toContain(`${publicUrl}/portal`);
    expect(texts[0]!.body).not.toContain('A1C');
    expect((await messagesOf(conversation.id)).at(-1)).toMatchObject({
      direction: 'outbound',
      body: 'Your A1C result was 9.1',
    });
  });

  it('keeps internal notes among staff and shows the mentioned colleague where they were mentioned', async () => {
    const { from, conversation } = await newConversation('Can someone help me with my referral?');
    const response = await agent('POST', `/api/conversations/${conversation.id}/messages`, {
      kind: 'note',
      body: `@${colleagueHandle} can you look at this referral? I think it is yours.`,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().message).toMatchObject({
      kind: 'note',
      direction: null,
      mentions: [{ id: colleagueId }],
    });

    const mentioned = await listAs(colleague, 'view=mentions');
    expect(mentioned.map((item) => item.id)).toEqual([conversation.id]);
    expect(await listAs(bystander, 'view=mentions')).toEqual([]);

    // A note is not an answer: nothing is texted and the contact is still waiting.
    expect(await outboxTo(from)).toEqual([]);
    const after = await summaryOf(conversation.id);
    expect(after.firstResponseAt).toBeNull();
    expect(after.waitingSince).not.toBeNull();
    const notes = (await messagesOf(conversation.id)).filter((m) => m.kind === 'note');
    expect(notes.map((m) => m.body)).toEqual([
      `@${colleagueHandle} can you look at this referral? I think it is yours.`,
    ]);
  });

  it('snoozes a conversation only until a time in the future', async () => {
    const { conversation } = await newConversation('I will send my insurance card tomorrow');
    const before = await timelineKinds(conversation.id);

    const past = await agent('PATCH', `/api/conversations/${conversation.id}`, {
      status: 'snoozed',
      snoozedUntil: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.snoozedUntil' }));
    const withoutTime = await agent('PATCH', `/api/conversations/${conversation.id}`, { status: 'snoozed' });
    expect(withoutTime.statusCode).toBe(400);
    expect(await summaryOf(conversation.id)).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(await timelineKinds(conversation.id)).toEqual(before);

    const until = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const snoozed = await agent('PATCH', `/api/conversations/${conversation.id}`, {
      status: 'snoozed',
      snoozedUntil: until,
    });
    expect(snoozed.statusCode).toBe(200);
    expect(snoozed.json()).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    expect((await listAs(agent, 'view=snoozed')).map((item) => item.id)).toContain(conversation.id);
    expect((await listAs(agent, 'view=all')).map((item) => item.id)).not.toContain(conversation.id);
  });

  it('reopens a resolved conversation when the contact writes again soon, and starts anew after the window', async () => {
    const { from, conversation } = await newConversation('Thanks for the refill!');
    const resolve = async (id: string) => {
      const response = await agent('PATCH', `/api/conversations/${id}`, { status: 'resolved' });
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe('resolved');
    };
    await resolve(conversation.id);

    await textIn(from, 'Sorry, one more question about the refill');
    const reopened = await conversationsFrom(from);
    expect(reopened.map((item) => [item.id, item.status, item.messagesCount])).toEqual([
      [conversation.id, 'open', 2],
    ]);
    expect(await timelineKinds(conversation.id)).toContain('reopened');

    await resolve(conversation.id);
    await test.database.orm
      .update(organizations)
      .set({ conversationReopenHours: 0 })
      .where(eq(organizations.id, clinic.id));
    try {
      await textIn(from, 'Hello again, a new question');
      const both = await conversationsFrom(from);
      expect(both).toHaveLength(2);
      const fresh = both.find((item) => item.id !== conversation.id)!;
      expect(fresh).toMatchObject({ status: 'open', messagesCount: 1 });
      expect((await messagesOf(fresh.id)).map((m) => m.body)).toEqual(['Hello again, a new question']);
      expect(both.find((item) => item.id === conversation.id)).toMatchObject({
        status: 'resolved',
        messagesCount: 2,
      });
    } finally {
      await test.database.orm
        .update(organizations)
        .set({ conversationReopenHours: 168 })
        .where(eq(organizations.id, clinic.id));
    }
  });

  it('finds a conversation by a word of its messages, in any case and without accents', async () => {
    const { conversation } = await newConversation('Necesito ver al Médico mañana por la tarde');
    const found = async (q: string) =>
      (await listAs(agent, `q=${encodeURIComponent(q)}`)).map((item) => item.id);

    expect(await found('medico')).toContain(conversation.id);
    expect(await found('MEDICO')).toContain(conversation.id);
    expect(await found('médico tarde')).toContain(conversation.id);
    expect(await found('dentista')).not.toContain(conversation.id);
    // Every word must be there.
    expect(await found('medico dentista')).not.toContain(conversation.id);
  });

  it('stores message bodies encrypted', async () => {
    const body = 'My neighbour Zebulon Quartermaine will pick up the forms';
    const { conversation } = await newConversation(body);
    await agent('POST', `/api/conversations/${conversation.id}/messages`, {
      body: 'Zebulon Quartermaine may pick them up at the front desk.',
    });
    const { rows } = (await test.database.orm.execute(
      sql`select body_encrypted from conversation_messages where conversation_id = ${conversation.id}`,
    )) as unknown as { rows: { body_encrypted: string }[] };
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.body_encrypted).not.toContain('Zebulon');
      expect(row.body_encrypted).not.toContain('Quartermaine');
    }
    // Staff still read it in the clear.
    expect((await messagesOf(conversation.id))[0]!.body).toBe(body);
  });

  it("keeps one clinic's conversations from another clinic's staff", async () => {
    const { from, conversation } = await newConversation('Is Dr. Patel in on Monday?');
    const otherClinic = await createTestClinic(test.database.orm, 'Hillside Pediatrics');
    const outsider = await createTestStaff(test.database.orm, otherClinic.id, 'agent');
    const stranger = callAs(server, await signInHeaders(server.app, outsider.email));

    const attempts = [
      await stranger('GET', `/api/conversations/${conversation.id}`),
      await stranger('GET', `/api/conversations/${conversation.id}/messages`),
      await stranger('GET', `/api/conversations/${conversation.id}/timeline`),
      await stranger('POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes, all day.' }),
      await stranger('POST', `/api/conversations/${conversation.id}/messages`, {
        kind: 'note',
        body: 'Looking into it',
      }),
      await stranger('PATCH', `/api/conversations/${conversation.id}`, { status: 'resolved' }),
    ];
    for (const attempt of attempts) {
      expect([403, 404]).toContain(attempt.statusCode);
      expect(attempt.body).not.toContain('Dr. Patel');
    }
    expect(await listAs(stranger, everyStatus)).toEqual([]);
    expect(await listAs(stranger, 'q=patel')).toEqual([]);

    expect(await summaryOf(conversation.id)).toMatchObject({ status: 'open', messagesCount: 1 });
    expect(await messagesOf(conversation.id)).toHaveLength(1);
    expect(await outboxTo(from)).toEqual([]);
  });

  it('refuses an empty reply or an unknown status and changes nothing', async () => {
    const { from, conversation } = await newConversation('Can I get a copy of my invoice?');
    const timelineBefore = await timelineKinds(conversation.id);

    for (const body of ['', '   '])
      expect(
        (await agent('POST', `/api/conversations/${conversation.id}/messages`, { body })).statusCode,
      ).toBe(400);
    const unknown = await agent('PATCH', `/api/conversations/${conversation.id}`, { status: 'archived' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('invalid_request');
    expect((await agent('PATCH', `/api/conversations/${conversation.id}`, {})).statusCode).toBe(400);

    expect(await summaryOf(conversation.id)).toMatchObject({
      status: 'open',
      messagesCount: 1,
      assignee: null,
      firstResponseAt: null,
    });
    expect(await messagesOf(conversation.id)).toHaveLength(1);
    expect(await timelineKinds(conversation.id)).toEqual(timelineBefore);
    expect(await outboxTo(from)).toEqual([]);
    const stored = await test.database.orm
      .select({ id: conversationMessages.id })
      .from(conversationMessages)
      .where(eq(conversationMessages.conversationId, conversation.id));
    expect(stored).toHaveLength(1);
  });

  it('watches a raised priority afresh: a new, earlier answer time clears an old warning and breach', async () => {
    const orm = test.database.orm;
    await orm.insert(slaPolicies).values([
      { organizationId: clinic.id, priority: 'low', firstResponseMinutes: 30, nextResponseMinutes: 30 },
      { organizationId: clinic.id, priority: 'urgent', firstResponseMinutes: 15, nextResponseMinutes: 15 },
    ]);
    const { conversation } = await newConversation('My pharmacy says the prescription never arrived');
    // Marked as warned and breached under the old target.
    await orm
      .update(conversations)
      .set({ priority: 'low', slaWarnedAt: new Date(), slaBreachedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    const raised = await agent('PATCH', `/api/conversations/${conversation.id}`, { priority: 'urgent' });
    expect(raised.statusCode).toBe(200);
    const [row] = await orm.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(row!.responseDueAt!.getTime() - row!.waitingSince!.getTime()).toBe(15 * 60_000);
    expect(row).toMatchObject({ slaWarnedAt: null, slaBreachedAt: null });
  });
});
