import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../db/tenant-scope.ts';
import { seedDemoHelpArticles } from '../../demo/demo-help-articles.ts';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import {
  addClinicNumber,
  conversationIdOf,
  inboxTestConfig,
  inboxTestPublicUrl,
  newPhone,
  textIn as textInAs,
} from '../conversations/test-conversations.ts';
import type { Organization } from '../organizations/service.ts';
import { listOutbox } from '../outbox/service.ts';
import { callAs } from '../patients/test-fixtures.ts';
import { assistantAnswers } from './schema.ts';

/**
 * The assistant on SMS, with the demo clinic's help articles: it answers a routine question at
 * once from the right article with its link, asks whether that helped, hands over at "agent",
 * at "no" and at the second question it cannot answer, and stays out of clinical questions,
 * requests to act on, emergencies and conversations a person has taken up.
 */

type Caller = ReturnType<typeof callAs>;
interface Message {
  body: string;
  author: { kind: string };
  direction: string | null;
}

async function clinicWithArticles(test: TestDatabase, name: string): Promise<Organization> {
  const clinic = await createTestClinic(test.database.orm, name);
  await inTenant(test.database, clinic.id, (orm) =>
    seedDemoHelpArticles(orm, {
      organizationId: clinic.id,
      teamIds: new Map(),
      timeZone: 'America/New_York',
    }),
  );
  return clinic;
}

