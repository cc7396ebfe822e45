import { randomUUID } from 'node:crypto';
import type { Database, SqlSession } from '../../db/connection.ts';
import { type ChainedFields, chainHash, genesisHash } from './chain.ts';
import type { AuditActorType, AuditOutcome } from './schema.ts';

/** Who did it, from where: the same for every event of one request. */
export interface AuditContext {
  organizationId: string;
  actorType: AuditActorType;
  actorId: string | null;
  actorRole: string | null;
  actorName: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** What happened. */
export interface AuditEventInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientIds?: string[];
  onBehalfOfPatientId?: string | null;
  purposeOfUse?: string | null;
  breakGlassReason?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditTrail {
  /**
   * Appends events to their organisation's chain and resolves once they are committed. Callers
   * await it before answering, so no PHI leaves without its read on record. Never call it inside
   * a tenant transaction: it commits on its own.
   */
  record(context: AuditContext, events: AuditEventInput | AuditEventInput[]): Promise<void>;
  /** Waits for everything queued so far (shutdown, tests). */
  drain(): Promise<void>;
}

interface Pending {
  fields: Omit<ChainedFields, 'seq'>;
  done: (error?: unknown) => void;
}

const columns = [
  'organization_id',
  'seq',
  'id',
  'occurred_at',
  'actor_type',
  'actor_id',
  'actor_role',
  'actor_name',
  'on_behalf_of_patient_id',
  'action',
  'resource_type',
  'resource_id',
  'patient_ids',
  'purpose_of_use',
  'break_glass_reason',
  'outcome',
  'ip',
  'user_agent',
  'request_id',
  'details',
  'previous_hash',
  'hash',
];
// Postgres takes at most 65,535 parameters per statement.
const eventsPerStatement = Math.floor(60_000 / columns.length);

/**
 * The audit log's only writer. Each organisation has one chain, so appends to it must take
 * turns; to keep that from serialising traffic, appends are grouped: while one group commits,
 * the events that arrive wait together and go in as the next group, in one short transaction
 * that locks the chain head, inserts them all and moves the head. Other organisations' chains
 * commit in parallel. Across processes the head row lock keeps the chain in order.
 */
export function createAuditTrail(database: Database): AuditTrail {
  const queues = new Map<string, Pending[]>();
  const flushing = new Map<string, Promise<void>>();

  async function appendGroup(session: SqlSession, organizationId: string, group: Pending[]): Promise<void> {
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
    const rows: unknown[][] = [];
    for (const pending of group) {
      seq += 1;
      const fields: ChainedFields = { ...pending.fields, seq };
      const hash = chainHash(previousHash, fields);
      rows.push([
        fields.organizationId,
        fields.seq,
        fields.id,
        fields.occurredAt,
        fields.actorType,
        fields.actorId,
        fields.actorRole,
        fields.actorName,
        fields.onBehalfOfPatientId,
        fields.action,
        fields.resourceType,
        fields.resourceId,
        fields.patientIds,
        fields.purposeOfUse,
        fields.breakGlassReason,
        fields.outcome,
        fields.ip,
        fields.userAgent,
        fields.requestId,
        JSON.stringify(fields.details),
        previousHash,
        hash,
      ]);
      previousHash = hash;
    }
    for (let start = 0; start < rows.length; start += eventsPerStatement) {
      const chunk = rows.slice(start, start + eventsPerStatement);
      const placeholders = chunk
        .map((_row, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
        .join(', ');
      await session.query(
        `insert into audit_events (${columns.join(', ')}) values ${placeholders}`,
        chunk.flat(),
      );
    }
    await session.query('update audit_chain_heads set seq = $2, hash = $3 where organization_id = $1', [
      organizationId,
      seq,
      previousHash,
    ]);
  }

  async function flush(organizationId: string): Promise<void> {
    // Let the events of requests running right now join this group.
    await new Promise((resolve) => setImmediate(resolve));
    const group = queues.get(organizationId) ?? [];
    queues.delete(organizationId);
    try {
      await database.transaction((session) => appendGroup(session, organizationId, group));
      for (const pending of group) pending.done();
    } catch (error) {
      for (const pending of group) pending.done(error);
    }
  }

  function schedule(organizationId: string): void {
    if (flushing.has(organizationId)) return;
    const running = flush(organizationId).finally(() => {
      flushing.delete(organizationId);
      if (queues.has(organizationId)) schedule(organizationId);
    });
    flushing.set(organizationId, running);
  }

  return {
    record(context, input) {
      const events = Array.isArray(input) ? input : [input];
      if (events.length === 0) return Promise.resolve();
      const occurredAt = new Date();
      const committed = Promise.all(
        events.map(
          (event) =>
            new Promise<void>((resolve, reject) => {
              const queue = queues.get(context.organizationId) ?? [];
              queues.set(context.organizationId, queue);
              queue.push({
                fields: {
                  organizationId: context.organizationId,
                  id: randomUUID(),
                  occurredAt,
                  actorType: context.actorType,
                  actorId: context.actorId,
                  actorRole: context.actorRole,
                  actorName: context.actorName,
                  onBehalfOfPatientId: event.onBehalfOfPatientId ?? null,
                  action: event.action,
                  resourceType: event.resourceType,
                  resourceId: event.resourceId ?? null,
                  patientIds: [...new Set(event.patientIds ?? [])],
                  purposeOfUse: event.purposeOfUse ?? null,
                  breakGlassReason: event.breakGlassReason ?? null,
                  outcome: event.outcome,
                  ip: context.ip ?? null,
                  userAgent: context.userAgent?.slice(0, 500) ?? null,
                  requestId: context.requestId ?? null,
                  details: event.details ?? {},
                },
                done: (error) => (error ? reject(error) : resolve()),
              });
            }),
        ),
      );
      schedule(context.organizationId);
      return committed.then(() => undefined);
    },
    async drain() {
      while (flushing.size > 0) await Promise.all(flushing.values());
    },
  };
}
