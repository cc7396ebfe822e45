import type { PortalProfile } from '@patientdesk/contracts';
import { describe, expect, it } from 'vitest';
import { confirmationAddress } from './confirmation-address.ts';

const profile = (changes: Partial<PortalProfile>): PortalProfile => ({
  id: '0b6a9c1e-2f3d-4e5f-8a7b-9c0d1e2f3a4b',
  givenName: 'Maria',
  familyName: 'Lopez',
  preferredName: null,
  birthDate: '1980-01-01',
  sex: 'female',
  genderIdentity: null,
  pronouns: null,
  preferredLanguage: 'es',
  address: { line: null, city: null, region: null, postalCode: null, country: null },
  contactPoints: [
    {
      id: '1',
      kind: 'phone',
      value: '+12125550123',
      label: 'mobile',
      isPrimary: true,
      verified: true,
    },
    { id: '2', kind: 'phone', value: '+12125550999', label: 'work', isPrimary: false, verified: false },
    {
      id: '3',
      kind: 'email',
      value: 'maria@example.com',
      label: 'home',
      isPrimary: true,
      verified: true,
    },
  ],
  preferences: { preferredChannel: 'sms', quietHours: null },
  consents: [],
  ...changes,
});

describe('where the booking confirmation went', () => {
  it('is the primary mobile number for a patient who prefers texts', () => {
    expect(confirmationAddress(profile({}))).toBe('+12125550123');
  });

  it('is the primary email for a patient who prefers email', () => {
    expect(
      confirmationAddress(profile({ preferences: { preferredChannel: 'email', quietHours: null } })),
    ).toBe('maria@example.com');
  });

  it('is the other channel when the patient refused the preferred one', () => {
    const consents = [
      { channel: 'sms' as const, status: 'revoked' as const, recordedAt: '2026-01-01T00:00:00Z' },
    ];
    expect(confirmationAddress(profile({ consents }))).toBe('maria@example.com');
  });

  it('is nowhere when the record has no phone or email the patient accepts', () => {
    expect(confirmationAddress(profile({ contactPoints: [] }))).toBeUndefined();
  });
});
