import type { Orm } from '../../../db/connection.ts';
import { noticeEmail, noticeSms } from './notice-texts.ts';
import type { NoticeChannel, Reach } from './patient-reach.ts';
import type { Outcome, ReminderDispatchDependencies } from './reminder-dispatch.ts';
import {
  type ClinicAddresses,
  type NoticeContent,
  noticeMessage,
  refusal,
  sendNotice,
} from './send-notice.ts';
import type { VisitWords } from './visit-words.ts';

/** Sending a batch of reminders that may go, and what became of each. */

export interface Attempt {
  reminderId: string;
  sendAt: Date;
  ways: Reach[];
  compose: (channel: NoticeChannel) => NoticeContent;
}

/** The first way for every reminder at once (one statement into the outbox); the next way for any refused. */
export async function sendReminders(
  orm: Orm,
  deps: ReminderDispatchDependencies,
  input: { organizationId: string; from: ClinicAddresses; attempts: Attempt[] },
): Promise<Outcome[]> {
  const notice = { organizationId: input.organizationId, from: input.from, purpose: 'appointment-reminder' };
  const results = await deps.channels.sendSystemMessages(
    orm,
    input.attempts.map((attempt) =>
      noticeMessage(notice, attempt.ways[0]!, attempt.compose(attempt.ways[0]!.channel)),
    ),
  );
  const outcomes: Outcome[] = [];
  for (const [index, attempt] of input.attempts.entries()) {
    const result = results[index]!;
    const sent = (channel: NoticeChannel): Outcome => ({
      id: attempt.reminderId,
      status: 'sent',
      channel,
      reason: null,
      sendAt: attempt.sendAt,
    });
    if (!('error' in result)) {
      outcomes.push(sent(attempt.ways[0]!.channel));
      continue;
    }
    const first = refusal(attempt.ways[0]!, result.error);
    const next =
      attempt.ways.length > 1
        ? await sendNotice(orm, deps.channels, {
            ...notice,
            ways: attempt.ways.slice(1),
            compose: attempt.compose,
          })
        : { failed: first };
    outcomes.push(
      'sent' in next
        ? sent(next.sent.channel)
        : {
            id: attempt.reminderId,
            status: 'skipped',
            channel: null,
            reason: attempt.ways.length > 1 ? `${first}; ${next.failed}` : first,
            sendAt: attempt.sendAt,
          },
    );
  }
  return outcomes;
}

/** A reminder's text for each channel. */
export function reminderContent(visit: VisitWords): (channel: NoticeChannel) => NoticeContent {
  return (channel) =>
    channel === 'sms' ? { body: noticeSms('reminder', visit) } : noticeEmail('reminder', visit);
}
