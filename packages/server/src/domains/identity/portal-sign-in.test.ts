import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { listOutbox } from '../outbox/service.ts';
import { patients, proxies, proxyAuthorizations } from '../patients/schema.ts';
import { portalSignInCodes } from './schema.ts';

/** A birth date `years` ago today, so the ages in these tests never drift. */
function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - 10);
  return date.toISOString().slice(0, 10);
}

let address = 0;
const nextAddress = () => `198.19.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

describe('portal sign-in with a one-time code', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let child: { id: string };
  let teen: { id: string };
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Harbor Pediatrics');
    const rows = await orm
      .insert(patients)
      .values([
        {
          organizationId: clinic.id,
          mrn: 'H-1',
          givenName: 'Mia',
          familyName: 'Lopez',
          birthDate: bornYearsAgo(6),
          email: 'mia.parent@example.com',
        },
        {
          organizationId: clinic.id,
          mrn: 'H-2',
          givenName: 'Leo',
          familyName: 'Lopez',
          birthDate: bornYearsAgo(7),
        },
        {
          organizationId: clinic.id,
          mrn: 'H-3',
          givenName: 'Ana',
          familyName: 'Lopez',
          birthDate: bornYearsAgo(15),
        },
        {
          organizationId: clinic.id,
          mrn: 'H-4',
          givenName: 'Sam',
          familyName: 'Ortiz',
          birthDate: bornYearsAgo(46),
          phone: '+1 (555) 010-0199',
        },
      ])
      .returning({ id: patients.id, mrn: patients.mrn });
    child = rows.find((row) => row.mrn === 'H-2')!;
    teen = rows.find((row) => row.mrn === 'H-3')!;
    const [parent] = await orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Rosa',
        familyName: 'Lopez',
        email: 'Rosa.Lopez@example.com',
      })
      .returning({ id: proxies.id });
    await orm.insert(proxyAuthorizations).values([
      {
        organizationId: clinic.id,
        proxyId: parent!.id,
        patientId: child.id,
        relationship: 'parent',
        scopes: ['scheduling', 'records'],
      },
      {
        organizationId: clinic.id,
        proxyId: parent!.id,
        patientId: teen.id,
        relationship: 'parent',
        scopes: ['scheduling', 'records', 'messaging'],
      },
    ]);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const requestCode = (contact: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/auth/portal/request-code',
      remoteAddress: nextAddress(),
      payload: { organization: clinic.slug, contact },
    });
  const verify = (contact: string, code: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/auth/portal/verify-code',
      remoteAddress: nextAddress(),
      payload: { organization: clinic.slug, contact, code },
    });
  const latestCode = async (recipient: string) => {
    const messages = await listOutbox(test.database.orm, testCipher(), clinic.id);
    const message = messages.find((m) => m.recipient === recipient && m.purpose === 'portal-sign-in-code');
    return /\b(\d{6})\b/.exec(message!.body)![1]!;
  };

  it('sends a code to a proxy, who then sees the children they act for, narrowed by the age rules', async () => {
    const response = await requestCode('rosa.lopez@example.com');
    expect(response.statusCode).toBe(202);
    const code = await latestCode('rosa.lopez@example.com');
    const signedIn = await verify(' Rosa.Lopez@Example.com ', code);
    expect(signedIn.statusCode).toBe(200);
    const me = signedIn.json();
    expect(me).toMatchObject({ kind: 'portal', role: 'proxy', displayName: 'Rosa Lopez' });
    const byId = new Map(me.patients.map((p: { id: string }) => [p.id, p]));
    expect(byId.get(child.id)).toEqual({
      id: child.id,
      displayName: 'Leo Lopez',
      relationship: 'parent',
      scopes: ['scheduling', 'records'],
    });
    // Ana is 15: her parent keeps scheduling only (confidential adolescent care).
    expect(byId.get(teen.id)).toMatchObject({ scopes: ['scheduling'] });
    expect(me.patients).toHaveLength(2);
    // Showing the names of the children is a read of PHI, on record like any other.
    const { rows } = await test.database.query<{ patient_ids: string[]; actor_type: string }>(
      `select patient_ids, actor_type from audit_events where action = 'portal.patients.list' order by seq desc limit 1`,
    );
    expect(rows[0]!.actor_type).toBe('proxy');
    expect(new Set(rows[0]!.patient_ids)).toEqual(new Set([child.id, teen.id]));
    // The code works once.
    expect((await verify('rosa.lopez@example.com', code)).statusCode).toBe(401);
  });

  it('signs a patient in by the phone number on file, written any way', async () => {
    await requestCode('555-010-0199');
    const messages = await listOutbox(test.database.orm, testCipher(), clinic.id);
    const sms = messages.find((m) => m.channel === 'sms' && m.recipient === '5550100199');
    expect(sms?.body).toMatch(/Harbor Pediatrics sign-in code is \d{6}/);
    const code = /(\d{6})/.exec(sms!.body)![1]!;
    const signedIn = await verify('+1 555 010 0199', code);
    expect(signedIn.json()).toMatchObject({
      role: 'patient',
      displayName: 'Sam Ortiz',
      patients: [{ relationship: 'self' }],
    });
    // The code reached that phone, so the number on Sam's record is now verified.
    const { rows } = await test.database.query<{ verified: boolean }>(
      `select verified_at is not null as verified from patient_contact_points where value = '+1 (555) 010-0199'`,
    );
    expect(rows).toEqual([{ verified: true }]);
  });

  it('gives the same answer for a contact that is not on file, and sends nothing', async () => {
    const before = (await listOutbox(test.database.orm, testCipher(), clinic.id)).length;
    const known = await requestCode('mia.parent@example.com');
    const unknown = await requestCode('stranger@example.com');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.json()).toEqual(known.json());
    expect((await listOutbox(test.database.orm, testCipher(), clinic.id)).length).toBe(before + 1);
  });

  it('allows five tries per code, then asks for a new one; an expired code is refused', async () => {
    await requestCode('mia.parent@example.com');
    const code = await latestCode('mia.parent@example.com');
    const wrong = code === '123456' ? '654321' : '123456';
    const messages: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++)
      messages.push((await verify('mia.parent@example.com', wrong)).json().error.message);
    expect(messages[0]).toBe('That code is not right. 4 tries left.');
    expect(messages[4]).toBe('That code is not right, and no tries are left. Ask for a new code.');
    const tooLate = await verify('mia.parent@example.com', code);
    expect(tooLate.statusCode).toBe(401);
    expect(tooLate.json().error.message).toBe('Too many wrong tries for this code. Ask for a new code.');

    await requestCode('mia.parent@example.com');
    const fresh = await latestCode('mia.parent@example.com');
    await test.database.orm
      .update(portalSignInCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(portalSignInCodes.organizationId, clinic.id));
    expect((await verify('mia.parent@example.com', fresh)).json().error.message).toBe(
      'This code has expired or was already used. Ask for a new code.',
    );
  });

  it('names the problem with a contact that is neither an email nor a phone number', async () => {
    const response = await requestCode('not a contact');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('Enter your email address or mobile number.');
  });
});
