import type { Orm } from '../../../db/connection.ts';
import type { AppointmentRow, SchedulingDependencies } from '../booking.ts';
import { appointmentFacts, visitWords } from './appointment-facts.ts';
import {
  appointmentCalendarFile,
  type CalendarMethod,
  calendarContentType,
  calendarIdentity,
} from './calendar.ts';
import { type NoticeKind, noticeEmail, noticeSms } from './notice-texts.ts';
import { noAddress, type Reach, reachOf } from './patient-reach.ts';
import { clinicAddresses, sendNotice } from './send-notice.ts';

/**
 * The notice a patient gets at once when an appointment is booked, moved or cancelled: by
 * email with the details, the preparation and an .ics calendar entry (REQUEST to add or update,
 * CANCEL to remove), by SMS as a short text with the link to the appointment's portal page.
 */

const purposes: Record<Exclude<NoticeKind, 'reminder'>, string> = {
  booked: 'appointment-confirmation',
  rescheduled: 'appointment-rescheduled',
  cancelled: 'appointment-cancelled',
};

/**
 * Where the notice went, or why it went nowhere: the person who booked is told which (see
 * confirmation-view.ts), so the reason is kept in a form a page can put in the reader's words.
 */
export type AppointmentNoticeOutcome =
  | { sent: Reach }
  | { failed: string; reason: 'no-address' | 'declined' | 'undelivered' };

const missingAddress = new Set([noAddress('sms'), noAddress('email')]);

/** Sends the notice of `kind` about `appointment` the first way the patient may be reached. */
export async function sendAppointmentNotice(
  orm: Orm,
  deps: Pick<SchedulingDependencies, 'channels' | 'publicUrl'>,
  kind: Exclude<NoticeKind, 'reminder'>,
  appointment: AppointmentRow,
): Promise<AppointmentNoticeOutcome> {
  const facts = (await appointmentFacts(orm, [appointment])).get(appointment.id)!;
  const reach = (await reachOf(orm, [facts.patient], facts.organization.country)).get(facts.patient.id)!;
  if (reach.ways.length === 0)
    return {
      failed: reach.refusals.join('; '),
      // Declined when an address was there but the patient turned the channel off (STOP, consent).
      reason: reach.refusals.every((why) => missingAddress.has(why)) ? 'no-address' : 'declined',
    };
  const from = await clinicAddresses(orm, appointment.organizationId, deps.publicUrl);
  const visit = visitWords(facts, deps.publicUrl);
  const method: CalendarMethod = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const calendar = reach.ways.some((way) => way.channel === 'email')
    ? appointmentCalendarFile(
        facts,
        visit,
        await calendarIdentity(orm, appointment.id, deps.publicUrl),
        method,
        from.email,
      )
    : null;
  const outcome = await sendNotice(orm, deps.channels, {
    organizationId: appointment.organizationId,
    ways: reach.ways,
    from,
    purpose: purposes[kind],
    compose: (channel) =>
      channel === 'sms'
        ? { body: noticeSms(kind, visit) }
        : {
            ...noticeEmail(kind, visit),
            attachments: calendar
              ? [{ filename: 'appointment.ics', contentType: calendarContentType(method), content: calendar }]
              : [],
          },
  });
  return 'sent' in outcome ? outcome : { ...outcome, reason: 'undelivered' };
}
