import { describe, expect, it } from 'vitest';
import type { PortalActor, StaffActor } from './actor.ts';
import { can, decide } from './policy.ts';

const organizationId = '00000000-0000-4000-8000-000000000001';
const otherOrganizationId = '00000000-0000-4000-8000-000000000002';
const patientId = '00000000-0000-4000-8000-0000000000aa';
const otherPatientId = '00000000-0000-4000-8000-0000000000bb';

function staff(role: StaffActor['role'], overrides: Partial<StaffActor> = {}): StaffActor {
  return {
    kind: 'staff',
    role,
    staffMemberId: '00000000-0000-4000-8000-000000000010',
    organizationId,
    displayName: `Test ${role}`,
    credential: { kind: 'session', sessionId: 's', expiresAt: new Date() },
    mfaEnrollmentRequired: false,
    ...overrides,
  };
}

function portal(grants: PortalActor['grants']): PortalActor {
  return {
    kind: 'portal',
    role: grants.some((grant) => grant.via === 'proxy') ? 'proxy' : 'patient',
    organizationId,
    contact: 'email:parent@example.com',
    subject: { type: 'proxy', id: '00000000-0000-4000-8000-000000000020' },
    displayName: 'Pat Parent',
    sessionId: 's',
    sessionExpiresAt: new Date(),
    grants,
  };
}

describe('the access policy', () => {
  it('gives each staff role the parts of a record its work needs, and no more', () => {
    const record = { patientId };
    expect(can(staff('billing'), 'patient.coverage.read', record)).toBe(true);
    expect(can(staff('billing'), 'patient.clinical-notes.read', record)).toBe(false);
    expect(can(staff('agent'), 'patient.read', record)).toBe(true);
    expect(can(staff('agent'), 'patient.coverage.read', record)).toBe(false);
    expect(can(staff('clinician'), 'patient.clinical-notes.read', record)).toBe(true);
    expect(can(staff('compliance'), 'patient.read', record)).toBe(false);
    expect(can(staff('compliance'), 'audit.read')).toBe(true);
    expect(can(staff('admin'), 'patient.read', record)).toBe(false);
    expect(can(staff('admin'), 'staff.manage')).toBe(true);
    expect(can(staff('supervisor'), 'staff.manage')).toBe(false);
  });

  it('opens the record to a staff member who broke the glass, for that patient only', () => {
    const billing = staff('billing');
    expect(decide(billing, 'patient.clinical-notes.read', { patientId, emergencyAccess: true })).toEqual({
      allowed: true,
      via: 'emergency-access',
    });
    expect(can(billing, 'patient.clinical-notes.read', { patientId: otherPatientId })).toBe(false);
    // Breaking the glass opens reading, never administration.
    expect(can(billing, 'patient.merge', { patientId, emergencyAccess: true })).toBe(false);
  });

  it('refuses anything of another organisation, whatever the role', () => {
    const decision = decide(staff('supervisor'), 'patient.read', {
      organizationId: otherOrganizationId,
      patientId,
    });
    expect(decision).toEqual({ allowed: false, reason: 'The resource belongs to another organisation.' });
  });

  it('lets staff who must set up two-step sign-in do nothing else first', () => {
    expect(can(staff('agent', { mfaEnrollmentRequired: true }), 'patient.read', { patientId })).toBe(false);
  });

  it('lets a patient act for themselves and a proxy only within the scopes granted', () => {
    const patient = portal([
      { patientId, via: 'self', scopes: ['scheduling', 'billing', 'messaging', 'records'] },
    ]);
    expect(can(patient, 'portal.profile.read', { patientId })).toBe(true);
    expect(can(patient, 'portal.profile.read', { patientId: otherPatientId })).toBe(false);

    const proxy = portal([
      { patientId, via: 'proxy', scopes: ['scheduling'], proxyId: 'p', relationship: 'parent' },
    ]);
    expect(can(proxy, 'portal.patients.list', { patientId })).toBe(true);
    expect(decide(proxy, 'portal.profile.read', { patientId })).toEqual({
      allowed: false,
      reason: 'Your access for this patient does not include records.',
    });
    expect(can(proxy, 'portal.preferences.update', { patientId })).toBe(false);
  });

  it('keeps portal users out of staff actions and staff out of the portal', () => {
    const patient = portal([{ patientId, via: 'self', scopes: ['records'] }]);
    expect(can(patient, 'patient.read', { patientId })).toBe(false);
    expect(can(staff('supervisor'), 'portal.profile.read', { patientId })).toBe(false);
  });
});
