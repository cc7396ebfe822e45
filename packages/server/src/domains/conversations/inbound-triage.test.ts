import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { teams } from '../organizations/schema.ts';
import type { Organization } from '../organizations/service.ts';
import { listOutbox } from '../outbox/service.ts';
import { callAs } from '../patients/test-fixtures.ts';
import { staffMembers, staffTeamMemberships } from '../staff/schema.ts';
import { triageCorrections } from '../triage/schema.ts';
import {
  addClinicNumber,
  conversationIdOf,
  inboxTestConfig,
  newPhone,
  textIn as textInAs,
} from './test-conversations.ts';

/**
 * Triage in the inbox: every text is read for urgency, intent and distress as it arrives. An
 * emergency gets the safety reply at once on the writer's channel, goes to the top of every
 * queue and alerts the clinicians on duty; a clinician can correct it in one click.
 */

type Caller = ReturnType<typeof callAs>;
interface Summary {
  id: string;
  priority: string;
  intent: string | null;
  team: { name: string } | null;
  distress: string[];
  distressTips: { kind: string; tip: { en: string; es: string } }[];
}
interface Message {
  id: string;
  body: string;
  direction: string | null;
  author: { kind: string };
  triage: {
    urgency: string;
    intent: string;
    reasons: { kind: string; rule?: string; phrases?: { text: string }[]; summary: string }[];
    corrected: { urgency: string } | null;
  } | null;
}

const clinicNumber = '+16175550177';

