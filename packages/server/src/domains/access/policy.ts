import type { ProxyScope } from '../patients/schema.ts';
import type { StaffRole } from '../staff/schema.ts';
import type { Actor, PatientGrant, Role } from './actor.ts';

/**
 * The one place that decides who may do what. Deny by default: an action no role lists is
 * allowed to nobody, and a route must name the action it performs (see `http/access.ts`).
 *
 * Minimum necessary (45 CFR 164.502(b)): each staff role sees the parts of a record its work
 * needs. Agents and schedulers see identity, contact details and notes; billing sees coverage
 * and balances but no clinical notes; clinicians see clinical notes; compliance and admins see
 * the audit log, not records. Anyone may "break the glass" with a reason, which opens the whole
 * record for a short time and is reviewed by compliance.
 */

const everyStaffRole: readonly StaffRole[] = [
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
  'compliance',
  'admin',
];
const recordReaders: readonly StaffRole[] = ['agent', 'scheduler', 'billing', 'clinician', 'supervisor'];
/** Who works the inbox: everyone who answers patients (compliance and admins audit, they do not answer). */
const inboxWorkers = recordReaders;

/** Staff actions and the roles that hold them. */
export const staffPermissions = {
  'organization.read': everyStaffRole,
  'organization.settings.update': ['admin'],
  'staff.availability.update': everyStaffRole,
  'staff.read': ['supervisor', 'compliance', 'admin'],
  'staff.manage': ['admin'],
  'api-tokens.manage': ['admin'],
  'outbox.read': ['admin'],
  'outbox.simulate-inbound': ['admin'],
  'patient.search': recordReaders,
  'patient.read': recordReaders,
  'patient.coverage.read': ['scheduler', 'billing', 'supervisor'],
  'patient.notes.read': recordReaders,
  'patient.clinical-notes.read': ['clinician'],
  'patient.access-history.read': ['supervisor', 'compliance'],
  'patient.create': ['agent', 'scheduler', 'supervisor'],
  'patient.update': ['agent', 'scheduler', 'supervisor'],
  'patient.consents.update': ['agent', 'scheduler', 'supervisor'],
  'patient.coverage.update': ['scheduler', 'billing', 'supervisor'],
  'patient.notes.write': recordReaders,
  'patient.clinical-notes.write': ['clinician'],
  'patient.verify-identity': recordReaders,
  'patient.merge': ['supervisor'],
  'patient.break-glass': everyStaffRole,
  'emergency-access.review': ['compliance'],
  'conversation.read': inboxWorkers,
  'conversation.reply': inboxWorkers,
  'conversation.note': inboxWorkers,
  'conversation.update': inboxWorkers,
  'inbox.supervise': ['supervisor'],
  // Triage reads no record: any staff member or API token may run a text through it.
  'triage.run': everyStaffRole,
  // Lowering an emergency is a clinical judgement.
  'triage.correct': ['clinician', 'supervisor'],
  'saved-replies.manage-shared': ['supervisor', 'admin'],
  // Help articles hold no PHI: everyone who answers patients reads them, internal ones too.
  'knowledge.read': [...inboxWorkers, 'admin'],
  'knowledge.manage': ['supervisor', 'admin'],
  'inbox.settings.manage': ['supervisor', 'admin'],
  // Appointments: who reads the record sees them; the front desk books and moves them.
  'appointment.read': recordReaders,
  'appointment.book': ['agent', 'scheduler', 'supervisor'],
  // Marking a visit seen, with follow-up instructions: the front desk, or the clinician who saw the patient.
  'appointment.attend': ['agent', 'scheduler', 'clinician', 'supervisor'],
  // No-show figures per kind of visit, and the patients who miss visits again and again.
  'appointment.report': ['scheduler', 'supervisor'],
  // Providers' hours, time off, appointment types and scheduling settings.
  'schedule.manage': ['scheduler', 'supervisor', 'admin'],
  // Reading them (no PHI: patients' names in a provider's week also need appointment.read).
  'schedule.read': [...recordReaders, 'admin'],
  // FHIR facade: the provider directory, schedules and free slots hold no PHI.
  'fhir.directory.read': everyStaffRole,
  'audit.read': ['compliance', 'admin'],
  'audit.verify': ['compliance', 'admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type StaffAction = keyof typeof staffPermissions;

/** Portal actions and the proxy scope each needs (a patient may do all of them for themselves). */
export const portalPermissions = {
  'portal.patients.list': null,
  'portal.profile.read': 'records',
  'portal.profile.update': 'records',
  'portal.preferences.update': 'messaging',
  'portal.messages.read': 'messaging',
  'portal.messages.write': 'messaging',
  'portal.appointments.read': 'scheduling',
  'portal.appointments.book': 'scheduling',
} as const satisfies Record<string, ProxyScope | null>;

export type PortalAction = keyof typeof portalPermissions;
export type Action = StaffAction | PortalAction;

/** Staff record actions that an emergency access ("break the glass") opens for one patient. */
export const emergencyAccessOpens: readonly StaffAction[] = [
  'patient.read',
  'patient.coverage.read',
  'patient.notes.read',
  'patient.clinical-notes.read',
];

/** What an action is done to. Omitted fields mean "not about one organisation or patient". */
export interface Resource {
  organizationId?: string;
  patientId?: string;
  /** The staff actor holds an unexpired emergency access to this patient. */
  emergencyAccess?: boolean;
}

export type Decision =
  | { allowed: true; via: 'role' | 'emergency-access' | 'self' | 'proxy-scope' }
  | { allowed: false; reason: string };

const isStaffAction = (action: Action): action is StaffAction => action in staffPermissions;

/** The grant a portal user holds for a patient, if any. */
export function grantFor(actor: Actor, patientId: string): PatientGrant | undefined {
  return actor.kind === 'portal' ? actor.grants.find((grant) => grant.patientId === patientId) : undefined;
}

/** Decides one access, with the reason when it is refused. */
export function decide(actor: Actor, action: Action, resource: Resource = {}): Decision {
  if (resource.organizationId && resource.organizationId !== actor.organizationId)
    return { allowed: false, reason: 'The resource belongs to another organisation.' };

  if (actor.kind === 'staff') {
    if (actor.mfaEnrollmentRequired)
      return { allowed: false, reason: 'Set up two-step sign-in before using PatientDesk.' };
    if (!isStaffAction(action)) return { allowed: false, reason: 'Staff do not act through the portal.' };
    const roles: readonly StaffRole[] = staffPermissions[action];
    if (roles.includes(actor.role)) return { allowed: true, via: 'role' };
    if (resource.patientId && resource.emergencyAccess && emergencyAccessOpens.includes(action))
      return { allowed: true, via: 'emergency-access' };
    return { allowed: false, reason: `The ${actor.role} role may not do ${action}.` };
  }

  if (isStaffAction(action)) return { allowed: false, reason: 'This is for clinic staff only.' };
  const scope: ProxyScope | null = portalPermissions[action];
  if (!resource.patientId) return { allowed: true, via: 'self' };
  const grant = grantFor(actor, resource.patientId);
  if (!grant) return { allowed: false, reason: 'You do not act for this patient.' };
  if (grant.via === 'self') return { allowed: true, via: 'self' };
  if (scope === null || grant.scopes.includes(scope)) return { allowed: true, via: 'proxy-scope' };
  return { allowed: false, reason: `Your access for this patient does not include ${scope}.` };
}

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  return decide(actor, action, resource).allowed;
}

/** Whether the role could ever do the action (the route-level gate, before any resource is known). */
export function roleMayAttempt(role: Role, action: Action): boolean {
  if (role === 'patient' || role === 'proxy') return !isStaffAction(action);
  return isStaffAction(action) && (staffPermissions[action] as readonly StaffRole[]).includes(role);
}

/** Whether the role may break the glass for this action (the route gate lets them try). */
export function emergencyAccessCouldOpen(role: Role, action: Action): boolean {
  return (
    role !== 'patient' && role !== 'proxy' && isStaffAction(action) && emergencyAccessOpens.includes(action)
  );
}
