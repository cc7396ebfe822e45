import type { Appointment } from '@patientdesk/contracts';
import type { TFunction } from 'i18next';
import { visitDateTimeInFull } from './visit-time.ts';

/** Languages the reply summary is written in; others get English, like the rest of the clinic's texts. */
const replyLanguages = ['en', 'es'];

/**
 * What "Put in reply" adds to the composer after a booking: the day, the time and the place, in
 * the conversation's language. Nothing else: the kind of visit and the provider can say what the
 * patient is being seen for, which is health information, and a reply may go out by SMS.
 */
export function replySummary(
  appointment: Pick<Appointment, 'startsAt' | 'timeZone' | 'location' | 'appointmentType'>,
  conversationLanguage: string,
  t: TFunction,
): string {
  const lng = replyLanguages.includes(conversationLanguage) ? conversationLanguage : 'en';
  const when = visitDateTimeInFull(appointment.startsAt, appointment.timeZone, lng);
  if (appointment.appointmentType.mode === 'telehealth') return t('booking.reply.video', { lng, when });
  const { location } = appointment;
  const place = [location.name, location.addressLine, location.city].filter(Boolean).join(', ');
  return t('booking.reply.inPerson', { lng, when, place });
}
