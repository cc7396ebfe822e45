import { bigint, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/schema.ts';

export const auditActorTypes = ['staff', 'patient', 'proxy', 'api-token', 'system'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];
export type AuditOutcome = 'allowed' | 'denied';

export const auditEvents = pgTable(
  'audit_events',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    id: uuid('id').notNull().defaultRandom(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').$type<AuditActorType>().notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    actorName: text('actor_name'),
    onBehalfOfPatientId: uuid('on_behalf_of_patient_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    patientIds: uuid('patient_ids').array().notNull().default([]),
    purposeOfUse: text('purpose_of_use'),
    breakGlassReason: text('break_glass_reason'),
    outcome: text('outcome').$type<AuditOutcome>().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.seq] })],
);

export const auditChainHeads = pgTable('audit_chain_heads', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
