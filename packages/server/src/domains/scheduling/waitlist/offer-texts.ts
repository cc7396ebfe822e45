import type { NoticeLanguage } from '../notices/visit-words.ts';

/**
 * The words of a waitlist offer's message. SMS and plain email are not secure: they carry the
 * clinic's name, the time and the link, never the provider, the kind of visit or the patient's
 * name (the page behind the link shows those).
 */

export const offerMessageTexts: Record<
  NoticeLanguage,
  {
    subject: string;
    body: (values: { clinic: string; when: string; expires: string; link: string }) => string;
  }
> = {
  en: {
    subject: 'A visit time opened up for you',
    body: ({ clinic, when, expires, link }) =>
      `${clinic}: a visit time opened up on ${when}. You are on our waitlist, and the first person to accept gets it. Accept or say no by ${expires}: ${link}`,
  },
  es: {
    subject: 'Se liberó una cita para usted',
    body: ({ clinic, when, expires, link }) =>
      `${clinic}: se liberó una cita el ${when}. Usted está en nuestra lista de espera y la primera persona que acepte se la queda. Acepte o diga que no antes del ${expires}: ${link}`,
  },
};
