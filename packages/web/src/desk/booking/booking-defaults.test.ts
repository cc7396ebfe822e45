import { describe, expect, it } from 'vitest';
import { bookingDefaults } from './booking-defaults.ts';

const directory = {
  languages: ['en', 'es'],
  insurance: [
    { key: 'aetna', name: 'Aetna' },
    { key: 'blue-cross-blue-shield', name: 'Blue Cross Blue Shield' },
  ],
  providers: [{ id: '00000000-0000-4000-8000-000000000001' }],
} as Parameters<typeof bookingDefaults>[1];

const coverage = (payerName: string, priority: 'primary' | 'secondary') => ({
  id: `${payerName}-${priority}`,
  priority,
  payerName,
  planName: null,
  memberNumber: 'M1',
  groupNumber: null,
  subscriberRelationship: 'self' as const,
  validFrom: null,
  validTo: null,
});

const record = (changes: Partial<Parameters<typeof bookingDefaults>[0]> = {}) =>
  ({
    demographics: { preferredLanguage: 'es' },
    careTeam: {
      primaryProvider: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Dr. Ana Ruiz' },
    },
    coverage: [coverage('Aetna', 'secondary'), coverage('blue cross blue shield', 'primary')],
    ...changes,
  }) as Parameters<typeof bookingDefaults>[0];

describe('the booking panel’s filters for a patient', () => {
  it('start from the patient’s language, primary provider and primary insurance as the directory names it', () => {
    const { filters, unlistedPayer } = bookingDefaults(record(), directory);
    expect(filters).toEqual({
      appointmentTypeId: '',
      specialty: '',
      providerId: '00000000-0000-4000-8000-000000000001',
      language: 'es',
      insurance: 'blue-cross-blue-shield',
      withinDays: 14,
    });
    expect(unlistedPayer).toBeNull();
  });

  it('use nothing from insurance the agent’s role may not see', () => {
    expect(bookingDefaults(record({ coverage: null }), directory).filters.insurance).toBe('');
  });

  it('keep a payer no provider takes, so the agent sees why nobody is found', () => {
    const { filters, unlistedPayer } = bookingDefaults(
      record({ coverage: [coverage('Golden Rule', 'primary')] }),
      directory,
    );
    expect(filters.insurance).toBe('Golden Rule');
    expect(unlistedPayer).toEqual({ value: 'Golden Rule', label: 'Golden Rule' });
  });

  it('leave out a language no provider speaks and a primary provider who does not book here', () => {
    const { filters } = bookingDefaults(
      record({
        demographics: { preferredLanguage: 'vi' } as never,
        careTeam: {
          primaryProvider: { id: '00000000-0000-4000-8000-000000000009', displayName: 'Dr. Gone' },
        },
      }),
      directory,
    );
    expect(filters.language).toBe('');
    expect(filters.providerId).toBe('');
  });
});
