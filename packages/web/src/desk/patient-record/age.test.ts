import { describe, expect, it } from 'vitest';
import { ageInYears, displayName } from './age.ts';

describe('a patient’s age and name as the desk shows them', () => {
  it('counts a birthday only once it has come', () => {
    expect(ageInYears('2010-06-15', new Date(2026, 5, 14))).toBe(15);
    expect(ageInYears('2010-06-15', new Date(2026, 5, 15))).toBe(16);
    expect(ageInYears('2026-01-01', new Date(2026, 5, 15))).toBe(0);
  });

  it('uses the preferred name when the patient gave one', () => {
    expect(displayName({ givenName: 'Robert', familyName: 'Lee', preferredName: 'Bob' })).toBe('Bob Lee');
    expect(displayName({ givenName: 'Ana', familyName: 'Ruiz', preferredName: null })).toBe('Ana Ruiz');
  });
});
