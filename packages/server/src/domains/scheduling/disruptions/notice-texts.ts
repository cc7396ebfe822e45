import type { NoticeLanguage } from '../notices/visit-words.ts';

/**
 * What a patient is told when their provider became unavailable and the visit is cancelled: in
 * their language, with times to rebook and the way to book. Like the clinic's other notices it
 * names who, when and where, never the reason for the visit or the provider's absence.
 */

export interface DisruptionWords {
  clinic: string;
  provider: string;
  /** The cancelled visit's time, on the location's clock. */
  when: string;
  /** Its day, for a subject line. */
  day: string;
  /** "Tue, Mar 4, 9:00 AM" each. */
  sameProvider: string[];
  /** "Dr. Lee Park, Tue, Mar 4, 9:00 AM" each. */
  otherProviders: string[];
  bookUrl: string;
  phone: string | null;
}

export const disruptionTexts: Record<
  NoticeLanguage,
  {
    subject: (words: DisruptionWords) => string;
    sms: (words: DisruptionWords) => string;
    email: (words: DisruptionWords) => string;
  }
> = {
  en: {
    subject: (words) => `Your visit on ${words.day} is cancelled`,
    sms: (words) =>
      [
        `${words.clinic}: we are sorry, your visit on ${words.when} with ${words.provider} is cancelled because ${words.provider} is unavailable.`,
        words.sameProvider.length > 0
          ? `Next free times with ${words.provider}: ${words.sameProvider.join('; ')}.`
          : '',
        words.otherProviders.length > 0
          ? `Or with another provider: ${words.otherProviders.join('; ')}.`
          : '',
        `Book a new time: ${words.bookUrl}${words.phone ? ` or call ${words.phone}` : ''}.`,
      ]
        .filter(Boolean)
        .join(' '),
    email: (words) =>
      [
        'Hello,',
        '',
        `We are sorry: your visit on ${words.when} with ${words.provider} is cancelled because ${words.provider} is unavailable.`,
        '',
        ...(words.sameProvider.length > 0
          ? [
              `The next free times with ${words.provider}:`,
              ...words.sameProvider.map((time) => `- ${time}`),
              '',
            ]
          : []),
        ...(words.otherProviders.length > 0
          ? ['Sooner, with another provider:', ...words.otherProviders.map((time) => `- ${time}`), '']
          : []),
        `Book a new time online: ${words.bookUrl}`,
        words.phone ? `Or call us at ${words.phone}, and we will find a time with you.` : '',
        '',
        words.clinic,
      ].join('\n'),
  },
  es: {
    subject: (words) => `Su cita del ${words.day} queda cancelada`,
    sms: (words) =>
      [
        `${words.clinic}: lo sentimos, su cita del ${words.when} con ${words.provider} queda cancelada porque ${words.provider} no está disponible.`,
        words.sameProvider.length > 0
          ? `Próximas horas libres con ${words.provider}: ${words.sameProvider.join('; ')}.`
          : '',
        words.otherProviders.length > 0 ? `O con otro proveedor: ${words.otherProviders.join('; ')}.` : '',
        `Reserve una nueva hora: ${words.bookUrl}${words.phone ? ` o llame al ${words.phone}` : ''}.`,
      ]
        .filter(Boolean)
        .join(' '),
    email: (words) =>
      [
        'Hola:',
        '',
        `Lo sentimos: su cita del ${words.when} con ${words.provider} queda cancelada porque ${words.provider} no está disponible.`,
        '',
        ...(words.sameProvider.length > 0
          ? [
              `Las próximas horas libres con ${words.provider}:`,
              ...words.sameProvider.map((time) => `- ${time}`),
              '',
            ]
          : []),
        ...(words.otherProviders.length > 0
          ? ['Antes, con otro proveedor:', ...words.otherProviders.map((time) => `- ${time}`), '']
          : []),
        `Reserve una nueva hora en línea: ${words.bookUrl}`,
        words.phone ? `O llámenos al ${words.phone} y buscamos una hora con usted.` : '',
        '',
        words.clinic,
      ].join('\n'),
  },
};
