import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../app/i18n/messages.ts';
import { replySummary } from './reply-summary.ts';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({
    resources: { en: { translation: messages.en }, es: { translation: messages.es } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
});

const visit = {
  // 10:00 in New York on a day of daylight-saving time.
  startsAt: '2026-07-14T14:00:00.000Z',
  timeZone: 'America/New_York',
  location: {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Main Street Clinic',
    addressLine: '12 Main Street',
    city: 'Springfield',
    region: 'NY',
    postalCode: '10001',
    phone: null,
    timeZone: 'America/New_York',
    latitude: null,
    longitude: null,
  },
  appointmentType: {
    id: '00000000-0000-4000-8000-000000000002',
    name: 'Prenatal visit',
    durationMinutes: 30,
    mode: 'in-person' as const,
    preparation: '',
  },
};

describe('the day, time and place an agent puts in the reply', () => {
  it('says when in the location’s zone and where, in the conversation’s language', () => {
    expect(replySummary(visit, 'en', t.t)).toBe(
      'Your visit is on Tuesday, July 14, 2026 at 10:00 AM. It is at Main Street Clinic, 12 Main Street, Springfield.',
    );
    expect(replySummary(visit, 'es', t.t)).toBe(
      'Su cita es el martes, 14 de julio de 2026, 10:00. Es en Main Street Clinic, 12 Main Street, Springfield.',
    );
  });

  it('never names the kind of visit, which can say what the patient is seen for', () => {
    expect(replySummary(visit, 'en', t.t)).not.toContain('Prenatal');
  });

  it('says a video visit has no place to go to, and falls back to English for other languages', () => {
    const video = { ...visit, appointmentType: { ...visit.appointmentType, mode: 'telehealth' as const } };
    expect(replySummary(video, 'vi', t.t)).toBe(
      'Your video visit is on Tuesday, July 14, 2026 at 10:00 AM. The link to join is in your confirmation.',
    );
  });
});
