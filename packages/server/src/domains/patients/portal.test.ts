import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { proxies, proxyAuthorizations } from './schema.ts';
import { addPatient, auditEventsOf, callAs, signedInPortalUser, signedInStaff } from './test-fixtures.ts';

/** A birth date `years` ago, so the age rules of these tests never drift. */
function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}

describe('the portal: patients and proxies and their profiles', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  const ids = {} as Record<'sam' | 'leo' | 'mia' | 'stranger', string>;
  let sam: ReturnType<typeof callAs>;
  let rosa: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Harbor Pediatrics');
    ids.sam = (
      await addPatient(orm, clinic.id, { givenName: 'Sam', familyName: 'Ortiz', email: 'sam@example.com' })
    ).id;
    ids.leo = (
      await addPatient(orm, clinic.id, { givenName: 'Leo', familyName: 'Lopez', birthDate: bornYearsAgo(6) })
    ).id;
    ids.mia = (
      await addPatient(orm, clinic.id, { givenName: 'Mia', familyName: 'Lopez', birthDate: bornYearsAgo(8) })
    ).id;
    ids.stranger = (await addPatient(orm, clinic.id, { givenName: 'Zed', familyName: 'Quinn' })).id;
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
        scopes: ['scheduling', 'records'],
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
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  it('lists the patients a person acts for', async () => {
    expect((await sam('GET', '/api/portal/patients')).json().items).toEqual([
      {
        id: ids.sam,
        displayName: 'Sam Ortiz',
        relationship: 'self',
        scopes: ['scheduling', 'billing', 'messaging', 'records'],
      },
    ]);
    const children = (await rosa('GET', '/api/portal/patients')).json().items;
    expect(
      children.map((child: { displayName: string; scopes: string[] }) => [child.displayName, child.scopes]),
    ).toEqual([
      ['Leo Lopez', ['scheduling', 'records']],
      ['Mia Lopez', ['scheduling']],
    ]);
  });

  it('shows a patient their own profile and lets them correct it and set their preferences', async () => {
    const profile = await sam('GET', `/api/portal/patients/${ids.sam}/profile`);
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({
      givenName: 'Sam',
      // Sam signed in with a code sent to this address, which verified it.
      contactPoints: [{ kind: 'email', value: 'sam@example.com', isPrimary: true, verified: true }],
      preferences: { preferredChannel: 'sms', quietHours: null },
      consents: [],
    });

    const corrected = await sam('PATCH', `/api/portal/patients/${ids.sam}/profile`, {
      preferredName: 'Sammy',
      pronouns: 'they/them',
      address: { line: '5 Pier Road', city: 'Harbor' },
    });
    expect(corrected.json()).toMatchObject({
      preferredName: 'Sammy',
      pronouns: 'they/them',
      address: { line: '5 Pier Road' },
    });
    const notAllowed = await sam('PATCH', `/api/portal/patients/${ids.sam}/profile`, {
      birthDate: '1990-01-01',
    });
    expect(notAllowed.statusCode).toBe(400);
    const empty = await sam('PATCH', `/api/portal/patients/${ids.sam}/profile`, {});
    expect(empty.statusCode).toBe(400);

    const preferences = await sam('PUT', `/api/portal/patients/${ids.sam}/preferences`, {
      preferredChannel: 'email',
      quietHours: { start: '21:00', end: '08:00' },
      consents: { email: 'granted', sms: 'revoked' },
    });
    expect(preferences.statusCode).toBe(200);
    expect(preferences.json().preferences).toEqual({
      preferredChannel: 'email',
      quietHours: { start: '21:00', end: '08:00' },
    });
    // Saving the same consents again adds nothing to the history.
    await sam('PUT', `/api/portal/patients/${ids.sam}/preferences`, { consents: { email: 'granted' } });
    const agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    const consents = (await agent('GET', `/api/patients/${ids.sam}`)).json().consents;
    expect(
      consents.history
        .map((entry: { channel: string; source: string }) => [entry.channel, entry.source])
        .sort(),
    ).toEqual([
      ['email', 'portal'],
      ['sms', 'portal'],
    ]);
  });

  it("refuses a patient another patient's data", async () => {
    for (const [method, url, body] of [
      ['GET', `/api/portal/patients/${ids.stranger}/profile`, undefined],
      ['PATCH', `/api/portal/patients/${ids.stranger}/profile`, { pronouns: 'he/him' }],
      ['PUT', `/api/portal/patients/${ids.stranger}/preferences`, { preferredChannel: 'email' }],
      // Even an empty form: the access is decided before the content.
      ['PUT', `/api/portal/patients/${ids.stranger}/preferences`, {}],
    ] as const) {
      const response = await sam(method, url, body);
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('Quinn');
    }
    const [denied] = await auditEventsOf(test.database.orm, clinic.id, 'portal.preferences.update');
    expect(denied).toMatchObject({ outcome: 'denied', actorType: 'patient', patientIds: [ids.stranger] });
  });

  it('lets a proxy read a child’s profile with the records scope, recording on whose behalf', async () => {
    const response = await rosa('GET', `/api/portal/patients/${ids.leo}/profile`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ givenName: 'Leo', familyName: 'Lopez' });
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'portal.profile.read');
    expect(event).toMatchObject({
      actorType: 'proxy',
      outcome: 'allowed',
      patientIds: [ids.leo],
      onBehalfOfPatientId: ids.leo,
    });
  });

  it('refuses a proxy what their scopes do not include', async () => {
    const noRecords = await rosa('GET', `/api/portal/patients/${ids.mia}/profile`);
    expect(noRecords.statusCode).toBe(403);
    expect(noRecords.json().error.message).toMatch(/records/);
    const noMessaging = await rosa('PUT', `/api/portal/patients/${ids.leo}/preferences`, {
      consents: { sms: 'granted' },
    });
    expect(noMessaging.statusCode).toBe(403);
    expect(noMessaging.json().error.message).toMatch(/messaging/);
  });

  it('keeps portal users out of the staff API, and staff out of the portal', async () => {
    expect((await sam('GET', `/api/patients/${ids.sam}`)).statusCode).toBe(403);
    expect((await sam('GET', '/api/patients?q=ortiz')).statusCode).toBe(403);
    const agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    expect((await agent('GET', `/api/portal/patients/${ids.sam}/profile`)).statusCode).toBe(403);
  });
});
