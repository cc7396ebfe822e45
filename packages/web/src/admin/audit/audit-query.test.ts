import { describe, expect, it } from 'vitest';
import { filterParams, filtersFromSearch, noFilters } from './audit-query.ts';

describe('audit log filters', () => {
  it('leave empty filters out of the query, and trim the others', () => {
    const params = filterParams({ ...noFilters, action: ' auth.* ', outcome: 'denied' });
    expect(params.toString()).toBe('action=auth.*&outcome=denied');
  });

  it('read back what they wrote, so the address can be shared', () => {
    const filters = {
      userId: '6b0f7a52-9d8e-4c1a-9f0e-2f4b8c7d1e3a',
      patientId: '',
      action: 'patient.read',
      outcome: 'allowed' as const,
      from: '2026-03-01',
      to: '2026-03-31',
    };
    expect(filtersFromSearch(filterParams(filters))).toEqual(filters);
  });

  it('ignore an outcome the log does not know', () => {
    expect(filtersFromSearch(new URLSearchParams('outcome=maybe')).outcome).toBe('');
  });
});
