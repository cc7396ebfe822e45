import type { AuditEvent, AuditLogFilters } from '@patientdesk/contracts';
import { and, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { organizations } from '../organizations/schema.ts';
import { resolveTimeWindow, type TimeWindow } from './date-bounds.ts';
import { auditEvents } from './schema.ts';

/** Audit filters with the time window already resolved to instants. */
export interface AuditSearch extends Omit<AuditLogFilters, 'from' | 'to'>, TimeWindow {}

/** Reads the filters of a request in the organisation's time zone (which comes back too). */
export async function prepareAuditSearch(
  orm: Orm,
  organizationId: string,
  filters: AuditLogFilters,
): Promise<{ search: AuditSearch; timeZone: string }> {
  const [organization] = await orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!organization) throw new NotFound('This organisation does not exist.');
  const { from: _from, to: _to, ...rest } = filters;
  const window = await resolveTimeWindow(orm, filters, organization.timeZone);
  return { search: { ...rest, ...window }, timeZone: organization.timeZone };
}

function matching(organizationId: string, search: AuditSearch, before?: number) {
  const action = search.action;
  return and(
    eq(auditEvents.organizationId, organizationId),
    // `@>` on the array uses the GIN index of patient_ids.
    search.patientId ? sql`${auditEvents.patientIds} @> array[${search.patientId}]::uuid[]` : undefined,
    search.userId ? eq(auditEvents.actorId, search.userId) : undefined,
    action
      ? action.endsWith('*')
        ? like(auditEvents.action, `${action.slice(0, -1)}%`)
        : eq(auditEvents.action, action)
      : undefined,
    search.outcome ? eq(auditEvents.outcome, search.outcome) : undefined,
    search.from ? gte(auditEvents.occurredAt, search.from) : undefined,
    search.until ? lt(auditEvents.occurredAt, search.until) : undefined,
    before ? lt(auditEvents.seq, before) : undefined,
  );
}

type StoredAuditEvent = typeof auditEvents.$inferSelect;

function describeEvent(row: StoredAuditEvent): AuditEvent {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId, role: row.actorRole, name: row.actorName },
    onBehalfOfPatientId: row.onBehalfOfPatientId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    patientIds: row.patientIds,
    purposeOfUse: row.purposeOfUse,
    breakGlassReason: row.breakGlassReason,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details: row.details,
  };
}

export interface AuditLogPage {
  items: AuditEvent[];
  nextBefore: number | null;
}

/**
 * One page of an organisation's audit log, newest first. Pages are keyed by position in the
 * chain (`before` = the last seq seen), so events appended meanwhile never shift a page.
 */
export async function readAuditLogPage(
  orm: Orm,
  organizationId: string,
  search: AuditSearch,
  page: { limit: number; before?: number },
): Promise<AuditLogPage> {
  const rows = await orm
    .select()
    .from(auditEvents)
    .where(matching(organizationId, search, page.before))
    .orderBy(desc(auditEvents.seq))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map(describeEvent);
  return { items, nextBefore: rows.length > page.limit ? items.at(-1)!.seq : null };
}

/** What an audit search asked for, for the audit event that records it. */
export function describeSearch(search: AuditSearch): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(search)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  );
}
