import type { ConversationChangedEvent, LiveEvent } from '@patientdesk/contracts';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { killHard, spawnPatientDesk, waitForOutput } from '../../testing/child-process.ts';
import { createTestClinic, createTestStaff, testPassword } from '../../testing/clinic.ts';
import { connectLive, type LiveClient } from '../../testing/live-client.ts';
import { createEmptyPostgresDatabase } from '../../testing/test-database.ts';
import { channelEndpoints } from './schema.ts';

/**
 * The inbox behind a load balancer: two server processes on one PostgreSQL database. Twilio's
 * webhook lands on one process while the agent's desk is connected to the other, and the agent
 * still sees the text arrive live, finds it in the inbox, answers it, and sees the patient's
 * next text join the same conversation.
 */

const authToken = '0123456789abcdef0123456789abcdef';
const publicUrl = 'https://desk.twoprocess.example';
const clinicNumber = '+16175550100';
const runningAt = /PatientDesk is running at (http:\/\/\S+)/;

interface SignedIn {
  cookie: string;
  csrf: string;
}

/** Signs in over HTTP; returns the cookies and the CSRF token a browser would send back. */
async function signIn(address: string, email: string): Promise<SignedIn> {
  const response = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: testPassword }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  const csrf = cookies.find((cookie) => cookie.startsWith('pd_csrf='))!.slice('pd_csrf='.length);
  return { cookie: cookies.join('; '), csrf };
}

let sids = 0;

/** Posts a text to a process's webhook as Twilio does: form-encoded, signed for PUBLIC_URL. */
function textIn(address: string, from: string, body: string): Promise<Response> {
  const params = {
    MessageSid: `SM${String(++sids).padStart(32, '0')}`,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: from,
    To: clinicNumber,
    Body: body,
    NumMedia: '0',
  };
  return fetch(`${address}/hooks/twilio/sms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        authToken,
        `${publicUrl}/hooks/twilio/sms`,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  });
}

const conversationChange =
  (change: ConversationChangedEvent['change'], conversationId?: string) =>
  (event: LiveEvent): boolean =>
    event.type === 'conversation.changed' &&
    event.change === change &&
    (conversationId === undefined || event.conversationId === conversationId);

describe('the inbox across server processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  const servers: ReturnType<typeof spawnPatientDesk>[] = [];
  let deskProcess: string;
  let webhookProcess: string;
  let agentEmail: string;
  let agentId: string;

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    const setup = await openPostgresDatabase(database.url, 2);
    try {
      await migrate(setup);
      const clinic = await createTestClinic(setup.orm, 'Two Rivers Health');
      await setup.orm
        .insert(channelEndpoints)
        .values({ organizationId: clinic.id, channel: 'sms', address: clinicNumber });
      const agent = await createTestStaff(setup.orm, clinic.id, 'agent');
      agentEmail = agent.email;
      agentId = agent.id;
    } finally {
      await setup.close();
    }
    const addresses: string[] = [];
    for (let index = 0; index < 2; index++) {
      const server = spawnPatientDesk(['start'], {
        DATABASE_URL: database.url,
        PORT: '0',
        PUBLIC_URL: publicUrl,
        TWILIO_AUTH_TOKEN: authToken,
        PATIENTDESK_DEMO_SEED: 'false',
      });
      servers.push(server);
      addresses.push(runningAt.exec(await waitForOutput(server, runningAt))![1]!);
    }
    [deskProcess, webhookProcess] = addresses as [string, string];
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await killHard(server);
    await database?.drop();
  });

  it('shows a text posted to one process live at an agent connected to the other, and threads the answer and the next text', async () => {
    const agent = await signIn(deskProcess, agentEmail);
    const asAgent = (method: 'GET' | 'POST', path: string, body?: unknown) =>
      fetch(`${deskProcess}${path}`, {
        method,
        headers: {
          cookie: agent.cookie,
          'x-csrf-token': agent.csrf,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const desk: LiveClient = await connectLive(deskProcess, agent.cookie);
    try {
      await desk.next((event) => event.type === 'live.connected');
      const from = '+16175550177';

      const first = await textIn(webhookProcess, from, 'Is the clinic open on Saturday?');
      expect(first.status).toBe(200);
      const created = (await desk.next(conversationChange('created'))) as ConversationChangedEvent;
      expect(created).toMatchObject({ status: 'open', priority: 'normal', assigneeId: null });
      const conversationId = created.conversationId;

      const inbox = await asAgent('GET', '/api/conversations');
      expect(inbox.status).toBe(200);
      const listed = (await inbox.json()).items.filter((item: { id: string }) => item.id === conversationId);
      expect(listed).toEqual([
        expect.objectContaining({
          channel: 'sms',
          status: 'open',
          messagesCount: 1,
          contact: expect.objectContaining({ address: from }),
        }),
      ]);

      const reply = await asAgent('POST', `/api/conversations/${conversationId}/messages`, {
        body: 'Yes, from 9 am to noon.',
      });
      expect(reply.status).toBe(201);
      const answered = await desk.next(conversationChange('message', conversationId));

      const second = await textIn(webhookProcess, from, 'Great, see you then.');
      expect(second.status).toBe(200);
      const joined = await desk.next(
        (event) => conversationChange('message', conversationId)(event) && event !== answered,
      );
      expect(joined).toMatchObject({ status: 'open', assigneeId: agentId });
      // Only the first text started a conversation; the second joined it.
      expect(desk.events.filter(conversationChange('created'))).toHaveLength(1);

      const messages = await asAgent('GET', `/api/conversations/${conversationId}/messages`);
      expect(messages.status).toBe(200);
      expect(
        (await messages.json()).items.map((m: { direction: string; body: string }) => [m.direction, m.body]),
      ).toEqual([
        ['inbound', 'Is the clinic open on Saturday?'],
        ['outbound', 'Yes, from 9 am to noon.'],
        ['inbound', 'Great, see you then.'],
      ]);
    } finally {
      desk.close();
    }
  });
});
