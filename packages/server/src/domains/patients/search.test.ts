import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, type SignedInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { patients } from './schema.ts';
import { classifyPatientQuery } from './search.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from './test-fixtures.ts';

describe('how the search box reads a query', () => {
  it('tells dates of birth, emails, phones, MRNs and names apart', () => {
    expect(classifyPatientQuery('1984-03-07')).toEqual({ kind: 'birth-date', birthDate: '1984-03-07' });
    expect(classifyPatientQuery('3/7/1984')).toEqual({ kind: 'birth-date', birthDate: '1984-03-07' });
    expect(classifyPatientQuery(' Jon.Smith@Example.com ')).toEqual({
      kind: 'email',
      email: 'Jon.Smith@Example.com',
    });
    expect(classifyPatientQuery('+1 (555) 010-2030')).toMatchObject({ kind: 'phone', text: '15550102030' });
    expect(classifyPatientQuery('RFH-000123')).toEqual({ kind: 'mrn', mrn: 'RFH-000123' });
    expect(classifyPatientQuery('00123')).toEqual({ kind: 'mrn', mrn: '00123' });
    expect(classifyPatientQuery('Smith, Jon')).toEqual({ kind: 'name', words: ['smith', 'jon'] });
  });

  it('refuses a date that does not exist, naming the field', () => {
    expect(() => classifyPatientQuery('2023-02-30')).toThrow(/date does not exist/);
  });
});

describe('GET /api/patients', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let agent: SignedInHeaders;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    clinic = await createTestClinic(orm, 'Riverside Family Health');
    const other = await createTestClinic(orm, 'Other Clinic');
    agent = await signedInStaff(server, clinic.id, 'agent');
    const add = async (key: string, fields: Parameters<typeof addPatient>[2]) => {
      ids[key] = (await addPatient(orm, clinic.id, fields)).id;
    };
    await add('jonathan', {
      givenName: 'Jonathan',
      familyName: 'Smith',
      birthDate: '1984-03-07',
      phone: '+1 (555) 010-2030',
      email: 'Jon.Smith@Example.com',
      mrn: 'RFH-000123',
      preferredLanguage: 'en',
    });
    await add('joanna', { givenName: 'Joanna', familyName: 'Smithers', birthDate: '1990-05-01' });
    await add('maria', {
      givenName: 'Maria',
      familyName: 'Garcia',
      phone: '555-010-4444',
      mrn: '5550104444',
    });
    await add('amy', { givenName: 'Amy', familyName: 'Wu' });
    await add('duplicate', { givenName: 'Jonathan', familyName: 'Smith', birthDate: '1984-03-07' });
    await orm
      .update(patients)
      .set({ mergedIntoId: ids.jonathan, mergedAt: new Date() })
      .where(eq(patients.id, ids.duplicate!));
    await addPatient(orm, other.id, {
      givenName: 'Jonathan',
      familyName: 'Smith',
      birthDate: '1984-03-07',
      phone: '5550102030',
      email: 'jon.smith@example.com',
      mrn: 'RFH-000123',
    });
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const search = async (q: string, extra = '') => {
    const response = await callAs(server, agent)('GET', `/api/patients?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode).toBe(200);
    return response.json().items as { id: string; givenName: string; familyName: string }[];
  };
  const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

  it('finds a patient from name fragments, with a typo, best match first', async () => {
    expect(idsOf(await search('jon smth'))[0]).toBe(ids.jonathan);
    expect(idsOf(await search('Jonathon Smyth'))[0]).toBe(ids.jonathan);
    expect(idsOf(await search('smith'))).toEqual([ids.jonathan, ids.joanna]);
    expect(idsOf(await search('Wu'))).toEqual([ids.amy]);
  });

  it('shows what an agent needs to pick the right person', async () => {
    const [item] = await search('jonathan smith');
    expect(item).toEqual({
      id: ids.jonathan,
      mrn: 'RFH-000123',
      givenName: 'Jonathan',
      familyName: 'Smith',
      preferredName: null,
      birthDate: '1984-03-07',
      sex: 'unknown',
      phone: '+1 (555) 010-2030',
      email: 'Jon.Smith@Example.com',
      preferredLanguage: 'en',
      mergedIntoId: null,
    });
  });

  it('finds by exact date of birth, written either way', async () => {
    expect(idsOf(await search('1984-03-07'))).toEqual([ids.jonathan]);
    expect(idsOf(await search('3/7/1984'))).toEqual([ids.jonathan]);
  });

  it('finds by phone digits, with or without the country code, however it is written', async () => {
    expect(idsOf(await search('5550102030'))).toEqual([ids.jonathan]);
    expect(idsOf(await search('1-555-010-2030'))).toEqual([ids.jonathan]);
    expect(idsOf(await search('(555) 010 4444'))).toEqual([ids.maria]);
  });

  it('finds by email and by MRN, in any case', async () => {
    expect(idsOf(await search('JON.SMITH@example.COM'))).toEqual([ids.jonathan]);
    expect(idsOf(await search('rfh-000123'))).toEqual([ids.jonathan]);
  });

  it('leaves merged records out unless asked for them', async () => {
    expect(idsOf(await search('1984-03-07', '&includeMerged=true')).sort()).toEqual(
      [ids.jonathan, ids.duplicate].sort(),
    );
    const withMerged = await search('jonathan smith', '&includeMerged=true');
    expect(withMerged.find((item) => item.id === ids.duplicate)).toMatchObject({
      mergedIntoId: ids.jonathan,
    });
  });

  it('records one audit event naming every patient shown, with the kind of query but not the query', async () => {
    const items = await search('smith');
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.search');
    expect(event).toMatchObject({
      actorRole: 'agent',
      outcome: 'allowed',
      details: { queryKind: 'name', count: 2 },
    });
    expect([...event!.patientIds].sort()).toEqual(idsOf(items).sort());
    expect(JSON.stringify(event)).not.toContain('smith');
  });

  it('says what is wrong with a query it cannot use', async () => {
    const response = await callAs(server, agent)('GET', '/api/patients?q=a&limit=500');
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['query.limit', 'query.q']);
  });

  it('is not open to roles that do not look patients up', async () => {
    const compliance = await signedInStaff(server, clinic.id, 'compliance');
    const response = await callAs(server, compliance)('GET', '/api/patients?q=smith');
    expect(response.statusCode).toBe(403);
  });
});
