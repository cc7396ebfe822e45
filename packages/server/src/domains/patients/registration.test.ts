import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, type SignedInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { patients } from './schema.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from './test-fixtures.ts';

describe('POST /api/patients: registering a patient', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: SignedInHeaders;
  let existing: { id: string; mrn: string };

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Riverside Family Health');
    agent = await signedInStaff(server, clinic.id, 'agent');
    existing = await addPatient(test.database.orm, clinic.id, {
      givenName: 'Lena',
      familyName: 'Fischer',
      birthDate: '1975-11-02',
      phone: '(555) 010-3333',
      email: 'lena@example.com',
      mrn: 'RFH-000777',
    });
    const other = await createTestClinic(test.database.orm, 'Other Clinic');
    await addPatient(test.database.orm, other.id, {
      givenName: 'Tom',
      familyName: 'Baker',
      birthDate: '1960-01-01',
      phone: '555-010-9999',
    });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const register = (body: Record<string, unknown>) => callAs(server, agent)('POST', '/api/patients', body);

  it('registers a patient with a new MRN and records who did it', async () => {
    const response = await register({
      givenName: 'Noah',
      familyName: 'Adeyemi',
      birthDate: '2019-04-12',
      sex: 'male',
      phone: '555-010-1212',
      address: { line: '4 Birch Road', city: 'Springfield', country: 'us' },
    });
    expect(response.statusCode).toBe(201);
    const patient = response.json();
    expect(patient).toMatchObject({
      givenName: 'Noah',
      familyName: 'Adeyemi',
      sex: 'male',
      phone: '555-010-1212',
    });
    expect(patient.mrn).toMatch(/^PD-\d{8}$/);
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.create');
    expect(event).toMatchObject({ resourceId: patient.id, patientIds: [patient.id], actorRole: 'agent' });
    expect(event!.details.fields).toEqual([
      'address',
      'birthDate',
      'familyName',
      'givenName',
      'phone',
      'preferredLanguage',
      'sex',
    ]);
    // Another clinic's patient with the same phone is no duplicate of this clinic's.
    const baker = await register({
      givenName: 'Tom',
      familyName: 'Baker',
      birthDate: '1960-01-01',
      phone: '5550109999',
    });
    expect(baker.statusCode).toBe(201);
  });

  it('refuses a likely duplicate with the candidates, until the registrar confirms it is someone else', async () => {
    const body = {
      givenName: ' lena ',
      familyName: 'FISCHER',
      birthDate: '1975-11-02',
      email: 'LENA@example.com',
    };
    const refused = await register(body);
    expect(refused.statusCode).toBe(409);
    const answer = refused.json();
    expect(answer.error).toMatchObject({ code: 'conflict', requestId: expect.any(String) });
    expect(answer.error.message).toMatch(/confirmedNotDuplicate/);
    expect(answer.error.details).toEqual([
      { field: 'body.familyName', message: 'MRN RFH-000777 has the same name and date of birth and email' },
    ]);
    expect(answer.duplicates).toEqual([
      {
        id: existing.id,
        mrn: 'RFH-000777',
        givenName: 'Lena',
        familyName: 'Fischer',
        birthDate: '1975-11-02',
        matchedOn: ['name-and-birth-date', 'email'],
      },
    ]);
    const [shown] = await auditEventsOf(test.database.orm, clinic.id, 'patient.search');
    expect(shown).toMatchObject({ patientIds: [existing.id], details: { queryKind: 'duplicate-check' } });

    const byPhone = await register({
      givenName: 'Max',
      familyName: 'Fischer',
      birthDate: '2001-01-01',
      phone: '+1 555 010 3333',
    });
    expect(byPhone.json().duplicates).toEqual([
      expect.objectContaining({ id: existing.id, matchedOn: ['phone'] }),
    ]);

    const confirmed = await register({ ...body, confirmedNotDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
  });

  it('keeps MRNs unique in the clinic, whatever their case', async () => {
    const response = await register({
      givenName: 'Ivy',
      familyName: 'Chen',
      birthDate: '1999-09-09',
      mrn: 'rfh-000777',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details).toEqual([{ field: 'body.mrn', message: 'is already used' }]);
  });

  it('names every field that is wrong, and saves nothing', async () => {
    const before = await test.database.orm
      .select()
      .from(patients)
      .where(eq(patients.organizationId, clinic.id));
    const response = await register({
      givenName: '',
      familyName: 'Chen',
      birthDate: '2999-01-01',
      sex: 'robot',
      phone: 'call me',
      email: 'not-an-email',
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.details.map((detail: { field: string }) => detail.field)
        .sort(),
    ).toEqual(['body.birthDate', 'body.email', 'body.givenName', 'body.phone', 'body.sex']);
    const after = await test.database.orm
      .select()
      .from(patients)
      .where(eq(patients.organizationId, clinic.id));
    expect(after).toHaveLength(before.length);
  });

  it('is not open to billing (they do not register patients)', async () => {
    const billing = await signedInStaff(server, clinic.id, 'billing');
    const response = await callAs(server, billing)('POST', '/api/patients', {
      givenName: 'Ivy',
      familyName: 'Chen',
      birthDate: '1999-09-09',
    });
    expect(response.statusCode).toBe(403);
  });
});
