import { randomUUID } from 'node:crypto';
import type { Database, SqlSession } from '../../db/connection.ts';
import { type ChainedFields, chainHash, genesisHash } from './chain.ts';

/**
 * Writes chained audit events directly, with the times and fields a test or benchmark needs
 * (the audit trail always stamps "now"). The chain is built exactly as the trail builds it, so
 * verification treats these events like any others. Not for production code: the trail is the
 * audit log's only writer there.
 */

export type FixtureEvent = Partial<Omit<ChainedFields, 'organizationId' | 'seq'>> & { action: string };

function complete(organizationId: string, seq: number, event: FixtureEvent): ChainedFields {
  return {
    organizationId,
    seq,
    id: event.id ?? randomUUID(),
    occurredAt: event.occurredAt ?? new Date(),
    actorType: event.actorType ?? 'staff',
    actorId: event.actorId ?? null,
    actorRole: event.actorRole ?? null,
    actorName: event.actorName ?? null,
    onBehalfOfPatientId: event.onBehalfOfPatientId ?? null,
    action: event.action,
    resourceType: event.resourceType ?? 'route',
    resourceId: event.resourceId ?? null,
    patientIds: event.patientIds ?? [],
    purposeOfUse: event.purposeOfUse ?? null,
    breakGlassReason: event.breakGlassReason ?? null,
    outcome: event.outcome ?? 'allowed',
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    requestId: event.requestId ?? null,
    details: event.details ?? {},
  };
}

// One array parameter per column: a statement carries thousands of rows in 21 parameters.
const insertFromArrays = `
insert into audit_events (organization_id, seq, id, occurred_at, actor_type, actor_id, actor_role, actor_name,
  on_behalf_of_patient_id, action, resource_type, resource_id, patient_ids, purpose_of_use, break_glass_reason,
  outcome, ip, user_agent, request_id, details, previous_hash, hash)
select $1, e.seq, e.id, e.occurred_at, e.actor_type, e.actor_id, e.actor_role, e.actor_name, e.on_behalf_of,
  e.action, e.resource_type, e.resource_id, e.patient_ids::uuid[], e.purpose_of_use, e.break_glass_reason,
  e.outcome, e.ip, e.user_agent, e.request_id, e.details::jsonb, e.previous_hash, e.hash
from unnest($2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[],
  $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
  $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[])
  as e(seq, id, occurred_at, actor_type, actor_id, actor_role, actor_name, on_behalf_of, action, resource_type,
  resource_id, patient_ids, purpose_of_use, break_glass_reason, outcome, ip, user_agent, request_id, details,
  previous_hash, hash)`;

async function appendBatch(
  session: SqlSession,
  organizationId: string,
  events: FixtureEvent[],
): Promise<void> {
  await session.query(
    'insert into audit_chain_heads (organization_id, seq, hash) values ($1, 0, $2) on conflict (organization_id) do nothing',
    [organizationId, genesisHash(organizationId)],
  );
  const {
    rows: [head],
  } = await session.query<{ seq: string; hash: string }>(
    'select seq, hash from audit_chain_heads where organization_id = $1 for update',
    [organizationId],
  );
  let seq = Number(head!.seq);
  let previousHash = head!.hash;
  const columns: unknown[][] = Array.from({ length: 21 }, () => []);
  for (const event of events) {
    seq += 1;
    const fields = complete(organizationId, seq, event);
    const hash = chainHash(previousHash, fields);
    const row = [
      fields.seq,
      fields.id,
      fields.occurredAt.toISOString(),
      fields.actorType,
      fields.actorId,
      fields.actorRole,
      fields.actorName,
      fields.onBehalfOfPatientId,
      fields.action,
      fields.resourceType,
      fields.resourceId,
      `{${fields.patientIds.join(',')}}`,
      fields.purposeOfUse,
      fields.breakGlassReason,
      fields.outcome,
      fields.ip,
      fields.userAgent,
      fields.requestId,
      JSON.stringify(fields.details),
      previousHash,
      hash,
    ];
    for (const [index, value] of row.entries()) columns[index]!.push(value);
    previousHash = hash;
  }
  await session.query(insertFromArrays, [organizationId, ...columns]);
  await session.query('update audit_chain_heads set seq = $2, hash = $3 where organization_id = $1', [
    organizationId,
    seq,
    previousHash,
  ]);
}

/**
 * Appends events to an organisation's chain, `batchSize` per transaction. Takes an array or
 * any iterable (a generator makes a million events without holding them all).
 */
export async function appendChainedEvents(
  database: Database,
  organizationId: string,
  events: Iterable<FixtureEvent>,
  options: { batchSize?: number; onBatch?: (appended: number) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  let batch: FixtureEvent[] = [];
  let appended = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    await database.transaction((session) => appendBatch(session, organizationId, events));
    appended += events.length;
    options.onBatch?.(appended);
  };
  for (const event of events) {
    batch.push(event);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return appended;
}