describe('the assistant', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: Caller;
  let supervisor: Caller;
  const clinicNumber = '+16175550166';
  const textIn = (from: string, body: string) => textInAs(server, clinicNumber, from, body);
  const messagesOf = async (phone: string) => {
    const id = await conversationIdOf(agent, phone);
    return ((await agent('GET', `/api/conversations/${id}/messages`)).json().items as Message[]).filter(
      (m) => m.direction === 'outbound',
    );
  };
  const summaryOf = async (phone: string) =>
    (await agent('GET', `/api/conversations/${await conversationIdOf(agent, phone)}`)).json();
  const textsTo = async (phone: string) =>
    (await listOutbox(test.database.orm, server.cipher, clinic.id)).filter((m) => m.recipient === phone);

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { config: inboxTestConfig() });
    clinic = await clinicWithArticles(test, 'Riverside Family Health');
    await addClinicNumber(test.database.orm, clinic.id, clinicNumber);
    const signIn = async (role: 'agent' | 'supervisor') =>
      callAs(
        server,
        await signInHeaders(server.app, (await createTestStaff(test.database.orm, clinic.id, role)).email),
      );
    agent = await signIn('agent');
    supervisor = await signIn('supervisor');
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('answers a routine question from the right article, with its link, and asks if it helped', async () => {
    const phone = newPhone();
    await textIn(phone, 'what time do you open on saturday?');
    const [answer] = await messagesOf(phone);
    expect(answer?.author.kind).toBe('assistant');
    expect(answer?.body).toContain(`${inboxTestPublicUrl}/help/${clinic.slug}/en/clinic-hours`);
    const [text] = await textsTo(phone);
    expect(text?.body).toContain('Did this help? Reply 1 (yes) or 2 (no), or AGENT to reach our team.');
    // Answered: nobody is left waiting for a person.
    expect(await summaryOf(phone)).toMatchObject({ status: 'pending', waitingSince: null });

    await textIn(phone, '1');
    expect((await messagesOf(phone)).at(-1)?.body).toBe('Glad that helped. Write again any time.');
    expect((await summaryOf(phone)).status).toBe('resolved');
    const [row] = await test.database.orm
      .select()
      .from(assistantAnswers)
      .where(eq(assistantAnswers.articleSlug, 'clinic-hours'));
    expect(row).toMatchObject({ outcome: 'answered', helpful: true, source: 'search' });
  });

  it('answers in Spanish from the Spanish article', async () => {
    const phone = newPhone();
    await textIn(phone, '¿aceptan el seguro de MassHealth?');
    const [answer] = await messagesOf(phone);
    expect(answer?.author.kind).toBe('assistant');
    expect(answer?.body).toContain(`/help/${clinic.slug}/es/insurance-accepted`);
    expect(answer?.body).toContain('¿Le ayudó?');
  });

  it('hands over when the answer did not help, and stays quiet after that', async () => {
    const phone = newPhone();
    await textIn(phone, 'how do I pay my bill online?');
    expect((await messagesOf(phone))[0]?.author.kind).toBe('assistant');
    await textIn(phone, 'no');
    const handedOver = (await messagesOf(phone)).at(-1);
    expect(handedOver?.body).toBe(
      'I’m passing your message to our team. A person will answer you here soon.',
    );
    expect(await summaryOf(phone)).toMatchObject({ status: 'open', waitingSince: expect.any(String) });
    await textIn(phone, 'where do you park?');
    expect(await messagesOf(phone)).toHaveLength(2);
  });

  it('hands over at once when asked for a person', async () => {
    const phone = newPhone();
    await textIn(phone, 'can I talk to a real person please');
    const [said] = await messagesOf(phone);
    expect(said?.body).toContain('A person will answer you here soon.');
    const id = await conversationIdOf(agent, phone);
    const timeline = (await agent('GET', `/api/conversations/${id}/timeline`)).json().items;
    expect(timeline).toContainEqual(
      expect.objectContaining({ kind: 'assistant-handed-over', details: { reason: 'asked-for-person' } }),
    );
  });

  it('says when it cannot answer, and hands over at the second question it cannot answer', async () => {
    const phone = newPhone();
    await textIn(phone, 'do you sell gift cards for the cafeteria?');
    expect((await messagesOf(phone))[0]?.body).toContain('I could not find that in our help articles.');
    await textIn(phone, 'do you have a vending machine in the waiting room?');
    expect((await messagesOf(phone))[1]?.body).toContain('A person will answer you here soon.');
  });

  it('stays out of clinical questions, requests to act on, and emergencies', async () => {
    for (const text of [
      'should I take ibuprofen or tylenol for my headache?',
      'please refill my lisinopril at the CVS on Main',
    ]) {
      const phone = newPhone();
      await textIn(phone, text);
      expect(await messagesOf(phone)).toEqual([]);
    }
    const phone = newPhone();
    await textIn(phone, 'what are your hours? my chest hurts really bad and my arm is numb');
    const said = await messagesOf(phone);
    expect(said).toHaveLength(1);
    expect(said[0]?.author.kind).toBe('system');
  });

  it('stays quiet in a clinic that has no help articles yet', async () => {
    const bare = await createTestClinic(test.database.orm, 'No Articles Clinic');
    await addClinicNumber(test.database.orm, bare.id, '+16175550169');
    const phone = newPhone();
    await textInAs(server, '+16175550169', phone, 'what time do you open on saturday?');
    const outbound = (await listOutbox(test.database.orm, server.cipher, bare.id)).filter(
      (m) => m.recipient === phone,
    );
    expect(outbound).toEqual([]);
  });

  it('leaves a conversation a person has answered to that person', async () => {
    const phone = newPhone();
    await textIn(phone, 'hello, is anyone there');
    const id = await conversationIdOf(agent, phone);
    expect(
      (await agent('POST', `/api/conversations/${id}/messages`, { body: 'Hi, this is Sam. How can I help?' }))
        .statusCode,
    ).toBe(201);
    await textIn(phone, 'what time do you close on thursday?');
    expect((await messagesOf(phone)).map((m) => m.author.kind)).toEqual(['agent']);
  });

  it('is switched off per organisation, and the threshold must be sensible', async () => {
    const bad = await supervisor('PUT', '/api/assistant/settings', {
      enabled: true,
      channels: ['web'],
      minConfidence: 0.05,
      useLanguageModel: false,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.minConfidence' }));
    const off = {
      enabled: false,
      channels: ['web', 'portal', 'sms'],
      minConfidence: 0.6,
      useLanguageModel: false,
    };
    expect((await supervisor('PUT', '/api/assistant/settings', off)).json()).toEqual({
      ...off,
      languageModelConfigured: false,
    });
    const phone = newPhone();
    await textIn(phone, 'what time do you open on saturday?');
    expect(await messagesOf(phone)).toEqual([]);
    await supervisor('PUT', '/api/assistant/settings', { ...off, enabled: true });
  });

  it('counts what it answered, handed over and could not answer, and what people ask', async () => {
    const figures = (await supervisor('GET', '/api/assistant/deflection?days=7')).json();
    expect(figures).toMatchObject({
      answered: 3,
      helpful: 1,
      notHelpful: 1,
      handedOver: 3,
      handedOverBecause: { askedForPerson: 1, secondUnanswered: 1, notHelpful: 1 },
      unanswered: 1,
      resolvedWithoutPerson: 2,
    });
    expect(figures.deflectionRate).toBeCloseTo(2 / 5, 3);
    const response = await supervisor('GET', '/api/inbox/frequent-requests?weeks=1');
    expect(response.statusCode, response.body).toBe(200);
    const requests = response.json();
    expect(requests.weeks).toHaveLength(1);
    expect(requests.weeks[0].intents[0]).toMatchObject({ count: expect.any(Number) });
    expect(requests.weeks[0].unanswered.map((q: { question: string }) => q.question)).toEqual(
      expect.arrayContaining(['do you sell gift cards for the cafeteria?']),
    );
    expect((await agent('GET', '/api/inbox/frequent-requests')).statusCode).toBe(403);
    expect((await supervisor('GET', '/api/assistant/deflection?days=0')).statusCode).toBe(400);
  });
});

