import type { PortalPatient } from '@patientdesk/contracts';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../api/client.ts';
import { providerSearchPath, schedulingPatients, timeTakenOffers } from './booking-api.ts';

const person = (id: string, scopes: PortalPatient['scopes']): PortalPatient => ({
  id,
  displayName: id,
  relationship: id === 'self' ? 'self' : 'parent',
  scopes,
});

describe('booking for the people a person acts for', () => {
  it('offers their own record and the dependants whose access covers scheduling, no others', () => {
    const patients = [
      person('self', ['scheduling', 'billing', 'messaging', 'records']),
      person('leo', ['scheduling', 'messaging']),
      person('ana', ['messaging']),
    ];
    expect(schedulingPatients(patients).map((patient) => patient.id)).toEqual(['self', 'leo']);
  });
});

describe('the provider search', () => {
  it('asks only for what the patient chose', () => {
    const path = providerSearchPath({ telehealth: false, newPatient: false, withinDays: 14 });
    expect(path).toBe('/api/providers/search?withinDays=14&timesPerProvider=4');
  });

  it('passes insurance, language, kind of visit and the ticked boxes', () => {
    const query = new URL(
      providerSearchPath({
        appointmentTypeId: 'type-1',
        insurance: 'aetna',
        language: 'es',
        specialty: 'Family medicine',
        locationId: 'location-1',
        telehealth: true,
        newPatient: true,
        withinDays: 30,
      }),
      'http://desk.test',
    ).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      appointmentType: 'type-1',
      insurance: 'aetna',
      language: 'es',
      specialty: 'Family medicine',
      locationId: 'location-1',
      telehealth: 'true',
      newPatient: 'true',
      withinDays: '30',
      timesPerProvider: '4',
    });
  });

  it('searches near the patient in kilometres for the miles they chose, instead of a location', () => {
    const query = new URL(
      providerSearchPath({
        locationId: 'location-1',
        near: { latitude: 40.75, longitude: -73.99, withinMiles: 10 },
        telehealth: false,
        newPatient: false,
        withinDays: 14,
      }),
      'http://desk.test',
    ).searchParams;
    expect(query.get('locationId')).toBeNull();
    expect([query.get('latitude'), query.get('longitude'), query.get('withinKm')]).toEqual([
      '40.75',
      '-73.99',
      '16.1',
    ]);
  });
});

describe('a time someone else took', () => {
  const freeTime = {
    startsAt: '2026-01-14T15:45:00.000Z',
    endsAt: '2026-01-14T16:15:00.000Z',
    providerId: '4b8f5a1e-6a6d-4c52-9d0c-1f1f1f1f1f1f',
    locationId: '5c9f6b2f-7b7e-4d63-8e1d-2a2a2a2a2a2a',
    appointmentTypeId: '6d0a7c3a-8c8f-4e74-9f2e-3b3b3b3b3b3b',
  };
  const answer = (code: string, extra: object = {}) => ({
    error: { code, message: 'That time was just taken.', details: [], requestId: 'r1', ...extra },
  });

  it('gives the next free times the server offered', () => {
    const error = new ApiRequestError(
      409,
      'time_taken',
      'taken',
      [],
      'r1',
      answer('time_taken', { nextFreeTimes: [freeTime] }),
    );
    expect(timeTakenOffers(error)).toEqual([freeTime]);
  });

  it('is told apart from other refusals', () => {
    const conflict = new ApiRequestError(409, 'conflict', 'too late', [], 'r1', answer('conflict'));
    expect(timeTakenOffers(conflict)).toBeUndefined();
    expect(timeTakenOffers(new Error('network'))).toBeUndefined();
  });
});
