import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import type { AppDependencies } from '../../../http/app.ts';
import type { AuditEventInput } from '../../audit/audit-trail.ts';
import { sendAutomaticReply } from '../../conversations/automatic-reply.ts';
import type { ConversationRow, InboundResult } from '../../conversations/inbound.ts';
import { publishConversationChange } from '../../conversations/live-events.ts';
import { conversations } from '../../conversations/schema.ts';
import { patients } from '../../patients/schema.ts';
import { phoneDigitVariants } from '../../patients/search.ts';
import {
  type AppointmentRow,
  cancelAppointmentRow,
  nextFreeTimesAfter,
  type SchedulingDependencies,
} from '../booking.ts';
import { schedulingDependencies } from '../booking-routes.ts';
import { providerDisplayName } from '../directory.ts';
import { appointmentReminders, appointments } from '../schema.ts';
import { appointmentFacts, appointmentPageUrl } from './appointment-facts.ts';
import { appointmentReplyWord, type ReplyFacts, type ReplyWord, replyTexts } from './sms-reply-texts.ts';
import { noticeLanguage, shortVisitTime, visitTime } from './visit-words.ts';

/**
 * Answers to reminders by text: C (confirm), R (reschedule) or X (cancel), also spelled out in
 * English or Spanish. A text that is exactly one of them, from the number of a patient with a
 * booked appointment in the next 14 days that was reminded by SMS, acts on the soonest such
 * appointment, is answered in the patient's language over the same number, and is on the audit
 * record as the patient's own act. Any other text (or one of these words with no such
 * appointment) goes to the inbox as before. The carrier keywords (STOP, START, HELP) are read
 * before this and keep their meaning.
 */

const minute = 60_000;
/** How far ahead a reply may reach: a reminder is at most a week before, with some slack. */
const replyWindowDays = 14;

interface Answered {
  conversation: ConversationRow;
  patientId: string;
  fromNumber: string;
  events: AuditEventInput[];
}

