import type { ProxyScope } from '../patients/schema.ts';
import type { StaffRole } from '../staff/schema.ts';

/** Every role the policy knows: the staff roles, and the two kinds of portal user. */
export type Role = StaffRole | 'patient' | 'proxy';

/** How the request proved who it is. */
export type Credential =
  | { kind: 'session'; sessionId: string; expiresAt: Date }
  | { kind: 'api-token'; tokenId: string; expiresAt: Date | null };

/** A staff member, signed in through the web app or calling with an API token. */
export interface StaffActor {
  kind: 'staff';
  role: StaffRole;
  staffMemberId: string;
  organizationId: string;
  displayName: string;
  credential: Credential;
  /**
   * The organisation requires multi-factor sign-in and this staff member has not enrolled yet:
   * until they do, the session may only enrol (and sign out).
   */
  mfaEnrollmentRequired: boolean;
}

/**
 * What a portal user may do for one patient: everything for their own record (`self`), or the
 * scopes of a proxy authorisation (already narrowed by the organisation's age rules).
 */
export interface PatientGrant {
  patientId: string;
  via: 'self' | 'proxy';
  scopes: readonly ProxyScope[];
  proxyId?: string;
  relationship?: string;
}

/** A patient or proxy signed in to the portal with a one-time code. */
export interface PortalActor {
  kind: 'portal';
  /** `proxy` when the contact acts for anyone other than themselves. */
  role: 'patient' | 'proxy';
  organizationId: string;
  /** The verified email or phone number the session was opened with. */
  contact: string;
  /** The record the person is known by: their proxy record when they act for others. */
  subject: { type: 'patient' | 'proxy'; id: string };
  displayName: string;
  sessionId: string;
  sessionExpiresAt: Date;
  grants: readonly PatientGrant[];
}

export type Actor = StaffActor | PortalActor;

/** The id audit events name as the actor. */
export function actorId(actor: Actor): string {
  return actor.kind === 'staff' ? actor.staffMemberId : actor.subject.id;
}
