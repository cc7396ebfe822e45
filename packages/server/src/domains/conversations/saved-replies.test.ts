import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { locations } from '../organizations/schema.ts';
import type { Organization } from '../organizations/service.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from '../patients/test-fixtures.ts';
import { savedReplies } from './schema.ts';
import {
  addClinicNumber,
  conversationIdOf,
  inboxTestConfig,
  inboxTestPublicUrl,
  newPhone,
  textIn,
} from './test-conversations.ts';

/**
 * Saved replies: personal ones stay their owner's, shared ones are kept by supervisors, shortcuts
 * pick one reply, and filling one in never puts a patient's name into a chat whose contact was
 * not verified, nor sends a reply with a hole in it.
 */

interface SavedReply {
  id: string;
  title: string;
  body: string;
  language: string;
  shortcut: string | null;
  shared: boolean;
  ownerId: string | null;
}
type Caller = ReturnType<typeof callAs>;

const clinicNumber = '+16175550140';

describe('saved replies', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: Caller;
  let agentId: string;
  let colleague: Caller;
  let supervisor: Caller;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, { config: inboxTestConfig() });
    clinic = await createTestClinic(test.database.orm, 'Maple Street Clinic');
    await addClinicNumber(test.database.orm, clinic.id, clinicNumber);
    await test.database.orm.insert(locations).values({
      organizationId: clinic.id,
      name: 'Maple Street',
      addressLine: '12 Maple Street',
      city: 'Springfield',
      region: 'MA',
      postalCode: '01101',
      phone: '+1 413 555 0199',
      timeZone: 'America/New_York',
    });
    const agentHeaders = await signedInStaff(server, clinic.id, 'agent');
    agent = callAs(server, agentHeaders);
    agentId = agentHeaders.staffMemberId;
    colleague = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    supervisor = callAs(server, await signedInStaff(server, clinic.id, 'supervisor'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const save = async (caller: Caller, reply: Record<string, unknown>): Promise<SavedReply> => {
    const response = await caller('POST', '/api/saved-replies', { language: 'en', shared: false, ...reply });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const listAs = async (caller: Caller, query = ''): Promise<SavedReply[]> => {
    const response = await caller('GET', `/api/saved-replies${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const storedRow = async (id: string) =>
    (await test.database.orm.select().from(savedReplies).where(eq(savedReplies.id, id)))[0];
  const render = (caller: Caller, conversationId: string, savedReplyId: string) =>
    caller('POST', `/api/conversations/${conversationId}/saved-replies/${savedReplyId}/render`);

  it('keeps a personal reply to its owner and shows shared replies to everyone', async () => {
    const mine = await save(agent, { title: 'My sign-off', body: 'Talk soon, {{agent.name}}' });
    expect(mine).toMatchObject({ shared: false, ownerId: agentId, shortcut: null });
    const shared = await save(supervisor, {
      title: 'Opening hours',
      body: 'We are open 8 to 6 on weekdays.',
      shared: true,
    });
    expect(shared).toMatchObject({ shared: true, ownerId: null });

    expect((await listAs(agent)).map((reply) => reply.id)).toEqual(
      expect.arrayContaining([mine.id, shared.id]),
    );
    const seenByColleague = (await listAs(colleague)).map((reply) => reply.id);
    expect(seenByColleague).toContain(shared.id);
    expect(seenByColleague).not.toContain(mine.id);

    // To a colleague the personal reply does not exist: they can neither change nor delete it.
    const change = await colleague('PATCH', `/api/saved-replies/${mine.id}`, { title: 'Taken over' });
    expect(change.statusCode).toBe(404);
    expect((await colleague('DELETE', `/api/saved-replies/${mine.id}`)).statusCode).toBe(404);
    expect(await storedRow(mine.id)).toMatchObject({ title: 'My sign-off' });

    const renamed = await agent('PATCH', `/api/saved-replies/${mine.id}`, { title: 'Signing off' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: mine.id, title: 'Signing off', body: mine.body });
    expect((await agent('DELETE', `/api/saved-replies/${mine.id}`)).statusCode).toBe(204);
    expect(await storedRow(mine.id)).toBeUndefined();
  });

  it('lets only those who manage shared replies save, change or delete them', async () => {
    const refused = await agent('POST', '/api/saved-replies', {
      title: 'Parking',
      body: 'Park behind the building.',
      language: 'en',
      shared: true,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('saved-replies.manage-shared');
    expect((await listAs(agent, '?q=parking')).map((reply) => reply.title)).toEqual([]);

    const shared = await save(supervisor, {
      title: 'Fax number',
      body: 'Our fax is 555-0100.',
      shared: true,
    });
    const change = await agent('PATCH', `/api/saved-replies/${shared.id}`, { body: 'Our fax is gone.' });
    expect(change.statusCode).toBe(403);
    expect((await agent('DELETE', `/api/saved-replies/${shared.id}`)).statusCode).toBe(403);
    expect(await storedRow(shared.id)).toMatchObject({ body: 'Our fax is 555-0100.' });

    const changed = await supervisor('PATCH', `/api/saved-replies/${shared.id}`, { body: 'Fax: 555-0111.' });
    expect(changed.statusCode).toBe(200);
    expect((await listAs(agent, '?q=fax')).map((reply) => reply.body)).toEqual(['Fax: 555-0111.']);
    expect((await supervisor('DELETE', `/api/saved-replies/${shared.id}`)).statusCode).toBe(204);
  });

  it('finds replies by words of their title, text or shortcut in any case, and by language', async () => {
    const flu = await save(agent, { title: 'Flu shots', body: 'Walk-in flu shots every Friday.' });
    const gripe = await save(agent, {
      title: 'Vacuna',
      body: 'Vacunas contra la GRIPE los viernes.',
      language: 'es',
      shortcut: 'gripe',
    });
    const percent = await save(agent, { title: 'Discount', body: 'Self-pay patients get 10% off.' });
    const ids = async (query: string) => (await listAs(agent, query)).map((reply) => reply.id);

    expect(await ids('?q=FLU')).toEqual([flu.id]);
    expect(await ids('?q=friday')).toEqual([flu.id]);
    expect(await ids('?q=gripe')).toEqual([gripe.id]);
    expect(await ids('?q=vacuna&language=es')).toEqual([gripe.id]);
    expect(await ids('?q=vacuna&language=en')).toEqual([]);
    expect(await ids('?language=es')).toEqual([gripe.id]);
    // A percent sign is a letter here, not a wildcard.
    expect(await ids('?q=10%25')).toEqual([percent.id]);
    expect(await ids('?q=%25')).toEqual([percent.id]);
  });

  it('keeps each shortcut to one reply among the shared ones and among each person’s own (409)', async () => {
    const mine = await save(agent, { title: 'Hours', body: 'Open 8 to 6.', shortcut: 'hours' });
    const again = await agent('POST', '/api/saved-replies', {
      title: 'Hours again',
      body: 'Still 8 to 6.',
      language: 'en',
      shared: false,
      shortcut: 'HOURS',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('/hours'),
      details: [{ field: 'body.shortcut', message: 'already in use' }],
    });
    expect((await listAs(agent, '?q=still')).length).toBe(0);

    // Another scope may use the same shortcut: a colleague's own, and the shared ones.
    await save(colleague, { title: 'Hours', body: 'We open at 8.', shortcut: 'hours' });
    const shared = await save(supervisor, {
      title: 'Hours',
      body: 'Open 8 to 6 weekdays.',
      shortcut: 'hours',
      shared: true,
    });
    const sharedClash = await supervisor('POST', '/api/saved-replies', {
      title: 'Hours (2)',
      body: 'Closed Sundays.',
      language: 'en',
      shared: true,
      shortcut: 'hours',
    });
    expect(sharedClash.statusCode).toBe(409);
    expect(sharedClash.json().error.message).toContain('another shared reply');

    const other = await save(agent, { title: 'Directions', body: 'Take Route 9.', shortcut: 'directions' });
    const renamed = await agent('PATCH', `/api/saved-replies/${other.id}`, { shortcut: 'hours' });
    expect(renamed.statusCode).toBe(409);
    expect(await storedRow(other.id)).toMatchObject({ shortcut: 'directions' });
    // Keeping its own shortcut, or dropping it, is no clash.
    expect((await agent('PATCH', `/api/saved-replies/${mine.id}`, { shortcut: 'hours' })).statusCode).toBe(
      200,
    );
    expect((await agent('PATCH', `/api/saved-replies/${other.id}`, { shortcut: null })).json()).toMatchObject(
      {
        shortcut: null,
      },
    );
    expect(await storedRow(shared.id)).toMatchObject({ shortcut: 'hours', ownerStaffId: null });
    // Two requests racing past the check still cannot both store it: the database refuses the second.
    await expect(
      test.database.orm
        .insert(savedReplies)
        .values({ organizationId: clinic.id, title: 'Race', body: 'Racing', shortcut: 'hours' }),
    ).rejects.toThrow();
  });

  it('refuses a reply with bad fields or unknown variables, naming the problem, and stores nothing', async () => {
    const before = await listAs(agent);
    const attempts: [Record<string, unknown>, string][] = [
      [
        { title: 'Result', body: 'Your {{patient.diagnosis}} is ready', language: 'en', shared: false },
        'body.body',
      ],
      [{ title: 'Broken', body: 'Hi {{patient.givenName', language: 'en', shared: false }, 'body.body'],
      [{ title: '', body: 'Hello', language: 'en', shared: false }, 'body.title'],
      [{ title: 'Hi', body: '   ', language: 'en', shared: false }, 'body.body'],
      [{ title: 'Hi', body: 'Hello', language: 'english!', shared: false }, 'body.language'],
      [
        { title: 'Hi', body: 'Hello', language: 'en', shared: false, shortcut: 'has spaces' },
        'body.shortcut',
      ],
      [{ title: 'Hi', body: 'Hello', language: 'en' }, 'body.shared'],
      [{ title: 'Hi', body: 'Hello', language: 'en', shared: false, ownerId: agentId }, 'body'],
    ];
    for (const [payload, field] of attempts) {
      const response = await agent('POST', '/api/saved-replies', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details, JSON.stringify(payload)).toContainEqual(
        expect.objectContaining({ field }),
      );
    }
    const unknown = await agent('POST', '/api/saved-replies', attempts[0]![0]);
    expect(unknown.json().error.message).toContain('{{patient.diagnosis}}');

    const mine = await save(agent, { title: 'Thanks', body: 'Thank you!' });
    for (const [payload, field] of [
      [{}, 'body'],
      [{ body: 'Hi {{agent.phone}}' }, 'body.body'],
      [{ shortcut: '-dash-first' }, 'body.shortcut'],
    ] as const) {
      const response = await agent('PATCH', `/api/saved-replies/${mine.id}`, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toContainEqual(expect.objectContaining({ field }));
    }
    expect((await agent('PATCH', '/api/saved-replies/not-a-uuid', { title: 'x' })).statusCode).toBe(400);
    expect(await storedRow(mine.id)).toMatchObject({ body: 'Thank you!', shortcut: null });
    expect((await listAs(agent)).length).toBe(before.length + 1);
  });

  it('fills in agent, clinic and location, and the patient’s name only once the contact is verified', async () => {
    const phone = newPhone();
    const patient = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Josephine',
      familyName: 'Okafor',
      preferredName: 'Jo',
      birthDate: '1979-03-14',
      phone,
    });
    await textIn(server, clinicNumber, phone, 'Can I move my appointment?');
    const conversationId = await conversationIdOf(agent, phone);
    const greeting = await save(agent, {
      title: 'Greeting',
      body: 'Hi {{patient.preferredName}}, this is {{agent.name}} at {{clinic.name}}.',
    });
    const directions = await save(agent, {
      title: 'Where we are',
      body: '{{location.name}}: {{location.address}}, {{location.phone}}. Portal: {{portal.link}}',
    });

    // The phone matched Josephine's record, which is a guess: her name stays out of the chat.
    const unverified = await render(agent, conversationId, greeting.id);
    expect(unverified.statusCode).toBe(422);
    expect(unverified.json().error).toMatchObject({
      code: 'saved_reply_missing_values',
      details: [{ field: 'template.patient.preferredName', message: 'the name the patient goes by' }],
    });
    expect(unverified.json().error.message).toContain('verify');
    expect(unverified.body).not.toContain('Jo,');
    expect(unverified.body).not.toContain('Josephine');

    const filled = await render(agent, conversationId, directions.id);
    expect(filled.statusCode).toBe(200);
    expect(filled.json()).toEqual({
      body: `Maple Street: 12 Maple Street, Springfield, MA 01101, +1 413 555 0199. Portal: ${inboxTestPublicUrl}/portal?clinic=${clinic.slug}`,
      missing: [],
    });

    const verified = await agent('POST', `/api/conversations/${conversationId}/verify-identity`, {
      patientId: patient.id,
      identifiers: { name: 'Josephine Okafor', birthDate: '1979-03-14' },
      method: 'sms',
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const named = await render(agent, conversationId, greeting.id);
    expect(named.statusCode).toBe(200);
    expect(named.json().body).toBe('Hi Jo, this is Test agent at Maple Street Clinic.');

    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'conversation.saved-reply.render');
    expect(event).toMatchObject({
      resourceId: conversationId,
      patientIds: [patient.id],
      details: expect.objectContaining({ savedReplyId: greeting.id, patientDetailsFilled: true }),
    });
  });

  it('refuses to fill in a reply whose values the clinic lacks, naming each one', async () => {
    const bare = await createTestClinic(test.database.orm, 'Clinic Without Locations');
    const bareNumber = '+16175550141';
    await addClinicNumber(test.database.orm, bare.id, bareNumber);
    const bareAgent = callAs(server, await signedInStaff(server, bare.id, 'agent'));
    const phone = newPhone();
    await textIn(server, bareNumber, phone, 'Where are you?');
    const conversationId = await conversationIdOf(bareAgent, phone);
    const reply = await save(bareAgent, {
      title: 'Call us',
      body: 'Call {{location.name}} at {{location.phone}}.',
    });

    const response = await render(bareAgent, conversationId, reply.id);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('saved_reply_missing_values');
    expect(response.json().error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'template.location.name',
      'template.location.phone',
    ]);
  });

  it("keeps another organisation's conversations and replies out of reach", async () => {
    const phone = newPhone();
    await textIn(server, clinicNumber, phone, 'Is the lab open on Saturday?');
    const conversationId = await conversationIdOf(agent, phone);
    const shared = await save(supervisor, { title: 'Lab hours', body: 'The lab opens at 7.', shared: true });

    const other = await createTestClinic(test.database.orm, 'Elsewhere Health');
    const stranger = callAs(server, await signedInStaff(server, other.id, 'supervisor'));
    const theirs = await save(stranger, { title: 'Lab', body: 'Our lab opens at 9.', shared: true });

    expect((await listAs(stranger)).map((reply) => reply.id)).toEqual([theirs.id]);
    expect((await render(stranger, conversationId, theirs.id)).statusCode).toBe(404);
    expect((await render(stranger, conversationId, shared.id)).statusCode).toBe(404);
    expect((await render(agent, conversationId, theirs.id)).statusCode).toBe(404);
    expect(
      (await stranger('PATCH', `/api/saved-replies/${shared.id}`, { title: 'Ours now' })).statusCode,
    ).toBe(404);
    expect((await stranger('DELETE', `/api/saved-replies/${shared.id}`)).statusCode).toBe(404);
    expect(await storedRow(shared.id)).toMatchObject({ title: 'Lab hours' });
  });
});
