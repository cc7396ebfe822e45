import { describe, expect, it } from 'vitest';
import { mayManageStaff, mayReadAudit, sectionsFor } from './admin-sections.ts';

const ids = (role: Parameters<typeof sectionsFor>[0]) => sectionsFor(role).map((section) => section.id);

describe('administration sections', () => {
  it('offer an administrator everything but the review of emergency accesses', () => {
    expect(ids('admin')).toEqual(['users', 'sessions', 'tokens', 'audit', 'outbox', 'settings']);
  });

  it('offer compliance the staff list, the audit log and the emergency-access review', () => {
    expect(ids('compliance')).toEqual(['users', 'audit', 'emergencyAccess']);
  });

  it('offer a supervisor the staff list only', () => {
    expect(ids('supervisor')).toEqual(['users']);
  });

  it('offer the front-line roles nothing', () => {
    for (const role of ['agent', 'scheduler', 'billing', 'clinician'] as const) expect(ids(role)).toEqual([]);
  });

  it('let only administrators change staff accounts, and compliance and administrators read the audit log', () => {
    expect(mayManageStaff('admin')).toBe(true);
    expect(mayManageStaff('supervisor')).toBe(false);
    expect(mayReadAudit('compliance')).toBe(true);
    expect(mayReadAudit('supervisor')).toBe(false);
  });
});