describe('triage in the inbox', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: Caller;
  let clinician: Caller;
  let clinicianId: string;
  let supervisor: Caller;
  let billingAgent: Caller;

  const textIn = (from: string, body: string) => textInAs(server, clinicNumber, from, body);
  const summaryOf = async (caller: Caller, id: string) =>
    (await caller('GET', `/api/conversations/${id}`)).json() as Summary;
  const messagesOf = async (id: string) =>
    ((await agent('GET', `/api/conversations/${id}/messages`)).json() as { items: Message[] }).items;
  const outboxTo = async (recipient: string) =>
    (await listOutbox(test.database.orm, server.cipher, clinic.id)).filter((m) => m.recipient === recipient);

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { config: inboxTestConfig() });
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Riverbend Clinic');
    await addClinicNumber(orm, clinic.id, clinicNumber);
    const [frontDesk, billing] = await orm
      .insert(teams)
      .values([
        { organizationId: clinic.id, slug: 'front-desk', name: 'Front desk', isDefault: true },
        { organizationId: clinic.id, slug: 'billing', name: 'Billing', intents: ['billing'] },
      ])
      .returning();
    const signIn = async (role: 'agent' | 'clinician' | 'supervisor', team?: string) => {
      const member = await createTestStaff(orm, clinic.id, role);
      if (team)
        await orm
          .insert(staffTeamMemberships)
          .values({ organizationId: clinic.id, staffMemberId: member.id, teamId: team });
      return { member, call: callAs(server, await signInHeaders(server.app, member.email)) };
    };
    agent = (await signIn('agent', frontDesk!.id)).call;
    billingAgent = (await signIn('agent', billing!.id)).call;
    const nurse = await signIn('clinician');
    clinician = nurse.call;
    clinicianId = nurse.member.id;
    supervisor = (await signIn('supervisor')).call;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('answers an emergency text at once with the safety reply, and puts it first with the reasons', async () => {
    await test.database.orm
      .update(staffMembers)
      .set({ availability: 'available' })
      .where(eq(staffMembers.id, clinicianId));
    const phone = newPhone();
    await textIn(phone, 'my husband is clutching his chest and sweating, what do I do');
    const id = await conversationIdOf(agent, phone);

    const summary = await summaryOf(agent, id);
    expect(summary.priority).toBe('emergency');
    expect(summary.intent).toBe('clinical-question');

    const [incoming, safety] = await messagesOf(id);
    expect(incoming!.triage?.urgency).toBe('emergency');
    const flag = incoming!.triage?.reasons.find((r) => r.kind === 'red-flag');
    expect(flag?.rule).toBe('chest-pain');
    expect(flag?.phrases?.[0]?.text).toContain('chest');
    expect(safety).toMatchObject({ direction: 'outbound', author: { kind: 'system' } });
    expect(safety!.body).toContain('call 911');

    const [sent] = await outboxTo(phone);
    expect(sent?.body).toContain('911');
    // Nothing the patient wrote goes back out.
    expect(sent?.body).not.toContain('chest');

    const timeline = (await agent('GET', `/api/conversations/${id}/timeline`)).json().items as {
      kind: string;
      details: Record<string, unknown>;
    }[];
    expect(timeline.find((e) => e.kind === 'emergency-response')?.details).toMatchObject({
      safetyReply: 'sent',
      alertedStaffIds: [clinicianId],
    });
  });

  it('sends one safety reply however many alarming texts follow', async () => {
    const phone = newPhone();
    await textIn(phone, "I can't breathe");
    await textIn(phone, 'please help I cant breath');
    expect(await outboxTo(phone)).toHaveLength(1);
  });

  it('gives thoughts of suicide the crisis line, in Spanish to a Spanish text', async () => {
    const phone = newPhone();
    await textIn(phone, 'ya no quiero vivir, quiero matarme');
    const [sent] = await outboxTo(phone);
    expect(sent?.body).toContain('988');
    expect(sent?.body).toMatch(/llame o escriba/);
  });

  it('shows an unassigned emergency at the top of every team queue', async () => {
    const routinePhone = newPhone();
    await textIn(routinePhone, 'why is my bill so high this month? I paid my copay');
    const phone = newPhone();
    await textIn(phone, 'my son is having a seizure right now');
    const queue = (await billingAgent('GET', '/api/conversations?view=team')).json().items as Summary[];
    const [seizure, bill] = await Promise.all([
      conversationIdOf(agent, phone),
      conversationIdOf(agent, routinePhone),
    ]);
    // The billing team's own conversation is there, below every emergency, the seizure among them.
    const priorities = queue.map((item) => item.priority);
    const firstOrdinary = priorities.findIndex((p) => p !== 'emergency');
    expect(priorities.slice(firstOrdinary)).not.toContain('emergency');
    expect(queue.slice(0, firstOrdinary).map((item) => item.id)).toContain(seizure);
    expect(queue.slice(firstOrdinary).map((item) => item.id)).toContain(bill);
  });

  it('routes a new conversation by what it asks, and raises (never lowers) priority as texts come', async () => {
    const phone = newPhone();
    await textIn(phone, 'hi, I have a question about a charge on my statement');
    const id = await conversationIdOf(agent, phone);
    expect(await summaryOf(agent, id)).toMatchObject({
      priority: 'normal',
      intent: 'billing',
      team: { name: 'Billing' },
    });

    await textIn(phone, 'also I ran out of my insulin today and the pharmacy is closed');
    expect((await summaryOf(agent, id)).priority).toBe('urgent');
    await textIn(phone, 'thanks');
    expect((await summaryOf(agent, id)).priority).toBe('urgent');
    const timeline = (await agent('GET', `/api/conversations/${id}/timeline`)).json().items as {
      kind: string;
      details: Record<string, unknown>;
    }[];
    expect(timeline.find((e) => e.kind === 'priority-changed')?.details).toMatchObject({
      from: 'normal',
      to: 'urgent',
      by: 'triage',
    });
  });

  it('lets a clinician correct a triage in one click, kept for retraining; an agent may not', async () => {
    const phone = newPhone();
    await textIn(phone, 'chest x-ray bill question: I was charged twice for the chest pain visit');
    const id = await conversationIdOf(agent, phone);
    const [message] = await messagesOf(id);
    const correction = { urgency: 'routine', intent: 'billing' };
    const url = `/api/conversations/${id}/messages/${message!.id}/triage-correction`;

    expect((await agent('POST', url, correction)).statusCode).toBe(403);
    const bad = await clinician('POST', url, { urgency: 'whenever', intent: 'billing' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.urgency' }));

    const corrected = await clinician('POST', url, correction);
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().corrected).toMatchObject({ urgency: 'routine', intent: 'billing' });
    expect(await summaryOf(agent, id)).toMatchObject({ priority: 'normal', intent: 'billing' });
    const [kept] = await test.database.orm
      .select()
      .from(triageCorrections)
      .where(eq(triageCorrections.messageId, message!.id));
    expect(kept).toMatchObject({ triagedIntent: expect.any(String), urgency: 'routine', intent: 'billing' });
  });

  it('pages the on-call phone with a link only, when no clinician is on duty', async () => {
    await test.database.orm
      .update(staffMembers)
      .set({ availability: 'offline' })
      .where(eq(staffMembers.id, clinicianId));
    const onCall = '+15085550111';
    const saved = await supervisor('PUT', '/api/triage/safety-settings', {
      emergencyNumber: '911',
      crisisLine: '988',
      poisonControl: '1-800-222-1222',
      onCallPhone: onCall,
    });
    expect(saved.statusCode).toBe(200);
    const phone = newPhone();
    await textIn(phone, 'my daughter swallowed a bunch of pills from my purse');
    const [page] = await outboxTo(onCall);
    expect(page?.body).toMatch(/EMERGENCY is waiting/);
    expect(page?.body).not.toMatch(/pills|daughter/);
    const [reply] = await outboxTo(phone);
    expect(reply?.body).toContain('Poison Control 1-800-222-1222');
  });

  it('refuses a safety number that is not a number, and changes nothing', async () => {
    const before = (await supervisor('GET', '/api/triage/safety-settings')).json();
    const bad = await supervisor('PUT', '/api/triage/safety-settings', {
      ...before,
      onCallPhone: '555-CALL-ME',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.onCallPhone' }));
    expect((await supervisor('GET', '/api/triage/safety-settings')).json()).toEqual(before);
  });

  it('marks a distressed writer and gives the agent a tip', async () => {
    const phone = newPhone();
    await textIn(phone, 'THIS IS RIDICULOUS I HAVE BEEN WAITING FOR MY REFILL FOR A WEEK');
    const summary = await summaryOf(agent, await conversationIdOf(agent, phone));
    expect(summary.distress).toEqual(['anger', 'shouting']);
    expect(summary.distressTips.map((t) => t.kind)).toEqual(['anger', 'shouting']);
    expect(summary.distressTips[0]!.tip.en.length).toBeGreaterThan(20);
  });

  it('counts writing again and again with no answer as distress', async () => {
    const phone = newPhone();
    await textIn(phone, 'hello?');
    await textIn(phone, 'is anyone there');
    expect((await summaryOf(agent, await conversationIdOf(agent, phone))).distress).toEqual([]);
    await textIn(phone, 'hello??');
    expect((await summaryOf(agent, await conversationIdOf(agent, phone))).distress).toEqual(['repeated']);
  });
});

describe('POST /api/triage', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let staff: Caller;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const clinic = await createTestClinic(test.database.orm);
    const member = await createTestStaff(test.database.orm, clinic.id, 'compliance');
    staff = callAs(server, await signInHeaders(server.app, member.email));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('triages a text with the reasons, storing nothing', async () => {
    const response = await staff('POST', '/api/triage', {
      text: 'no chest pain, just need to move my appointment',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ urgency: 'routine', intent: 'scheduling', language: 'en' });
    expect(response.json().reasons).toContainEqual(
      expect.objectContaining({ kind: 'set-aside', status: 'negated', rule: 'chest-pain' }),
    );
  });

  it('names the problem with bad input', async () => {
    const empty = await staff('POST', '/api/triage', { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.text' }));
    const language = await staff('POST', '/api/triage', { text: 'hola', language: 'fr' });
    expect(language.statusCode).toBe(400);
    expect(language.json().error.details).toContainEqual(expect.objectContaining({ field: 'body.language' }));
  });

  it('is refused without signing in', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/triage', payload: { text: 'hi' } });
    expect(response.statusCode).toBe(401);
  });
});