/** The soonest booked appointment in the window, of a patient with this number, that had an SMS reminder. */
async function remindedAppointment(
  orm: Orm,
  fromNumber: string,
  now: Date,
): Promise<AppointmentRow | undefined> {
  const owners = await orm
    .select({ id: patients.id })
    .from(patients)
    .where(and(inArray(patients.phoneDigits, phoneDigitVariants(fromNumber)), isNull(patients.mergedIntoId)));
  if (owners.length === 0) return undefined;
  const [row] = await orm
    .select()
    .from(appointments)
    .where(
      and(
        inArray(
          appointments.patientId,
          owners.map((owner) => owner.id),
        ),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
        lte(appointments.startsAt, new Date(now.getTime() + replyWindowDays * 24 * 60 * minute)),
        sql`exists (select 1 from ${appointmentReminders} r where r.appointment_id = ${appointments.id}
          and r.status = 'sent' and r.channel = 'sms')`,
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(1)
    .for('update');
  return row;
}

/** Acts on the reply in the caller's tenant transaction; undefined when it is not one for us. */
async function actOnReply(
  orm: Orm,
  deps: SchedulingDependencies & Pick<AppDependencies, 'search'>,
  inbound: Extract<InboundResult, { duplicate: false }>,
  word: ReplyWord,
  fromNumber: string,
  now: Date,
): Promise<Answered | undefined> {
  const appointment = await remindedAppointment(orm, fromNumber, now);
  if (!appointment) return undefined;
  const facts = (await appointmentFacts(orm, [appointment])).get(appointment.id)!;
  const language = noticeLanguage(facts.patient.preferredLanguage);
  const zone = facts.location.timeZone;
  const replyFacts: ReplyFacts = {
    language,
    clinicName: facts.organization.name,
    providerName: providerDisplayName(facts.provider),
    when: visitTime(appointment.startsAt, zone, language),
    manageUrl: appointmentPageUrl(deps.publicUrl, facts.organization.slug, appointment.id),
    clinicPhone: facts.location.phone,
  };
  const event = (action: string, outcome: 'allowed' | 'denied', details: Record<string, unknown> = {}) => ({
    action,
    resourceType: 'appointment',
    resourceId: appointment.id,
    patientIds: [appointment.patientId],
    onBehalfOfPatientId: appointment.patientId,
    outcome,
    details: { via: 'sms-reply', reply: inbound.message.id, ...details },
  });
  const events: AuditEventInput[] = [];
  let text: string;
  if (word === 'confirm') {
    if (!appointment.confirmedAt)
      await orm
        .update(appointments)
        .set({ confirmedAt: now, updatedAt: now })
        .where(eq(appointments.id, appointment.id));
    events.push(event('appointment.confirm', 'allowed'));
    text = replyTexts.confirmed(replyFacts);
  } else if (word === 'cancel') {
    if (now.getTime() > appointment.startsAt.getTime() - facts.type.cancelCutoffMinutes * minute) {
      events.push(event('appointment.cancel', 'denied', { reason: 'inside the cancellation cut-off' }));
      text = replyTexts.tooLateToCancel(replyFacts);
    } else {
      await cancelAppointmentRow(orm, deps, appointment, 'patient', now, { patientTold: true });
      events.push(event('appointment.cancel', 'allowed'));
      text = replyTexts.cancelled(replyFacts);
    }
  } else if (now.getTime() > appointment.startsAt.getTime() - facts.type.rescheduleCutoffMinutes * minute) {
    events.push(event('appointment.reschedule', 'denied', { reason: 'inside the reschedule cut-off' }));
    text = replyTexts.tooLateToMove(replyFacts);
  } else {
    const times = await nextFreeTimesAfter(orm, {
      organizationId: appointment.organizationId,
      providerId: appointment.providerId,
      type: facts.type,
      after: now,
      now,
      count: 3,
    });
    events.push(event('appointment.reschedule-options', 'allowed', { offered: times.length }));
    text = replyTexts.moveOptions(
      replyFacts,
      times.map((time) => shortVisitTime(new Date(time.startsAt), zone, language)),
    );
  }

  const answer = await sendAutomaticReply(orm, deps, inbound.conversation, {
    authorKind: 'system',
    text,
    clinicName: facts.organization.name,
    metadata: { appointmentReply: word, appointmentId: appointment.id },
    at: new Date(Math.max(now.getTime(), inbound.message.createdAt.getTime() + 1)),
  });
  let conversation = answer.sent ? answer.conversation : inbound.conversation;
  // Answered in full: nobody needs to pick this text up, unless the patient was already waiting for a person.
  if (conversation.waitingSince?.getTime() === inbound.message.createdAt.getTime()) {
    const [updated] = await orm
      .update(conversations)
      .set({ waitingSince: null, responseDueAt: null })
      .where(eq(conversations.id, conversation.id))
      .returning();
    conversation = updated!;
  }
  return { conversation, patientId: appointment.patientId, fromNumber, events };
}

/**
 * What the SMS webhook calls for every new text after it is stored and announced: true when it
 * was a reply to a reminder and has been answered (the assistant then stays out of it).
 */
export function smsAppointmentReplies(
  deps: AppDependencies,
): (inbound: InboundResult, sms: { from: string; body: string }) => Promise<boolean> {
  const scheduling = { ...schedulingDependencies(deps), search: deps.search };
  return async (inbound, sms) => {
    if (inbound.duplicate || inbound.conversation.channel !== 'sms') return false;
    const word = appointmentReplyWord(sms.body);
    if (!word) return false;
    const fromNumber = sms.from;
    const organizationId = inbound.conversation.organizationId;
    try {
      const answered = await inTenant(deps.database, organizationId, (orm) =>
        actOnReply(orm, scheduling, inbound, word, fromNumber, new Date()),
      );
      if (!answered) return false;
      await deps.audit.record(
        {
          organizationId,
          actorType: 'patient',
          actorId: answered.patientId,
          actorRole: null,
          actorName: `text from ${answered.fromNumber}`,
        },
        answered.events,
      );
      await publishConversationChange(deps.events, answered.conversation, 'message');
      return true;
    } catch (error) {
      deps.logger.error(
        { err: error, conversationId: inbound.conversation.id },
        'a reply to a reminder could not be handled; it waits in the inbox',
      );
      return false;
    }
  };
}
