import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../db/connection.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { createAuditTrail } from './audit-trail.ts';
import { appendConcurrently, sequenceOf } from './concurrent-appends.fixtures.ts';
import { verifyChain } from './verify.ts';

// Two server processes share one PostgreSQL (PGlite is one process, so this is PostgreSQL only).
describe('appending to the audit chain from two server processes', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('keeps the chain in order when two server processes append to it (the chain head row lock)', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Two Processes');
    // A second pool on the same database stands in for a second server process.
    const other = await openPostgresDatabase(test.url!, 5);
    try {
      const trails = [createAuditTrail(test.database), createAuditTrail(other)];
      const count = await appendConcurrently(trails, clinic.id, 8, 20);
      expect(await sequenceOf(test, clinic.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(await verifyChain(test.database, clinic.id)).toMatchObject({ events: count, intact: true });
    } finally {
      await other.close();
    }
  });
});
