import { videoVisitOpensMinutesBefore } from './video-visit.ts';
import type { NoticeLanguage, VisitWords } from './visit-words.ts';

/**
 * The texts of appointment notices, in English and Spanish. An email has room for the details
 * and the preparation; a text message says who, when, where and the links, short enough for a
 * phone screen. Nothing here names a reason for the visit or a specialty.
 */

export type NoticeKind = 'booked' | 'rescheduled' | 'cancelled' | 'reminder';

export interface ComposedNotice {
  subject: string;
  body: string;
}

const lines = (...parts: (string | false | null | undefined)[]) =>
  parts.filter((part): part is string => typeof part === 'string').join('\n');

const words = {
  en: {
    hello: (name: string) => `Hello ${name},`,
    lead: {
      booked: 'Your appointment is booked.',
      rescheduled: 'Your appointment has been moved to a new time.',
      cancelled: 'Your appointment has been cancelled.',
      reminder: 'This is a reminder of your appointment.',
    },
    subject: {
      booked: (day: string) => `Your appointment on ${day} is booked`,
      rescheduled: (day: string) => `Your appointment has moved to ${day}`,
      cancelled: (day: string) => `Your appointment on ${day} is cancelled`,
      reminder: (day: string) => `Reminder: your appointment on ${day}`,
    },
    when: 'When',
    where: 'Where',
    with: 'With',
    visit: 'Visit',
    inPerson: 'in person',
    byVideo: 'by video',
    videoWhere: (url: string) =>
      `By video. The link opens ${videoVisitOpensMinutesBefore} minutes before the start: ${url}`,
    prepare: 'How to prepare',
    checkIn: (code: string) => `Your check-in code: ${code}`,
    manage: (url: string) => `To reschedule or cancel: ${url}`,
    bookAgain: (url: string) => `To book another time: ${url}`,
    calendar: 'The attached calendar file adds it to your calendar.',
    calendarCancel: 'The attached calendar file removes it from your calendar.',
    sms: {
      booked: (v: VisitWords) =>
        `${v.clinicName}: your appointment with ${v.providerName} is booked for ${v.when}`,
      rescheduled: (v: VisitWords) =>
        `${v.clinicName}: your appointment with ${v.providerName} has moved to ${v.when}`,
      cancelled: (v: VisitWords) =>
        `${v.clinicName}: your appointment with ${v.providerName} on ${v.when} is cancelled.`,
      reminder: (v: VisitWords) =>
        `${v.clinicName}: reminder of your appointment with ${v.providerName} on ${v.when}`,
      at: (place: string) => `, at ${place}.`,
      byVideo: ' (video visit).',
      video: (url: string) => `Video link (opens ${videoVisitOpensMinutesBefore} min before): ${url}`,
      code: (code: string) => `Check-in code: ${code}.`,
      manage: (url: string) => `Reschedule or cancel: ${url}`,
      bookAgain: (url: string) => `Book another time: ${url}`,
      reply: 'Reply C to confirm, R to reschedule, X to cancel.',
    },
  },
  es: {
    hello: (name: string) => `Hola, ${name}:`,
    lead: {
      booked: 'Su cita está reservada.',
      rescheduled: 'Su cita se cambió a una nueva hora.',
      cancelled: 'Su cita ha sido cancelada.',
      reminder: 'Le recordamos su cita.',
    },
    subject: {
      booked: (day: string) => `Su cita del ${day} está reservada`,
      rescheduled: (day: string) => `Su cita se cambió al ${day}`,
      cancelled: (day: string) => `Su cita del ${day} está cancelada`,
      reminder: (day: string) => `Recordatorio: su cita del ${day}`,
    },
    when: 'Cuándo',
    where: 'Dónde',
    with: 'Con',
    visit: 'Consulta',
    inPerson: 'en persona',
    byVideo: 'por video',
    videoWhere: (url: string) =>
      `Por video. El enlace se abre ${videoVisitOpensMinutesBefore} minutos antes de la hora: ${url}`,
    prepare: 'Cómo prepararse',
    checkIn: (code: string) => `Su código para registrarse al llegar: ${code}`,
    manage: (url: string) => `Para cambiar o cancelar la cita: ${url}`,
    bookAgain: (url: string) => `Para reservar otra hora: ${url}`,
    calendar: 'El archivo de calendario adjunto la agrega a su calendario.',
    calendarCancel: 'El archivo de calendario adjunto la quita de su calendario.',
    sms: {
      booked: (v: VisitWords) =>
        `${v.clinicName}: su cita con ${v.providerName} está reservada para el ${v.when}`,
      rescheduled: (v: VisitWords) => `${v.clinicName}: su cita con ${v.providerName} se cambió al ${v.when}`,
      cancelled: (v: VisitWords) =>
        `${v.clinicName}: su cita con ${v.providerName} del ${v.when} está cancelada.`,
      reminder: (v: VisitWords) =>
        `${v.clinicName}: le recordamos su cita con ${v.providerName} el ${v.when}`,
      at: (place: string) => `, en ${place}.`,
      byVideo: ' (consulta por video).',
      video: (url: string) => `Enlace de video (se abre ${videoVisitOpensMinutesBefore} min antes): ${url}`,
      code: (code: string) => `Código para registrarse: ${code}.`,
      manage: (url: string) => `Cambiar o cancelar: ${url}`,
      bookAgain: (url: string) => `Reservar otra hora: ${url}`,
      reply: 'Responda C para confirmar, R para cambiar la cita, X para cancelarla.',
    },
  },
} satisfies Record<NoticeLanguage, unknown>;

