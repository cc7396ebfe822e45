import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patients } from '../domains/patients/schema.ts';
import { createTestClinic } from '../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { inTenant } from './tenant-scope.ts';

/** How many rows a statement changed: node-postgres says rowCount, PGlite affectedRows. */
function rowsAffected(result: unknown): number | undefined {
  const counted = result as { rowCount?: number | null; affectedRows?: number };
  return counted.affectedRows ?? counted.rowCount ?? undefined;
}

// The second layer of tenant isolation: even a query that forgets `where organization_id = ...`
// sees and changes only the organisation its transaction runs for.
describe('row-level security between organisations', () => {
  let test: TestDatabase;
  let clinicA: string;
  let clinicB: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    clinicA = (await createTestClinic(test.database.orm, 'Clinic A')).id;
    clinicB = (await createTestClinic(test.database.orm, 'Clinic B')).id;
    await test.database.orm.insert(patients).values([
      { organizationId: clinicA, mrn: 'A-1', givenName: 'Ada', familyName: 'Ames', birthDate: '1990-01-01' },
      { organizationId: clinicB, mrn: 'B-1', givenName: 'Bo', familyName: 'Banks', birthDate: '1991-01-01' },
    ]);
  });
  afterAll(() => test.drop());

  it("hides another organisation's rows from a query without an organisation filter", async () => {
    const seen = await inTenant(test.database, clinicA, (orm) =>
      orm.select({ mrn: patients.mrn }).from(patients),
    );
    expect(seen.map((row) => row.mrn)).toEqual(['A-1']);
    const organizations = await inTenant(
      test.database,
      clinicB,
      async (orm) =>
        (await orm.execute(sql`select name from organizations`)) as unknown as { rows: unknown[] },
    );
    expect(organizations.rows).toEqual([{ name: 'Clinic B' }]);
  });

  it("refuses to write a row into another organisation, and cannot change or delete another's rows", async () => {
    await expect(
      inTenant(test.database, clinicA, (orm) =>
        orm.insert(patients).values({
          organizationId: clinicB,
          mrn: 'B-2',
          givenName: 'X',
          familyName: 'Y',
          birthDate: '2000-01-01',
        }),
      ),
    ).rejects.toThrow();
    const changed = await inTenant(test.database, clinicA, (orm) =>
      orm.execute(sql`update patients set given_name = 'Hacked' where mrn = 'B-1'`),
    );
    const deleted = await inTenant(test.database, clinicA, (orm) =>
      orm.execute(sql`delete from patients where mrn = 'B-1'`),
    );
    expect([rowsAffected(changed), rowsAffected(deleted)]).toEqual([0, 0]);
    const { rows } = await test.database.query<{ given_name: string }>(
      `select given_name from patients where mrn = 'B-1'`,
    );
    expect(rows).toEqual([{ given_name: 'Bo' }]);
  });

  it('sees nothing at all when no organisation is set for the tenant role', async () => {
    const rows = await test.database.transaction(async (session) => {
      await session.query(`select set_config('role', 'patientdesk_tenant', true)`);
      return (await session.query('select count(*)::int as n from patients')).rows;
    });
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('keeps the audit log append-only for the tenant role, even within its own organisation', async () => {
    await expect(
      inTenant(test.database, clinicA, (orm) => orm.execute(sql`delete from audit_events`)),
    ).rejects.toThrow();
  });
});
