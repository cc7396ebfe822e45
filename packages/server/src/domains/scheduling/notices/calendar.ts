import { sql } from 'drizzle-orm';
import { createEvent, type EventAttributes } from 'ics';
import { type Orm, rowsOf } from '../../../db/connection.ts';
import type { AppointmentFacts } from './appointment-facts.ts';
import type { VisitWords } from './visit-words.ts';

/**
 * An appointment as a calendar entry (RFC 5545, sent per RFC 5546's iTIP): one UID for the
 * visit however often it moves, so a calendar replaces the entry instead of adding another.
 * A reschedule makes a new appointment row that points back to the one it replaced; the UID is
 * made from the first row of that chain, and SEQUENCE counts the moves, so the newest version
 * wins. Times are written in UTC (`...Z`): every calendar places them in its own zone.
 */

/** REQUEST: add or update (emailed); CANCEL: remove; PUBLISH: a file to import ("add to calendar"). */
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface CalendarIdentity {
  uid: string;
  sequence: number;
}

/** The UID and SEQUENCE of an appointment: from the first appointment it was moved from, and how many moves since. */
export async function calendarIdentity(
  orm: Orm,
  appointmentId: string,
  publicUrl: string,
): Promise<CalendarIdentity> {
  const [first] = rowsOf<{ id: string; moves: number }>(
    await orm.execute(sql`
      with recursive chain (id, rescheduled_from_id, moves) as (
        select id, rescheduled_from_id, 0 from appointments where id = ${appointmentId}
        union all
        select earlier.id, earlier.rescheduled_from_id, chain.moves + 1
        from appointments earlier join chain on earlier.id = chain.rescheduled_from_id
      )
      select id, moves from chain order by moves desc limit 1`),
  );
  return {
    uid: `${first?.id ?? appointmentId}@${new URL(publicUrl).hostname}`,
    sequence: Number(first?.moves ?? 0),
  };
}

const texts = {
  en: {
    title: (provider: string) => `Appointment with ${provider}`,
    video: (url: string) => `Video visit: ${url}`,
    byVideo: 'Video visit',
    manage: (url: string) => `See, reschedule or cancel: ${url}`,
  },
  es: {
    title: (provider: string) => `Cita con ${provider}`,
    video: (url: string) => `Consulta por video: ${url}`,
    byVideo: 'Consulta por video',
    manage: (url: string) => `Ver, cambiar o cancelar: ${url}`,
  },
};

/** The .ics text of an appointment. */
export function appointmentCalendarFile(
  facts: AppointmentFacts,
  visit: VisitWords,
  identity: CalendarIdentity,
  method: CalendarMethod,
  organizerEmail: string,
): string {
  const t = texts[visit.language];
  const { appointment, patient } = facts;
  const cancelled = method === 'CANCEL';
  const video = !cancelled && visit.mode === 'telehealth' && visit.videoUrl;
  const event: EventAttributes = {
    productId: 'patientdesk/appointments',
    method,
    uid: identity.uid,
    // A cancellation is one more change by the organiser, so it outranks the version it removes.
    sequence: identity.sequence + (cancelled ? 1 : 0),
    start: appointment.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: appointment.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: t.title(visit.providerName),
    location: visit.mode === 'telehealth' ? (video ? t.video(visit.videoUrl!) : t.byVideo) : visit.place,
    description: [
      `${visit.clinicName}${visit.clinicPhone ? ` · ${visit.clinicPhone}` : ''}`,
      video ? t.video(visit.videoUrl!) : null,
      t.manage(visit.manageUrl),
    ]
      .filter(Boolean)
      .join('\n'),
    url: visit.manageUrl,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    organizer: { name: visit.clinicName, email: organizerEmail },
    // iTIP requires the attendee in a REQUEST or CANCEL; a published file names nobody.
    ...(method !== 'PUBLISH' && patient.email
      ? {
          attendees: [
            {
              name: `${patient.preferredName || patient.givenName} ${patient.familyName}`,
              email: patient.email,
              rsvp: false,
              partstat: 'ACCEPTED',
              role: 'REQ-PARTICIPANT',
            },
          ],
        }
      : {}),
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw error ?? new Error('The calendar file could not be made.');
  return value;
}

/** The MIME type an .ics attachment is sent with. */
export const calendarContentType = (method: CalendarMethod) =>
  `text/calendar; method=${method}; charset=utf-8`;