describe('the assistant with a language model', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let model: Server;
  let clinic: Organization;
  let agent: Caller;
  let reply: (articles: string) => string = () => 'NO_ANSWER';
  const requests: { messages: { role: string; content: string }[] }[] = [];
  const clinicNumber = '+16175550167';

  beforeAll(async () => {
    // An OpenAI-compatible endpoint on loopback, answering as the test says.
    model = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as { messages: { role: string; content: string }[] };
        requests.push(parsed);
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            choices: [{ message: { role: 'assistant', content: reply(parsed.messages[1]!.content) } }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
    const { port } = model.address() as AddressInfo;
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: inboxTestConfig({ PATIENTDESK_ASSISTANT_MODEL_URL: `http://127.0.0.1:${port}/v1` }),
    });
    clinic = await clinicWithArticles(test, 'Riverside Family Health');
    await addClinicNumber(test.database.orm, clinic.id, clinicNumber);
    const supervisor = await createTestStaff(test.database.orm, clinic.id, 'supervisor');
    agent = callAs(server, await signInHeaders(server.app, supervisor.email));
    await agent('PUT', '/api/assistant/settings', {
      enabled: true,
      channels: ['sms'],
      minConfidence: 0.6,
      useLanguageModel: true,
    });
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await test.drop();
    model.close();
  });

  const answerTo = async (text: string) => {
    const phone = newPhone();
    await textInAs(server, clinicNumber, phone, text);
    const id = await conversationIdOf(agent, phone);
    return (await agent('GET', `/api/conversations/${id}/messages`)).json().items.at(-1) as Message;
  };

  it('sends the model’s answer when it cites an article it was given, and gives it only the question', async () => {
    reply = () => 'We are open Saturday from 9 to noon at Main Street. [article:clinic-hours]';
    const answer = await answerTo('are you open on saturday morning?');
    expect(answer.body).toContain('We are open Saturday from 9 to noon at Main Street.');
    expect(answer.body).not.toContain('[article:');
    expect(answer.body).toContain(`/help/${clinic.slug}/en/clinic-hours`);
    const sent = requests.at(-1)!.messages[1]!.content;
    expect(sent).toContain("Patient's question: are you open on saturday morning?");
    expect(sent).not.toMatch(/\+1617555/);
  });

  it('does not send a model answer without a citation: the article answer goes instead', async () => {
    reply = () => 'Sure, we are open whenever you like!';
    const answer = await answerTo('are you open on saturday?');
    expect(answer.body).not.toContain('whenever you like');
    expect(answer.body).toContain(`/help/${clinic.slug}/en/clinic-hours`);
  });
});
