import { randomUUID } from 'node:crypto';
import type { PortalThread } from '@patientdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { proxies, proxyAuthorizations } from '../patients/schema.ts';
import {
  addPatient,
  auditEventsOf,
  callAs,
  signedInPortalUser,
  signedInStaff,
} from '../patients/test-fixtures.ts';
import { addClinicNumber, inboxTestConfig, textIn } from './test-conversations.ts';

/**
 * Secure messages in the portal: a patient writes and reads the answer; a parent with the
 * messaging scope writes about one child and not about the other; nobody reads another's
 * thread; a secure answer sent from an SMS conversation waits in the patient's portal.
 */

const clinicNumber = '+16175550111';

interface Summary {
  id: string;
  channel: string;
  identityVerified: boolean;
  patientId: string | null;
}

describe('portal messages', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  const ids = {} as Record<'sam' | 'leo' | 'mia', string>;
  let sam: ReturnType<typeof callAs>;
  let rosa: ReturnType<typeof callAs>;
  let agent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database, {
      config: inboxTestConfig(),
    });
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Harbor Pediatrics');
    await addClinicNumber(orm, clinic.id, clinicNumber);
    ids.sam = (
      await addPatient(orm, clinic.id, {
        givenName: 'Sam',
        familyName: 'Ortiz',
        email: 'sam@example.com',
        phone: '+16175550123',
        birthDate: '1979-03-14',
      })
    ).id;
    ids.leo = (
      await addPatient(orm, clinic.id, { givenName: 'Leo', familyName: 'Lopez', birthDate: '2019-05-02' })
    ).id;
    ids.mia = (
      await addPatient(orm, clinic.id, { givenName: 'Mia', familyName: 'Lopez', birthDate: '2017-09-09' })
    ).id;
    const [parent] = await orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Rosa',
        familyName: 'Lopez',
        email: 'rosa@example.com',
      })
      .returning();
    await orm.insert(proxyAuthorizations).values([
      {
        organizationId: clinic.id,
        proxyId: parent!.id,
        patientId: ids.leo,
        relationship: 'parent',
        scopes: ['messaging'],
      },
      {
        organizationId: clinic.id,
        proxyId: parent!.id,
        patientId: ids.mia,
        relationship: 'parent',
        scopes: ['scheduling'],
      },
    ]);
    sam = callAs(server, await signedInPortalUser(server, clinic, 'sam@example.com'));
    rosa = callAs(server, await signedInPortalUser(server, clinic, 'rosa@example.com'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('lets a patient write securely and read the answer, and shows the desk a verified conversation', async () => {
    const clientMessageId = randomUUID();
    const message = {
      patientId: ids.sam,
      subject: 'Blood test',
      body: 'Are my cholesterol results back?',
      clientMessageId,
    };
    const sent = await sam('POST', '/api/portal/messages', message);
    expect(sent.statusCode).toBe(201);
    const thread = sent.json<PortalThread>();
    expect(thread.conversation).toMatchObject({
      subject: 'Blood test',
      channel: 'portal',
      patient: { displayName: 'Sam Ortiz' },
    });
    expect((await sam('POST', '/api/portal/messages', message)).json<PortalThread>().messages).toHaveLength(
      1,
    );

    const desk = (await agent('GET', `/api/conversations/${thread.conversation.id}`)).json<Summary>();
    expect(desk).toMatchObject({ channel: 'portal', identityVerified: true, patientId: ids.sam });
    // The portal is secure: health information may be written here.
    const answer = await agent('POST', `/api/conversations/${thread.conversation.id}/messages`, {
      body: 'Yes: your LDL cholesterol is 96 mg/dL, within the healthy range.',
    });
    expect(answer.statusCode).toBe(201);
    await agent('POST', `/api/conversations/${thread.conversation.id}/messages`, {
      body: 'Staff only',
      kind: 'note',
    });

    const read = (
      await sam('GET', `/api/portal/conversations/${thread.conversation.id}`)
    ).json<PortalThread>();
    expect(read.messages.map((item) => [item.from, item.body])).toEqual([
      ['visitor', 'Are my cholesterol results back?'],
      ['agent', 'Yes: your LDL cholesterol is 96 mg/dL, within the healthy range.'],
    ]);
    expect((await auditEventsOf(test.database.orm, clinic.id, 'portal.messages.read'))[0]).toMatchObject({
      patientIds: [ids.sam],
    });
  });

  it('lets a parent write about the child whose messaging they hold, in a thread of that child', async () => {
    const about = (patientId: string) =>
      rosa('POST', '/api/portal/messages', {
        patientId,
        body: 'Fever since last night',
        clientMessageId: randomUUID(),
      });
    const leo = await about(ids.leo);
    expect(leo.statusCode).toBe(201);
    expect(leo.json<PortalThread>().conversation.patient).toEqual({ id: ids.leo, displayName: 'Leo Lopez' });
    const mia = await about(ids.mia);
    expect(mia.statusCode).toBe(403);
    expect(mia.json<{ error: { message: string } }>().error.message).toMatch(/messaging/);

    const own = (await rosa('GET', '/api/portal/conversations')).json<{
      items: PortalThread['conversation'][];
    }>();
    expect(own.items.map((item) => item.patient?.id)).toEqual([ids.leo]);
    expect(own.items[0]!.preview).toBe('Fever since last night');
    // Sam's thread is not Rosa's, and Rosa's not Sam's.
    const samThreads = (await sam('GET', '/api/portal/conversations')).json<{ items: { id: string }[] }>()
      .items;
    expect((await rosa('GET', `/api/portal/conversations/${samThreads[0]!.id}`)).statusCode).toBe(404);
    expect((await sam('GET', `/api/portal/conversations/${own.items[0]!.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, and staff', async () => {
    const bad = await sam('POST', '/api/portal/messages', {
      patientId: 'me',
      body: '',
      clientMessageId: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/patientId/);
    expect((await agent('GET', '/api/portal/conversations')).statusCode).toBe(403);
  });

  it('keeps a secure answer from an SMS conversation in the patient’s portal, after a verification', async () => {
    await textIn(server, clinicNumber, '+16175550123', 'Did my biopsy come back?');
    const sms = (await agent('GET', '/api/conversations?view=all&channel=sms')).json<{ items: Summary[] }>()
      .items[0]!;
    const secureAnswer = { body: 'Your biopsy showed no cancer.', deliverSecurely: true };
    // Before the agent verified who is texting, nothing is kept for the patient's portal.
    expect((await agent('POST', `/api/conversations/${sms.id}/messages`, secureAnswer)).statusCode).toBe(400);
    const threadsBefore = (await sam('GET', '/api/portal/conversations')).json<{ items: { id: string }[] }>()
      .items;
    expect(threadsBefore.map((item) => item.id)).not.toContain(sms.id);

    const verified = await agent('POST', `/api/conversations/${sms.id}/verify-identity`, {
      patientId: ids.sam,
      identifiers: { name: 'Sam Ortiz', birthDate: '1979-03-14' },
      method: 'sms',
    });
    expect(verified.statusCode).toBe(200);
    expect((await agent('POST', `/api/conversations/${sms.id}/messages`, secureAnswer)).statusCode).toBe(201);

    const threads = (await sam('GET', '/api/portal/conversations')).json<{
      items: { id: string; channel: string }[];
    }>();
    expect(threads.items.find((item) => item.id === sms.id)).toMatchObject({ channel: 'sms' });
    const thread = (await sam('GET', `/api/portal/conversations/${sms.id}`)).json<PortalThread>();
    expect(thread.messages.map((item) => item.body)).toEqual([
      'Did my biopsy come back?',
      'Your biopsy showed no cancer.',
    ]);
    // A proxy never sees the patient's own SMS thread.
    expect((await rosa('GET', `/api/portal/conversations/${sms.id}`)).statusCode).toBe(404);
  });
});
