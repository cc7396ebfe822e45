import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { testCipher } from '../../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { Organization } from '../organizations/service.ts';
import { patientCoverages, patientMerges, proxies, proxyAuthorizations } from './schema.ts';
import { addPatient, auditEventsOf, callAs, signedInStaff } from './test-fixtures.ts';

describe('POST /api/patients/:id/merge: one person registered twice', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinic: Organization;
  let supervisor: ReturnType<typeof callAs>;
  let agent: ReturnType<typeof callAs>;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    clinic = await createTestClinic(test.database.orm, 'Riverside Family Health');
    supervisor = callAs(server, await signedInStaff(server, clinic.id, 'supervisor'));
    agent = callAs(server, await signedInStaff(server, clinic.id, 'agent'));
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  /** Two records of Rosa Diaz, each with its own history. */
  async function twoRecords() {
    const orm = test.database.orm;
    const survivor = await addPatient(orm, clinic.id, {
      givenName: 'Rosa',
      familyName: 'Diaz',
      phone: '555-010-1000',
      mrn: `RFH-S${Math.random().toString().slice(2, 8)}`,
    });
    const duplicate = await addPatient(orm, clinic.id, {
      givenName: 'Rosa',
      familyName: 'Díaz',
      phone: '555-010-2000',
      email: 'rosa@example.com',
      mrn: `RFH-D${Math.random().toString().slice(2, 8)}`,
    });
    for (const [id, note] of [
      [survivor.id, 'Called about a refill.'],
      [duplicate.id, 'Registered at the walk-in desk.'],
    ] as const)
      await agent('POST', `/api/patients/${id}/notes`, { kind: 'administrative', body: note });
    await agent('PUT', `/api/patients/${survivor.id}/consents/email`, { status: 'revoked' });
    await agent('PUT', `/api/patients/${duplicate.id}/consents/sms`, { status: 'granted' });
    await orm.insert(patientCoverages).values({
      organizationId: clinic.id,
      patientId: duplicate.id,
      payerName: 'Blue Harbor Health',
      memberNumberEncrypted: testCipher().encrypt('patient_coverages.member_number', 'BHH-1'),
    });
    const [daughter, son] = await orm
      .insert(proxies)
      .values([
        { organizationId: clinic.id, givenName: 'Ana', familyName: 'Diaz' },
        { organizationId: clinic.id, givenName: 'Luis', familyName: 'Diaz' },
      ])
      .returning();
    await orm.insert(proxyAuthorizations).values([
      {
        organizationId: clinic.id,
        proxyId: daughter!.id,
        patientId: survivor.id,
        relationship: 'child',
        scopes: ['scheduling'],
      },
      {
        organizationId: clinic.id,
        proxyId: daughter!.id,
        patientId: duplicate.id,
        relationship: 'child',
        scopes: ['records'],
      },
      {
        organizationId: clinic.id,
        proxyId: son!.id,
        patientId: duplicate.id,
        relationship: 'child',
        scopes: ['billing'],
      },
    ]);
    return { survivor, duplicate };
  }

  it('moves the duplicate’s history to the surviving record and keeps the duplicate readable', async () => {
    const { survivor, duplicate } = await twoRecords();
    const response = await supervisor('POST', `/api/patients/${duplicate.id}/merge`, {
      intoPatientId: survivor.id,
      reason: 'Same person, registered twice (accent in the family name)',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      mergedPatientId: duplicate.id,
      survivingPatientId: survivor.id,
      moved: { contactPoints: 2, consents: 1, coverages: 1, notes: 1, proxies: 1, identityVerifications: 0 },
    });

    const kept = (await supervisor('GET', `/api/patients/${survivor.id}`)).json();
    expect(kept.notes.map((note: { body: string }) => note.body).sort()).toEqual([
      'Called about a refill.',
      'Registered at the walk-in desk.',
    ]);
    expect(
      kept.consents.current.map((c: { channel: string; status: string }) => [c.channel, c.status]).sort(),
    ).toEqual([
      ['email', 'revoked'],
      ['sms', 'granted'],
    ]);
    expect(kept.coverage).toEqual([expect.objectContaining({ memberNumber: 'BHH-1' })]);
    expect(
      kept.contact.contactPoints.map((p: { value: string; isPrimary: boolean }) => [p.value, p.isPrimary]),
    ).toEqual([
      ['555-010-1000', true],
      ['555-010-2000', false],
      ['rosa@example.com', false],
    ]);
    // The daughter was already a proxy of the surviving record: that authorisation stays as it was.
    expect(kept.proxies.map((p: { name: string; scopes: string[] }) => [p.name, p.scopes])).toEqual([
      ['Ana Diaz', ['scheduling']],
      ['Luis Diaz', ['billing']],
    ]);
    expect(kept.merge.mergedFrom).toEqual([
      expect.objectContaining({ id: duplicate.id, mrn: duplicate.mrn }),
    ]);

    const merged = (await supervisor('GET', `/api/patients/${duplicate.id}`)).json();
    expect(merged.merge.mergedInto).toMatchObject({ id: survivor.id, mrn: survivor.mrn });
    expect(merged.demographics.familyName).toBe('Díaz');

    const [row] = await test.database.orm
      .select()
      .from(patientMerges)
      .where(eq(patientMerges.mergedPatientId, duplicate.id));
    expect(row).toMatchObject({ survivingPatientId: survivor.id });
    const [event] = await auditEventsOf(test.database.orm, clinic.id, 'patient.merge');
    expect([...event!.patientIds].sort()).toEqual([duplicate.id, survivor.id].sort());

    const search = await agent('GET', `/api/patients?q=${encodeURIComponent('rosa diaz')}`);
    expect(search.json().items.map((item: { id: string }) => item.id)).toEqual([survivor.id]);
    const change = await agent('PATCH', `/api/patients/${duplicate.id}`, { pronouns: 'she/her' });
    expect(change.statusCode).toBe(409);
    expect(change.json().error.message).toContain(survivor.mrn);
  });

  it('refuses to merge a record into itself, into a merged record, or into another clinic’s', async () => {
    const { survivor, duplicate } = await twoRecords();
    const merge = (from: string, into: string) =>
      supervisor('POST', `/api/patients/${from}/merge`, { intoPatientId: into, reason: 'Duplicate' });
    expect((await merge(duplicate.id, duplicate.id)).statusCode).toBe(400);
    expect((await merge(duplicate.id, survivor.id)).statusCode).toBe(200);
    const third = await addPatient(test.database.orm, clinic.id, { givenName: 'Rosa', familyName: 'Diaz' });
    const intoMerged = await merge(third.id, duplicate.id);
    expect(intoMerged.statusCode).toBe(409);
    expect(intoMerged.json().error.message).toMatch(/was itself merged/);
    const other = await createTestClinic(test.database.orm, 'Other Clinic');
    const elsewhere = await addPatient(test.database.orm, other.id, {
      givenName: 'Rosa',
      familyName: 'Diaz',
    });
    expect((await merge(third.id, elsewhere.id)).statusCode).toBe(404);
  });

  it('is for supervisors only', async () => {
    const { survivor, duplicate } = await twoRecords();
    const response = await agent('POST', `/api/patients/${duplicate.id}/merge`, {
      intoPatientId: survivor.id,
      reason: 'Duplicate',
    });
    expect(response.statusCode).toBe(403);
  });
});
