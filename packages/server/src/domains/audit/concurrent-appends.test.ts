import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { createAuditTrail } from './audit-trail.ts';
import { appendConcurrently, sequenceOf } from './concurrent-appends.fixtures.ts';
import { verifyChain } from './verify.ts';

describe('appending to the audit chain from many requests at once', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('keeps each organisation’s chain gap-free and valid under concurrent record calls', async () => {
    const first = await createTestClinic(test.database.orm, 'First');
    const second = await createTestClinic(test.database.orm, 'Second');
    const trail = createAuditTrail(test.database);
    const [firstCount, secondCount] = await Promise.all([
      appendConcurrently([trail], first.id, 8, 25),
      appendConcurrently([trail], second.id, 4, 25),
    ]);
    expect(await sequenceOf(test, first.id)).toEqual(Array.from({ length: firstCount }, (_, i) => i + 1));
    expect(await sequenceOf(test, second.id)).toEqual(Array.from({ length: secondCount }, (_, i) => i + 1));
    expect(await verifyChain(test.database, first.id)).toEqual({
      organizationId: first.id,
      events: firstCount,
      intact: true,
    });
    expect(await verifyChain(test.database, second.id)).toMatchObject({ events: secondCount, intact: true });
    // Every event of every call made it, once.
    const { rows } = await test.database.query<{ distinct: number }>(
      'select count(distinct resource_id)::int as distinct from audit_events where organization_id = $1',
      [first.id],
    );
    expect(rows[0]!.distinct).toBe(firstCount);
  });

  it('finds an intact chain intact while events keep arriving during the walk', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Busy');
    const trail = createAuditTrail(test.database);
    await appendConcurrently([trail], clinic.id, 4, 30);
    const [verification] = await Promise.all([
      verifyChain(test.database, clinic.id),
      appendConcurrently([trail], clinic.id, 4, 30),
    ]);
    expect(verification.intact).toBe(true);
    expect(await verifyChain(test.database, clinic.id)).toMatchObject({ intact: true, events: 480 });
  });
});
