import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../db/tenant-scope.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { createAuditTrail } from './audit-trail.ts';

describe('the audit log is append-only', () => {
  let test: TestDatabase;
  let organizationId: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    organizationId = (await createTestClinic(test.database.orm)).id;
    await createAuditTrail(test.database).record(
      { organizationId, actorType: 'system', actorId: null, actorRole: null, actorName: 'test' },
      [
        { action: 'patient.read', resourceType: 'patient', outcome: 'allowed' },
        { action: 'patient.read', resourceType: 'patient', outcome: 'allowed' },
      ],
    );
  });
  afterAll(() => test.drop());

  it('refuses UPDATE, DELETE and TRUNCATE even from the owner of the table, and says why', async () => {
    await expect(test.database.query("update audit_events set action = 'nothing happened'")).rejects.toThrow(
      'audit_events is append-only: UPDATE is not allowed',
    );
    await expect(test.database.query('delete from audit_events where seq = 1')).rejects.toThrow(
      'audit_events is append-only: DELETE is not allowed',
    );
    await expect(test.database.query('truncate audit_events')).rejects.toThrow(
      'audit_events is append-only: TRUNCATE is not allowed',
    );
    const { rows } = await test.database.query<{ actions: string[] }>(
      'select array_agg(action order by seq) as actions from audit_events where organization_id = $1',
      [organizationId],
    );
    expect(rows[0]!.actions).toEqual(['patient.read', 'patient.read']);
  });

  it('gives the role requests run as no right to change or remove events at all', async () => {
    // Drizzle wraps the database's error; its cause is what PostgreSQL said.
    const refusal = (statement: string) =>
      inTenant(test.database, organizationId, (orm) => orm.execute(sql.raw(statement))).then(
        () => 'allowed',
        (error: Error) => (error.cause as Error | undefined)?.message ?? error.message,
      );
    expect(await refusal("update audit_events set action = 'x'")).toMatch(
      /permission denied for table audit_events/,
    );
    expect(await refusal('delete from audit_events')).toMatch(/permission denied for table audit_events/);
  });
});
