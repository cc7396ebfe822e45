import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Actor, PortalActor, StaffActor } from '../access/actor.ts';
import { organizations } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import { findLiveApiToken } from './api-tokens.ts';
import { portalIdentityFor } from './portal-access.ts';
import { contactFromKey } from './portal-contact.ts';
import { findLiveSession, type Session, type SessionSettings, sessionCookieName } from './sessions.ts';

async function staffActorFor(
  database: Database,
  staffMemberId: string,
  credential: StaffActor['credential'],
): Promise<StaffActor | null> {
  const [row] = await database.orm
    .select({
      id: staffMembers.id,
      organizationId: staffMembers.organizationId,
      role: staffMembers.role,
      displayName: staffMembers.displayName,
      mfaEnabledAt: staffMembers.mfaEnabledAt,
      requireMfa: organizations.requireStaffMfa,
    })
    .from(staffMembers)
    .innerJoin(organizations, eq(organizations.id, staffMembers.organizationId))
    .where(and(eq(staffMembers.id, staffMemberId), isNull(staffMembers.disabledAt)))
    .limit(1);
  if (!row) return null;
  return {
    kind: 'staff',
    role: row.role,
    staffMemberId: row.id,
    organizationId: row.organizationId,
    displayName: row.displayName,
    credential,
    // API tokens are made by an administrator for a script; the person's own sign-in is what
    // two-step protects.
    mfaEnrollmentRequired: credential.kind === 'session' && row.requireMfa && !row.mfaEnabledAt,
  };
}

/** The actor of a session (staff or portal), or null when the person no longer may sign in. */
export async function actorForSession(database: Database, session: Session): Promise<Actor | null> {
  if (session.subjectType === 'staff') {
    return staffActorFor(database, session.subjectId, {
      kind: 'session',
      sessionId: session.id,
      expiresAt: session.expiresAt,
    });
  }
  if (!session.portalContact) return null;
  // Who the contact may act for is worked out afresh on every request, so a revoked or expired
  // proxy authorisation, or a birthday that crosses an age rule, takes effect at once.
  const identity = await portalIdentityFor(
    database.orm,
    session.organizationId,
    contactFromKey(session.portalContact),
  );
  if (!identity) return null;
  const actor: PortalActor = {
    kind: 'portal',
    role: identity.grants.some((grant) => grant.via === 'proxy') ? 'proxy' : 'patient',
    organizationId: session.organizationId,
    contact: session.portalContact,
    subject: identity.subject,
    displayName: identity.displayName,
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt,
    grants: identity.grants,
  };
  return actor;
}

/**
 * Resolves who is calling: `Authorization: Bearer <API token>` (scripts and integrations), or
 * the session cookie (people in the web app). Runs as the service role, before any tenant is
 * known; everything after it runs in the actor's tenant scope.
 */
export function createActorResolver(database: Database, settings: SessionSettings) {
  return async (request: FastifyRequest): Promise<Actor | null> => {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return null;
      const token = await findLiveApiToken(database.orm, match[1]!);
      if (!token) return null;
      return staffActorFor(database, token.staffMemberId, {
        kind: 'api-token',
        tokenId: token.id,
        expiresAt: token.expiresAt,
      });
    }
    const sessionToken = request.cookies[sessionCookieName];
    if (!sessionToken) return null;
    const session = await findLiveSession(database.orm, settings, sessionToken);
    return session ? actorForSession(database, session) : null;
  };
}
