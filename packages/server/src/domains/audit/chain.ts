import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditActorType, AuditOutcome } from './schema.ts';

/** One audit event as it is chained: every field that is stored, except the hashes. */
export interface ChainedFields {
  organizationId: string;
  seq: number;
  id: string;
  occurredAt: Date;
  actorType: AuditActorType;
  actorId: string | null;
  actorRole: string | null;
  actorName: string | null;
  onBehalfOfPatientId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientIds: string[];
  purposeOfUse: string | null;
  breakGlassReason: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** The hash an organisation's chain starts from (there is no event before the first). */
export function genesisHash(organizationId: string): string {
  return createHash('sha256').update(`patientdesk audit chain ${organizationId}`).digest('hex');
}

/**
 * The canonical serialisation (RFC 8785 JSON: sorted keys, fixed number and string forms) of
 * an event. Every stored field is in it, so changing any of them changes the hash.
 */
export function canonicalEvent(event: ChainedFields): string {
  return canonicalize({ ...event, occurredAt: event.occurredAt.toISOString() })!;
}

/** SHA-256 over the previous event's hash and this event's canonical form. */
export function chainHash(previousHash: string, event: ChainedFields): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalEvent(event)).digest('hex');
}
