import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../db/connection.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../../testing/test-database.ts';
import { type AuditContext, type AuditTrail, createAuditTrail } from './audit-trail.ts';
import { verifyChain } from './verify.ts';

const context = (organizationId: string, writer: number): AuditContext => ({
  organizationId,
  actorType: 'staff',
  actorId: null,
  actorRole: 'agent',
  actorName: `writer ${writer}`,
});

/** `writers` loops, each awaiting `rounds` records of 1 to 3 events in turn, as requests would. */
async function appendConcurrently(
  trails: AuditTrail[],
  organizationId: string,
  writers: number,
  rounds: number,
) {
  let expected = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const trail = trails[writer % trails.length]!;
      for (let round = 0; round < rounds; round++) {
        const events = Array.from({ length: (round % 3) + 1 }, (_, index) => ({
          action: 'patient.read',
          resourceType: 'patient',
          resourceId: `${writer}-${round}-${index}`,
          outcome: 'allowed' as const,
        }));
        expected += events.length;
        await trail.record(context(organizationId, writer), events);
      }
    }),
  );
  return expected;
}

async function sequenceOf(test: TestDatabase, organizationId: string): Promise<number[]> {
  const { rows } = await test.database.query<{ seq: string }>(
    'select seq from audit_events where organization_id = $1 order by seq',
    [organizationId],
  );
  return rows.map((row) => Number(row.seq));
}

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

  it.runIf(testDatabaseKind() === 'postgres')(
    'keeps the chain in order when two server processes append to it (the chain head row lock)',
    async () => {
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
    },
  );

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
