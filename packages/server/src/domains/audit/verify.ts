import type { Database } from '../../db/connection.ts';
import { type ChainedFields, chainHash, genesisHash } from './chain.ts';
import type { AuditActorType, AuditOutcome } from './schema.ts';

export interface BrokenLink {
  organizationId: string;
  seq: number;
  eventId: string | null;
  problem: string;
}

export interface ChainVerification {
  organizationId: string;
  events: number;
  intact: boolean;
  brokenLink?: BrokenLink;
}

interface StoredEvent {
  organization_id: string;
  seq: string;
  id: string;
  occurred_at: Date;
  actor_type: AuditActorType;
  actor_id: string | null;
  actor_role: string | null;
  actor_name: string | null;
  on_behalf_of_patient_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_ids: string[];
  purpose_of_use: string | null;
  break_glass_reason: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  previous_hash: string;
  hash: string;
}

const pageSize = 5_000;

function chainedFields(row: StoredEvent): ChainedFields {
  return {
    organizationId: row.organization_id,
    seq: Number(row.seq),
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorName: row.actor_name,
    onBehalfOfPatientId: row.on_behalf_of_patient_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    patientIds: row.patient_ids,
    purposeOfUse: row.purpose_of_use,
    breakGlassReason: row.break_glass_reason,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: row.details,
  };
}

/**
 * Walks one organisation's chain from its first event, recomputing every hash, and reports the
 * first link that does not hold: a changed event (its hash no longer matches), a removed or
 * reordered one (a gap in the sequence, or a previous-hash that is not the hash before it), or
 * a cut tail (the chain head is ahead of the last event). Reads in pages, so memory stays flat.
 *
 * The chain head is read first and the walk stops at it: events appended while the walk runs
 * (the server keeps working) belong to the next verification, not to a false alarm.
 */
export async function verifyChain(
  database: Database,
  organizationId: string,
  onProgress?: (verified: number) => void,
): Promise<ChainVerification> {
  const {
    rows: [head],
  } = await database.query<{ seq: string; hash: string }>(
    'select seq, hash from audit_chain_heads where organization_id = $1',
    [organizationId],
  );
  const lastSeq = head ? Number(head.seq) : Number.MAX_SAFE_INTEGER;
  let expectedSeq = 1;
  let previousHash = genesisHash(organizationId);
  let verified = 0;
  const broken = (seq: number, eventId: string | null, problem: string): ChainVerification => ({
    organizationId,
    events: verified,
    intact: false,
    brokenLink: { organizationId, seq, eventId, problem },
  });
  for (;;) {
    const { rows } = await database.query<StoredEvent>(
      'select * from audit_events where organization_id = $1 and seq >= $2 and seq <= $3 order by seq limit $4',
      [organizationId, expectedSeq, lastSeq, pageSize],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return broken(expectedSeq, null, `event ${expectedSeq} is missing (the next one found is ${seq})`);
      if (row.previous_hash !== previousHash)
        return broken(seq, row.id, 'its previous-hash is not the hash of the event before it');
      if (chainHash(previousHash, chainedFields(row)) !== row.hash)
        return broken(seq, row.id, 'its content does not match its hash: the event was changed');
      previousHash = row.hash;
      expectedSeq += 1;
      verified += 1;
    }
    onProgress?.(verified);
    if (rows.length < pageSize) break;
  }
  if (!head) {
    if (verified === 0) return { organizationId, events: 0, intact: true };
    return broken(verified + 1, null, 'the chain head is missing: it was removed outside PatientDesk');
  }
  if (Number(head.seq) !== verified) {
    return broken(
      verified + 1,
      null,
      `the chain head records ${head.seq} events but ${verified} are present: events at the end were removed`,
    );
  }
  if (head.hash !== previousHash)
    return broken(
      verified,
      null,
      'the chain head does not hold the hash of the last event: the last event was replaced',
    );
  // Head and newest event are read in one statement (one snapshot), where appends always agree.
  const {
    rows: [tail],
  } = await database.query<{ newest: string | null; head: string | null }>(
    `select (select max(seq) from audit_events where organization_id = $1) as newest,
            (select seq from audit_chain_heads where organization_id = $1) as head`,
    [organizationId],
  );
  if (tail?.newest !== null && tail?.newest !== undefined && Number(tail.newest) > Number(tail.head)) {
    return broken(
      Number(tail.head) + 1,
      null,
      `events up to ${tail.newest} lie beyond the chain head (${tail.head}): they were added outside PatientDesk`,
    );
  }
  return { organizationId, events: verified, intact: true };
}

/** Every organisation's chain, with or without events. */
export async function verifyAllChains(
  database: Database,
  onProgress?: (organizationId: string, verified: number) => void,
): Promise<ChainVerification[]> {
  const { rows } = await database.query<{ id: string }>(
    'select id from organizations order by created_at, id',
  );
  const results: ChainVerification[] = [];
  for (const { id } of rows) results.push(await verifyChain(database, id, (n) => onProgress?.(id, n)));
  return results;
}
