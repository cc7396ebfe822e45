import { and, eq, gt } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Database, Orm } from '../../db/connection.ts';
import { inTenant } from '../../db/tenant-scope.ts';
import { Forbidden } from '../../errors.ts';
import type { AuditContext, AuditEventInput, AuditTrail } from '../audit/audit-trail.ts';
import { emergencyAccesses } from '../patients/schema.ts';
import type { Actor } from './actor.ts';
import { type Action, type Decision, decide, emergencyAccessOpens, type Resource } from './policy.ts';

/** What a request's work gets: the tenant-scoped database, its actor, and its audit record. */
export interface ActorScope {
  readonly orm: Orm;
  readonly actor: Actor;
  /**
   * Checks one access with the policy; a refusal is recorded as a denied audit event and thrown
   * as 403. An emergency access ("break the glass") to the patient is looked up when the role
   * alone does not allow the action.
   */
  authorize(action: Action, resource?: Resource): Promise<AuthorizedAccess>;
  /** Whether the access would be allowed; nothing is recorded. */
  allows(action: Action, resource?: Resource): Promise<boolean>;
  /** Adds an event to this request's audit record (committed before the answer leaves). */
  record(event: AuditEventInput): void;
}

export interface AuthorizedAccess {
  via: Extract<Decision, { allowed: true }>['via'];
  /** The reason given when the glass was broken, for the audit event of the access. */
  breakGlassReason: string | null;
}

export interface ScopeDependencies {
  database: Database;
  audit: AuditTrail;
}

/** The audit context of a request: who, from where. */
export function auditContextOf(request: FastifyRequest | undefined, actor: Actor): AuditContext {
  return {
    organizationId: actor.organizationId,
    actorType:
      actor.kind === 'staff'
        ? actor.credential.kind === 'api-token'
          ? 'api-token'
          : 'staff'
        : actor.subject.type,
    actorId: actor.kind === 'staff' ? actor.staffMemberId : actor.subject.id,
    actorRole: actor.role,
    actorName: actor.displayName,
    ip: request?.ip ?? null,
    userAgent: request?.headers['user-agent'] ?? null,
    requestId: request?.id ?? null,
  };
}

/**
 * Runs a request's work for its actor: in one tenant transaction (row-level security admits
 * only the actor's organisation), with every access decided by the policy, and with the audit
 * events it recorded committed to the chain before the result is returned. Events are recorded
 * even when the work fails (a refusal is evidence too).
 */
export async function runAsActor<T>(
  deps: ScopeDependencies,
  request: FastifyRequest | undefined,
  actor: Actor,
  work: (scope: ActorScope) => Promise<T>,
): Promise<T> {
  const events: AuditEventInput[] = [];
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = {
      value: await inTenant(deps.database, actor.organizationId, (orm) => {
        const emergencyReason = async (patientId: string): Promise<string | null> => {
          if (actor.kind !== 'staff') return null;
          const [access] = await orm
            .select({ reason: emergencyAccesses.reason })
            .from(emergencyAccesses)
            .where(
              and(
                eq(emergencyAccesses.staffMemberId, actor.staffMemberId),
                eq(emergencyAccesses.patientId, patientId),
                gt(emergencyAccesses.expiresAt, new Date()),
              ),
            )
            .limit(1);
          return access?.reason ?? null;
        };
        const evaluate = async (action: Action, resource: Resource = {}) => {
          const scoped = { organizationId: actor.organizationId, ...resource };
          let decision = decide(actor, action, scoped);
          let breakGlassReason: string | null = null;
          if (!decision.allowed && scoped.patientId && emergencyAccessOpens.includes(action as never)) {
            breakGlassReason = await emergencyReason(scoped.patientId);
            if (breakGlassReason) decision = decide(actor, action, { ...scoped, emergencyAccess: true });
          }
          return { decision, breakGlassReason, scoped };
        };
        const scope: ActorScope = {
          orm,
          actor,
          async authorize(action, resource) {
            const { decision, breakGlassReason, scoped } = await evaluate(action, resource);
            if (!decision.allowed) {
              events.push({
                action,
                resourceType: scoped.patientId ? 'patient' : 'route',
                resourceId: scoped.patientId ?? null,
                patientIds: scoped.patientId ? [scoped.patientId] : [],
                outcome: 'denied',
                details: { reason: decision.reason },
              });
              throw new Forbidden(decision.reason);
            }
            return { via: decision.via, breakGlassReason };
          },
          async allows(action, resource) {
            return (await evaluate(action, resource)).decision.allowed;
          },
          record(event) {
            events.push(event);
          },
        };
        return work(scope);
      }),
    };
  } catch (error) {
    outcome = { error };
  }
  await deps.audit.record(auditContextOf(request, actor), events);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
