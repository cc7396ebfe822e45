import { describe, expect, it } from 'vitest';
import { scopesAfterAgeRules } from './portal-access.ts';

const rules = { adolescentAge: 12, adultAge: 18 };
const today = new Date('2026-06-15T12:00:00Z');
const everything = ['scheduling', 'billing', 'messaging', 'records'] as const;

describe("a proxy's access under the organisation's age rules", () => {
  it('gives a parent the scopes granted while the child is young', () => {
    expect(scopesAfterAgeRules(everything, 'parent', '2020-01-01', rules, today)).toEqual([...everything]);
  });

  it('narrows a parent to scheduling and billing from the adolescent age (confidential care)', () => {
    expect(scopesAfterAgeRules(everything, 'parent', '2012-06-15', rules, today)).toEqual([
      'scheduling',
      'billing',
    ]);
    // The day before the 12th birthday, nothing is narrowed yet.
    expect(scopesAfterAgeRules(everything, 'parent', '2014-06-16', rules, today)).toEqual([...everything]);
  });

  it("ends a parent's or guardian's access when the patient comes of age, but not a caretaker's", () => {
    expect(scopesAfterAgeRules(everything, 'parent', '2008-06-15', rules, today)).toEqual([]);
    expect(scopesAfterAgeRules(everything, 'guardian', '2008-01-01', rules, today)).toEqual([]);
    expect(scopesAfterAgeRules(['scheduling'], 'caretaker', '1940-03-01', rules, today)).toEqual([
      'scheduling',
    ]);
  });

  it("leaves a legal representative's authority as granted at any age", () => {
    expect(scopesAfterAgeRules(everything, 'legal-representative', '2011-01-01', rules, today)).toEqual([
      ...everything,
    ]);
  });

  it('follows a clinic that sets other ages', () => {
    const strict = { adolescentAge: 13, adultAge: 19 };
    expect(scopesAfterAgeRules(everything, 'parent', '2008-01-01', strict, today)).toEqual([
      'scheduling',
      'billing',
    ]);
  });
});
