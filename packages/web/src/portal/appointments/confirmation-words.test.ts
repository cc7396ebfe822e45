import type { AppointmentConfirmation } from '@patientdesk/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../app/i18n/messages.ts';
import { confirmationWords } from './confirmation-words.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: messages.en }, es: { translation: messages.es } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
});
/** The words in one language (the instance is ready once the tests run). */
const wordsIn = (language: 'en' | 'es') => (confirmation: AppointmentConfirmation, patientName: string) =>
  confirmationWords(i18n.getFixedT(language), confirmation, patientName);
const inEnglish = wordsIn('en');
const inSpanish = wordsIn('es');

describe('where the booking confirmation went, as the server said', () => {
  it('names the channel and the masked address', () => {
    expect(inEnglish({ status: 'sent', channel: 'sms', to: '•••• 0123' }, 'Maria Lopez')).toBe(
      'We sent a confirmation by text message to •••• 0123.',
    );
    expect(inSpanish({ status: 'sent', channel: 'email', to: 'm•••@example.com' }, 'Maria Lopez')).toBe(
      'Enviamos una confirmación por correo electrónico a m•••@example.com.',
    );
  });

  it('names the patient when the reader may not see their contact details', () => {
    expect(inEnglish({ status: 'sent', channel: 'email', to: null }, 'Leo Lopez')).toBe(
      'We sent a confirmation to Leo Lopez by email.',
    );
  });

  it('says plainly why nothing was sent', () => {
    expect(inEnglish({ status: 'not-sent', reason: 'declined' }, 'Leo Lopez')).toMatch(
      /^No confirmation was sent: .*replying STOP/,
    );
    expect(inSpanish({ status: 'not-sent', reason: 'no-address' }, 'Leo Lopez')).toBe(
      'La clínica no tiene un celular ni un correo para este paciente, así que no se envió confirmación.',
    );
  });
});
