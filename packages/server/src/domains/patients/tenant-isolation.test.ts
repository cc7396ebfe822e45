import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../db/tenant-scope.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { Organization } from '../organizations/service.ts';
import { patientContactPoints, patients } from './schema.ts';
import { findPatients, type PatientQuery } from './search.ts';
import { addPatient } from './test-fixtures.ts';

describe("row-level security keeps each clinic's patients to itself", () => {
  let test: TestDatabase;
  let clinicA: Organization;
  let clinicB: Organization;
  const patientOf = new Map<string, string>();

  beforeAll(async () => {
    test = await createTestDatabase();
    const orm = test.database.orm;
    clinicA = await createTestClinic(orm, 'Clinic A');
    clinicB = await createTestClinic(orm, 'Clinic B');
    for (const organization of [clinicA, clinicB]) {
      const patient = await addPatient(orm, organization.id, {
        givenName: 'Jordan',
        familyName: 'Lee',
        phone: '555-010-0000',
        email: 'jordan@example.com',
        mrn: 'SAME-1',
      });
      patientOf.set(organization.id, patient.id);
    }
  });
  afterAll(() => test.drop());

  it('hides another clinic’s rows from a query that forgets the organisation filter', async () => {
    const rows = await inTenant(test.database, clinicA.id, (orm) => orm.select().from(patients));
    expect(rows.map((row) => row.organizationId)).toEqual([clinicA.id]);
    const points = await inTenant(test.database, clinicA.id, (orm) =>
      orm.select().from(patientContactPoints),
    );
    expect(new Set(points.map((point) => point.organizationId))).toEqual(new Set([clinicA.id]));
  });

  it('keeps every kind of search to the clinic of the transaction, whatever clinic the caller names', async () => {
    const queries: PatientQuery[] = [
      { kind: 'name', words: ['jordan', 'lee'] },
      { kind: 'email', email: 'JORDAN@example.com' },
      { kind: 'mrn', mrn: 'same-1' },
      { kind: 'phone', digits: ['5550100000'], text: '5550100000' },
      { kind: 'birth-date', birthDate: '1980-01-01' },
    ];
    for (const query of queries) {
      const found = await inTenant(test.database, clinicA.id, (orm) =>
        findPatients(orm, clinicB.id, query, { limit: 20, includeMerged: true }),
      );
      // Names, emails and MRNs are found by functions that answer for the tenant of the
      // transaction (clinic A); the other kinds filter by the clinic named, which row-level
      // security then hides. Either way nothing of clinic B comes back.
      expect(found.map((patient) => patient.id)).not.toContain(patientOf.get(clinicB.id));
    }
  });

  it('finds nothing through the search functions outside a tenant transaction', async () => {
    const result = (await test.database.orm.execute(
      sql`select * from search_patients_by_mrn('SAME-1', true, 10)`,
    )) as unknown as { rows: unknown[] };
    expect(result.rows).toEqual([]);
  });
});
