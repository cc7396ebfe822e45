import type { TestDatabase } from '../../testing/test-database.ts';
import type { AuditContext, AuditTrail } from './audit-trail.ts';

/** Test support: many writers appending to one chain at once, as concurrent requests would. */

const context = (organizationId: string, writer: number): AuditContext => ({
  organizationId,
  actorType: 'staff',
  actorId: null,
  actorRole: 'agent',
  actorName: `writer ${writer}`,
});

/** `writers` loops, each awaiting `rounds` records of 1 to 3 events in turn, as requests would. */
export async function appendConcurrently(
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

/** The sequence numbers of an organisation's chain, in order. */
export async function sequenceOf(test: TestDatabase, organizationId: string): Promise<number[]> {
  const { rows } = await test.database.query<{ seq: string }>(
    'select seq from audit_events where organization_id = $1 order by seq',
    [organizationId],
  );
  return rows.map((row) => Number(row.seq));
}
