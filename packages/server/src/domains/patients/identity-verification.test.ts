import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from './test-fixtures.ts';

describe("checking a caller's identity against the record", () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let patientId: string;
  let agent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Riverside Family Health');
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
    patientId = (
      await addPatient(test.database.orm, clinic.id, {
        givenName: 'Mary Ann',
        familyName: 'Kowalski',
        birthDate: '1958-06-30',
        phone: '+1 555 010 8800',
        email: 'MaryAnn.K@example.com',
        addressLine: '221B Baker St.',
        mrn: 'RFH-004242',
      })
    ).id;
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const check = (identifiers: Record<string, string>) =>
    agent('POST', `/api/patients/${patientId}/verifications`, { identifiers, method: 'phone-call' });

  it('refuses when only one identifier matches, naming what did not match but not the values on file', async () => {
    const response = await check({ name: 'maryann kowalski', birthDate: '1958-03-06' });
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('unprocessable');
    expect(error.details).toEqual([
      { field: 'body.identifiers.birthDate', message: 'does not match the record' },
    ]);
    expect(response.body).not.toContain('1958-06-30');
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.verify-identity');
    expect(event).toMatchObject({
      outcome: 'denied',
      details: { matched: ['name'], notMatched: ['birth-date'] },
    });
    const current = await agent('GET', `/api/patients/${patientId}/verifications/current`);
    expect(current.json()).toEqual({ current: null });
  });

  it('asks for a second identifier when only one is given', async () => {
    const response = await check({ mrn: 'RFH-004242' });
    expect(response.statusCode).toBe(400);
  });

  it('verifies with two matching identifiers, said any way, for 24 hours', async () => {
    const response = await check({
      name: 'KOWALSKI  Mary Ann',
      phone: '(555) 010-8800',
      email: 'wrong@example.com',
    });
    expect(response.statusCode).toBe(201);
    const verification = response.json();
    expect(verification).toMatchObject({
      identifiers: ['name', 'phone'],
      notMatched: ['email'],
      method: 'phone-call',
      verifiedBy: { displayName: 'Test agent' },
    });
    const hours = (Date.parse(verification.expiresAt) - Date.parse(verification.verifiedAt)) / 3_600_000;
    expect(hours).toBe(24);

    const current = await agent('GET', `/api/patients/${patientId}/verifications/current`);
    expect(current.json().current).toMatchObject({ id: verification.id, identifiers: ['name', 'phone'] });
    const record = await agent('GET', `/api/patients/${patientId}`);
    expect(record.json().identityVerification).toMatchObject({ id: verification.id });
  });

  it('matches the date of birth as people say it, the street, the email in any case and the MRN', async () => {
    const response = await check({
      birthDate: '6/30/1958',
      address: '221b baker st',
      email: 'maryann.k@EXAMPLE.com',
      mrn: 'rfh-004242',
    });
    expect(response.json().identifiers).toEqual(['birth-date', 'email', 'address', 'mrn']);
  });
});
