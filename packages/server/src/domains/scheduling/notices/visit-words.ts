import { DateTime } from 'luxon';

/**
 * How a visit is named in what patients receive, in their language (English or Spanish; any
 * other language falls back to English until its texts are written). Only what may travel over
 * SMS and plain email: who, when, where, the kind of visit and links. Never the reason for the
 * visit, intake answers or the provider's specialty (DESIGN: PHI never goes over an insecure
 * channel).
 */

export type NoticeLanguage = 'en' | 'es';

export function noticeLanguage(preferred: string | null | undefined): NoticeLanguage {
  return preferred?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

const locales: Record<NoticeLanguage, string> = { en: 'en-US', es: 'es-US' };

const localTime = (instant: Date, zone: string, language: NoticeLanguage) =>
  DateTime.fromJSDate(instant, { zone }).setLocale(locales[language]);

const longFormat: Record<NoticeLanguage, string> = {
  en: 'cccc, LLLL d, h:mm a ZZZZ',
  es: "cccc, d 'de' LLLL, H:mm ZZZZ",
};
const dayFormat: Record<NoticeLanguage, string> = { en: 'LLL d', es: 'd LLL' };

/** "Tuesday, October 14, 9:00 AM EDT" / "martes, 14 de octubre, 9:00 EDT", in the location's zone. */
export function visitTime(instant: Date, zone: string, language: NoticeLanguage): string {
  return localTime(instant, zone, language).toFormat(longFormat[language]);
}

/** "Oct 14" / "14 oct", for subject lines. */
export function visitDay(instant: Date, zone: string, language: NoticeLanguage): string {
  return localTime(instant, zone, language).toFormat(dayFormat[language]);
}

/** The long time and the day for subject lines ("Oct 14" / "14 oct"), read in the zone once. */
export function visitTimeAndDay(instant: Date, zone: string, language: NoticeLanguage) {
  const local = localTime(instant, zone, language);
  return { when: local.toFormat(longFormat[language]), day: local.toFormat(dayFormat[language]) };
}

/** "9:00 AM" / "9:00", a time of day in the location's zone. */
export function clockTime(instant: Date, zone: string, language: NoticeLanguage): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(locales[language]);
  return language === 'es' ? local.toFormat('H:mm') : local.toFormat('h:mm a');
}

/** What a notice says about one visit, already in the patient's language. */
export interface VisitWords {
  language: NoticeLanguage;
  clinicName: string;
  /** The patient's preferred or given name, for a greeting. */
  patientName: string;
  providerName: string;
  when: string;
  day: string;
  mode: 'in-person' | 'telehealth';
  /** The location's name and street address (in person). */
  place: string;
  /** The kind of visit, as the clinic names it in this language. */
  typeName: string;
  preparation: string;
  /** The portal page of the appointment: see, reschedule or cancel it. */
  manageUrl: string;
  videoUrl: string | null;
  checkInCode: string | null;
  clinicPhone: string | null;
}

/** "Main Street Clinic, 12 Main Street, Springfield, NY 10001" */
export function placeOf(location: {
  name: string;
  addressLine: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
}): string {
  const regionLine = [location.region, location.postalCode].filter(Boolean).join(' ');
  return [location.name, location.addressLine, location.city, regionLine].filter(Boolean).join(', ');
}

/** "Tue, Oct 14, 9:00 AM" / "mar 14 oct, 9:00": a free time offered in a text. */
export function shortVisitTime(instant: Date, zone: string, language: NoticeLanguage): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(locales[language]);
  return language === 'es' ? local.toFormat('ccc d LLL, H:mm') : local.toFormat('ccc, LLL d, h:mm a');
}