/** An appointment notice by email: the details, the preparation and the links. */
export function noticeEmail(kind: NoticeKind, visit: VisitWords): ComposedNotice {
  const w = words[visit.language];
  const live = kind !== 'cancelled';
  const where =
    visit.mode === 'telehealth'
      ? live && visit.videoUrl
        ? w.videoWhere(visit.videoUrl)
        : w.byVideo
      : visit.place;
  const body = lines(
    w.hello(visit.patientName),
    '',
    w.lead[kind],
    '',
    `${w.when}: ${visit.when}`,
    `${w.where}: ${where}`,
    `${w.with}: ${visit.providerName}`,
    `${w.visit}: ${visit.typeName} (${visit.mode === 'telehealth' ? w.byVideo : w.inPerson})`,
    live &&
      visit.mode === 'in-person' &&
      kind === 'reminder' &&
      visit.checkInCode &&
      w.checkIn(visit.checkInCode),
    ...(live && visit.preparation.trim() ? ['', `${w.prepare}: ${visit.preparation.trim()}`] : []),
    '',
    live ? w.manage(visit.manageUrl) : w.bookAgain(visit.manageUrl),
    kind !== 'reminder' && (live ? w.calendar : w.calendarCancel),
    '',
    visit.clinicName,
    visit.clinicPhone,
  );
  return { subject: w.subject[kind](visit.day), body };
}

/** An appointment notice by text message: who, when, where, and the links, one to a line. */
export function noticeSms(kind: NoticeKind, visit: VisitWords): string {
  const w = words[visit.language].sms;
  const opening = w[kind](visit);
  if (kind === 'cancelled') return `${opening}\n${w.bookAgain(visit.manageUrl)}`;
  const video = visit.mode === 'telehealth';
  return [
    `${opening}${video ? w.byVideo : w.at(visit.place)}`,
    video && visit.videoUrl ? w.video(visit.videoUrl) : null,
    kind === 'reminder' && !video && visit.checkInCode ? w.code(visit.checkInCode) : null,
    kind === 'reminder' ? w.reply : w.manage(visit.manageUrl),
  ]
    .filter(Boolean)
    .join('\n');
}
