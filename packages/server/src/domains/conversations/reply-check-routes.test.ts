import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { auditEvents } from '../audit/schema.ts';
import type { Organization } from '../organizations/service.ts';
import { addPatient, callAs, signedInStaff } from '../patients/test-fixtures.ts';
import { conversationMessages, conversations } from './schema.ts';
import {
  addClinicNumber,
  conversationIdOf,
  inboxTestConfig,
  newPhone,
  textIn,
} from './test-conversations.ts';

/**
 * The composer's aids: as an agent writes a reply, the server names the jargon with plain words,
 * gives the reading grade, and on SMS warns of health information with the same check that
 * holds a reply at sending. Nothing is sent, stored or audited; notes are not checked; another
 * clinic's conversation does not exist.
 */

type Caller = ReturnType<typeof callAs>;
const clinicNumber = '+16175550161';

describe('checking a reply as the agent writes it', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: Caller;
  let outsider: Caller;
  let smsConversationId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { config: inboxTestConfig() });
    clinic = await createTestClinic(test.database.orm, 'Lakeview Family Medicine');
    await addClinicNumber(test.database.orm, clinic.id, clinicNumber);
    const otherClinic = await createTestClinic(test.database.orm, 'Hillcrest Pediatrics');
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    outsider = callAs(server, await signedInStaff(server, otherClinic.id, 'agent'));
    const phone = newPhone();
    await textIn(server, clinicNumber, phone, 'Hi, how often should I take the new blood pressure pills?');
    smsConversationId = await conversationIdOf(agent, phone);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const check = (conversationId: string, payload: unknown, caller: Caller = agent) =>
    caller('POST', `/api/conversations/${conversationId}/reply-check`, payload);

  /** A new text conversation, changed as the test needs (linked patient, language, channel). */
  async function conversationWith(change: Partial<typeof conversations.$inferInsert> = {}) {
    const phone = newPhone();
    await textIn(server, clinicNumber, phone, 'Hello, I have a question about my visit.');
    const id = await conversationIdOf(agent, phone);
    if (Object.keys(change).length)
      await test.database.orm.update(conversations).set(change).where(eq(conversations.id, id));
    return id;
  }

  it('names the jargon with plain words, and the reading grade against the limit', async () => {
    const body = 'Take 1 tab PRN for HTN.';
    const response = await check(smsConversationId, { body });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer = response.json();
    expect(answer).toMatchObject({
      language: 'en',
      jargon: [
        { term: 'PRN', start: 11, end: 14, plain: 'only when needed' },
        { term: 'HTN', start: 19, end: 22, plain: 'high blood pressure' },
      ],
      gradeLimit: 8,
      phi: { channelIsSecure: false },
    });
    expect(answer.readingGrade).toEqual(expect.any(Number));

    const dense = await check(smsConversationId, {
      body: 'Your comprehensive metabolic evaluation demonstrated considerable abnormalities necessitating immediate pharmacological intervention.',
    });
    expect(dense.json().readingGrade).toBeGreaterThan(8);
  });

  it('warns before sending what the send would hold, with the same findings', async () => {
    const body = 'Your DOB 03/14/1962 is on file and your metformin 500 mg is ready.';
    const warned = await check(smsConversationId, { body });
    expect(warned.json().phi).toEqual({
      channelIsSecure: false,
      findings: [
        { rule: 'medication', matched: 'metformin' },
        { rule: 'dose', matched: '500 mg' },
        { rule: 'identifier', matched: 'DOB 03/14/1962' },
      ],
    });
    const sent = await agent('POST', `/api/conversations/${smsConversationId}/messages`, { body });
    expect(sent.statusCode).toBe(422);
    expect(sent.json().error.details.map((detail: { message: string }) => detail.message)).toEqual(
      warned
        .json()
        .phi.findings.map(
          (finding: { rule: string; matched: string }) => `${finding.rule}: "${finding.matched}"`,
        ),
    );

    const plain = await check(smsConversationId, { body: 'We are open until 6 today. See you soon!' });
    expect(plain.json().phi.findings).toEqual([]);
  });

  it("warns of the linked patient's record number, as the send does", async () => {
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Rosa',
      familyName: 'Delgado',
      mrn: 'LV-204518',
    });
    const id = await conversationWith({ patientId: patient.id });
    const answer = (await check(id, { body: 'I looked you up under lv-204518, thanks.' })).json();
    expect(answer.phi.findings).toEqual([{ rule: 'identifier', matched: 'LV-204518' }]);
  });

  it('does not look for PHI on a secure channel', async () => {
    const id = await conversationWith({ channel: 'web' });
    const answer = (
      await check(id, { body: 'Your A1c came back at 9.1 and your metformin is changing.' })
    ).json();
    expect(answer.phi).toEqual({ channelIsSecure: true, findings: [] });
    expect(answer.jargon.map((finding: { term: string }) => finding.term)).toEqual(['A1c']);
  });

  it("reads the reply in the conversation's language unless told otherwise", async () => {
    const id = await conversationWith({ language: 'es' });
    const spanish = (
      await check(id, { body: 'Su hipertensión está controlada. Tome la pastilla c/8h.' })
    ).json();
    expect(spanish.language).toBe('es');
    expect(spanish.jargon.map((finding: { term: string }) => finding.term)).toEqual(['hipertensión', 'c/8h']);
    const english = (await check(id, { body: 'Your hypertension is under control.', language: 'en' })).json();
    expect(english.language).toBe('en');
    expect(english.jargon.map((finding: { plain: string }) => finding.plain)).toEqual([
      'high blood pressure',
    ]);

    // A language we have no vocabulary for still gets the PHI check, but no jargon or grade.
    const french = await conversationWith({ language: 'fr' });
    const answer = (await check(french, { body: 'Votre metformine est prête, HTN.' })).json();
    expect(answer).toMatchObject({ language: null, jargon: [], readingGrade: null });
  });

  it('does not check internal notes', async () => {
    const response = await check(smsConversationId, {
      body: 'Pt with HTN and DOB 03/14/1962, on metformin 500 mg BID.',
      kind: 'note',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      jargon: [],
      readingGrade: null,
      phi: { channelIsSecure: true, findings: [] },
    });
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const fieldsOf = async (payload: unknown) => {
      const response = await check(smsConversationId, payload);
      expect(response.statusCode).toBe(400);
      return response.json().error.details.map((detail: { field: string }) => detail.field);
    };
    expect(await fieldsOf({})).toEqual(['body.body']);
    expect(await fieldsOf({ body: '   ' })).toEqual(['body.body']);
    expect(await fieldsOf({ body: 42 })).toEqual(['body.body']);
    expect(await fieldsOf({ body: 'x'.repeat(5001) })).toEqual(['body.body']);
    expect(await fieldsOf({ body: 'Hello', language: 'fr' })).toEqual(['body.language']);
    expect(await fieldsOf({ body: 'Hello', kind: 'email' })).toEqual(['body.kind']);
    expect(await fieldsOf({ body: 'Hello', subject: 'Hi' })).toEqual(['body']);

    const badId = await agent('POST', '/api/conversations/not-a-conversation/reply-check', { body: 'Hello' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].field).toBe('path.id');
  });

  it("does not know another clinic's conversation, nor one that does not exist", async () => {
    const response = await check(smsConversationId, { body: 'Take 1 tab PRN for HTN' }, outsider);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('HTN');
    const unknown = await check('6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', { body: 'Hello' });
    expect(unknown.statusCode).toBe(404);
  });

  it('stores nothing and writes no audit event', async () => {
    const auditCount = async () =>
      (
        await test.database.orm
          .select({ n: count() })
          .from(auditEvents)
          .where(eq(auditEvents.organizationId, clinic.id))
      )[0]!.n;
    const messagesCount = async () =>
      (
        await test.database.orm
          .select({ n: count() })
          .from(conversationMessages)
          .where(eq(conversationMessages.conversationId, smsConversationId))
      )[0]!.n;
    const [auditsBefore, messagesBefore] = [await auditCount(), await messagesCount()];
    expect((await check(smsConversationId, { body: 'Your DOB 03/14/1962 and your HTN.' })).statusCode).toBe(
      200,
    );
    expect((await check(smsConversationId, { body: 'Your HTN. Call us.' })).statusCode).toBe(200);
    expect(await auditCount()).toBe(auditsBefore);
    expect(await messagesCount()).toBe(messagesBefore);
  });
});
