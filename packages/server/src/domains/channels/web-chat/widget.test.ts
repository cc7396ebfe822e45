import { randomUUID } from 'node:crypto';
import type { WidgetChat, WidgetLiveEvent } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { contacts } from '../../conversations/schema.ts';
import type { Organization } from '../../organizations/service.ts';
import { outboxMessages } from '../../outbox/schema.ts';
import { callAs } from '../../patients/test-fixtures.ts';

/**
 * The chat widget on a clinic's website: a visitor gets a token, writes, sees the agent's answer
 * (never a note), is told live when something changes, can leave an email to be told later, and
 * cannot read anyone else's chat.
 */

interface Conversation {
  id: string;
  channel: string;
  messagesCount: number;
  preview: string | null;
}

/** A websocket of the widget that collects what it is told. */
function openWidgetSocket(url: string) {
  const socket = new WebSocket(url);
  const received: WidgetLiveEvent[] = [];
  let closed: { code: number; reason: string } | undefined;
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as WidgetLiveEvent));
  socket.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`the widget socket never ${what}; got ${JSON.stringify(received)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    received,
    closedWith: () => closed,
    waitFor: (type: WidgetLiveEvent['type']) =>
      until(() => received.some((event) => event.type === type), `said ${type}`),
    waitClosed: () => until(() => closed !== undefined, 'closed'),
    close: () => socket.close(),
  };
}

describe('the web-chat widget', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { listen: true });
    clinic = await createTestClinic(test.database.orm, 'Lakeside Pediatrics');
    const member = await createTestStaff(test.database.orm, clinic.id, 'agent');
    agent = callAs(server, await signInHeaders(server.app, member.email));
  });

  afterAll(async () => {
    await server?.close();
    await test?.drop();
  });

  const widget = (token: string | null) => (method: 'GET' | 'POST', path: string, payload?: unknown) =>
    server.app.inject({
      method,
      url: `/api/widget/${clinic.slug}${path}`,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        origin: 'https://www.lakeside.example',
      },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function newVisitor(): Promise<string> {
    const response = await widget(null)('POST', '/visitors');
    expect(response.statusCode).toBe(201);
    return response.json<{ token: string }>().token;
  }

  it('lets a visitor write from the clinic website and read the agent’s answer, never a note', async () => {
    const token = await newVisitor();
    const visitor = widget(token);
    const clientMessageId = randomUUID();
    const sent = await visitor('POST', '/messages', {
      body: 'Do you take walk-ins on Saturday?',
      clientMessageId,
      pageUrl: 'https://www.lakeside.example/hours',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.headers['access-control-allow-origin']).toBe('*');
    const chat = sent.json<WidgetChat>();
    expect(chat.messages.map((message) => [message.from, message.body])).toEqual([
      ['visitor', 'Do you take walk-ins on Saturday?'],
    ]);

    // The widget retries a send whose answer it missed: one message, not two.
    const retried = await visitor('POST', '/messages', {
      body: 'Do you take walk-ins on Saturday?',
      clientMessageId,
    });
    expect(retried.json<WidgetChat>().messages).toHaveLength(1);

    const inbox = await agent('GET', '/api/conversations?view=all');
    const conversation = inbox
      .json<{ items: Conversation[] }>()
      .items.find((item) => item.id === chat.conversation!.id)!;
    expect(conversation).toMatchObject({
      channel: 'web',
      messagesCount: 1,
      preview: 'Do you take walk-ins on Saturday?',
    });
    expect(
      (
        await agent('POST', `/api/conversations/${conversation.id}/messages`, {
          body: 'Internal: check the Saturday rota',
          kind: 'note',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await agent('POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes, from 9 to 12.' }))
        .statusCode,
    ).toBe(201);

    const after = (await visitor('GET', '/messages')).json<WidgetChat>();
    expect(after.messages.map((message) => [message.from, message.body])).toEqual([
      ['visitor', 'Do you take walk-ins on Saturday?'],
      ['agent', 'Yes, from 9 to 12.'],
    ]);
    expect(after.messages[1]!.agentName).toMatch(/^\S+$/);
  });

  it('keeps each visitor to their own chat', async () => {
    const first = widget(await newVisitor());
    await first('POST', '/messages', { body: 'My own question', clientMessageId: randomUUID() });
    const second = widget(await newVisitor());
    const theirs = (await second('GET', '/messages')).json<WidgetChat>();
    expect(theirs).toMatchObject({ conversation: null, messages: [] });

    // The same client message id from another visitor is another message.
    const shared = randomUUID();
    await first('POST', '/messages', { body: 'first visitor', clientMessageId: shared });
    const own = await second('POST', '/messages', { body: 'second visitor', clientMessageId: shared });
    expect(own.json<WidgetChat>().messages.map((message) => message.body)).toEqual(['second visitor']);
  });

  it('refuses a missing or malformed token and bad input, naming the problem', async () => {
    const noToken = await widget(null)('GET', '/messages');
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json<{ error: { message: string } }>().error.message).toMatch(/visitor token/);
    expect((await widget('pdw_short')('GET', '/messages')).statusCode).toBe(401);

    const visitor = widget(await newVisitor());
    const empty = await visitor('POST', '/messages', { body: '   ', clientMessageId: randomUUID() });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/body/);
    const noId = await visitor('POST', '/messages', { body: 'hello' });
    expect(noId.statusCode).toBe(400);
    expect(noId.body).toMatch(/clientMessageId/);
    expect((await visitor('GET', '/messages')).json<WidgetChat>().conversation).toBeNull();

    const unknownClinic = await server.app.inject({ method: 'GET', url: '/api/widget/no-such-clinic' });
    expect(unknownClinic.statusCode).toBe(404);
    expect(unknownClinic.json<{ error: { message: string } }>().error.message).toMatch(
      /no clinic called "no-such-clinic"/,
    );
  });

  it('answers the browser’s preflight so the widget works on the clinic’s own website', async () => {
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: `/api/widget/${clinic.slug}/messages`,
      headers: {
        origin: 'https://www.lakeside.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/authorization/);
  });

  it('tells the visitor live when the agent types and answers, and nothing about other chats', async () => {
    const token = await newVisitor();
    const visitor = widget(token);
    const liveUrl = `${server.address.replace(/^http/, 'ws')}/api/widget/${clinic.slug}/live?token=${token}`;

    // No chat yet: the socket says so and closes (the widget connects after the first message).
    const early = openWidgetSocket(liveUrl);
    await early.waitClosed();
    expect(early.closedWith()?.code).toBe(4404);

    const chat = (
      await visitor('POST', '/messages', { body: 'Is the lab open?', clientMessageId: randomUUID() })
    ).json<WidgetChat>();
    const live = openWidgetSocket(liveUrl);
    await live.waitFor('connected');

    const other = widget(await newVisitor());
    await other('POST', '/messages', { body: 'Another visitor', clientMessageId: randomUUID() });

    const conversationId = chat.conversation!.id;
    expect((await agent('POST', `/api/conversations/${conversationId}/typing`)).statusCode).toBe(204);
    await live.waitFor('typing');
    await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'A note only staff see',
      kind: 'note',
    });
    await agent('POST', `/api/conversations/${conversationId}/messages`, { body: 'Yes, until 4 pm.' });
    await live.waitFor('changed');
    // One change for the answer: the other visitor's message and the note told this visitor nothing.
    expect(live.received.filter((event) => event.type === 'changed')).toHaveLength(1);
    live.close();

    const badToken = openWidgetSocket(
      `${server.address.replace(/^http/, 'ws')}/api/widget/${clinic.slug}/live?token=nope`,
    );
    await badToken.waitClosed();
    expect(badToken.closedWith()?.code).toBe(4400);
  });

  it('tells a visitor who left the page, by the email they left, that an answer waits, without its text', async () => {
    const visitor = widget(await newVisitor());
    const chat = (
      await visitor('POST', '/messages', {
        body: 'Can I get my lab results for my thyroid?',
        clientMessageId: randomUUID(),
        pageUrl: 'https://www.lakeside.example/contact',
      })
    ).json<WidgetChat>();
    const details = await visitor('POST', '/contact-details', {
      name: 'Robin',
      email: 'Robin.Reyes@example.org',
    });
    expect(details.statusCode).toBe(204);
    expect((await visitor('GET', '/messages')).json<WidgetChat>().contactDetails).toEqual({
      name: 'Robin',
      email: true,
      phone: false,
    });
    const badEmail = await visitor('POST', '/contact-details', { email: 'not-an-email' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.body).toMatch(/not an email address/);
    expect((await visitor('POST', '/contact-details', { name: 'Robin' })).statusCode).toBe(400);

    // Still on the page: no notice.
    const conversationId = chat.conversation!.id;
    await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Let me check with the lab.',
    });
    const toRobin = () =>
      test.database.orm
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.recipient, 'robin.reyes@example.org'));
    expect(await toRobin()).toHaveLength(0);

    // Gone for ten minutes: one notice for the next answers, until they come back.
    const contactId = (
      await test.database.orm.select().from(contacts).where(eq(contacts.displayName, 'Robin'))
    )[0]!.id;
    await test.database.orm
      .update(contacts)
      .set({ lastSeenAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(contacts.id, contactId));
    await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Your TSH was 2.1, which is normal.',
    });
    await agent('POST', `/api/conversations/${conversationId}/messages`, {
      body: 'Call us if you have questions.',
    });
    const notices = await toRobin();
    expect(notices).toHaveLength(1);
    const text = server.cipher.decrypt('outbox_messages.body', notices[0]!.bodyEncrypted);
    expect(text).toContain('https://www.lakeside.example/contact');
    expect(text).not.toMatch(/TSH|thyroid|normal/);
  });
});
