import type { Deflection, FrequentRequests } from '@patientdesk/contracts';
import { and, eq, gte, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { encryptedFields } from '../conversations/fields.ts';
import { conversationMessages, conversations } from '../conversations/schema.ts';
import { isFillerWord, queryWords } from '../knowledge/query-words.ts';
import { organizations } from '../organizations/schema.ts';
import { assistantAnswers } from './schema.ts';

/**
 * What the desk learns from the assistant and from triage: how many questions needed no person
 * (deflection), and per week what people ask for most and which questions no article answers yet,
 * so the team sees what to write or automate next.
 */

export async function deflection(orm: Orm, days: number, now = new Date()): Promise<Deflection> {
  const from = new Date(now.getTime() - days * 24 * 3600_000);
  const rows = await orm
    .select({
      conversationId: assistantAnswers.conversationId,
      outcome: assistantAnswers.outcome,
      reason: assistantAnswers.handoverReason,
      helpful: assistantAnswers.helpful,
    })
    .from(assistantAnswers)
    .where(gte(assistantAnswers.createdAt, from));
  const answered = rows.filter((r) => r.outcome === 'answered');
  const handedOver = rows.filter((r) => r.outcome === 'handed-over');
  const handedOverConversations = new Set(handedOver.map((r) => r.conversationId));
  const resolvedWithoutPerson = answered.filter((r) => !handedOverConversations.has(r.conversationId)).length;
  const because = (reason: string) => handedOver.filter((r) => r.reason === reason).length;
  const seen =
    answered.length + rows.filter((r) => r.outcome === 'unanswered').length + because('asked-for-person');
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    answered: answered.length,
    helpful: answered.filter((r) => r.helpful === true).length,
    notHelpful: answered.filter((r) => r.helpful === false).length,
    handedOver: handedOver.length,
    handedOverBecause: {
      askedForPerson: because('asked-for-person'),
      secondUnanswered: because('second-unanswered'),
      notHelpful: because('not-helpful'),
    },
    unanswered: rows.filter((r) => r.outcome === 'unanswered').length,
    resolvedWithoutPerson,
    deflectionRate: seen === 0 ? 0 : Math.round((resolvedWithoutPerson / seen) * 1000) / 1000,
  };
}

/** Words that say what a question is about, in order, for grouping questions worded alike. */
function topicOf(question: string): string {
  return [...new Set(queryWords(question).filter((w) => !isFillerWord(w) && w.length > 2))].sort().join(' ');
}

const questionsShown = 10;

/**
 * Per week (Monday to Sunday where the clinic is), the intents of inbound messages and the
 * questions the assistant could not answer. Reading those questions decrypts patients' words:
 * the caller records who read them (see routes.ts), and only supervisors may.
 */
export async function frequentRequests(
  orm: Orm,
  cipher: FieldCipher,
  organizationId: string,
  weeks: number,
  now = new Date(),
): Promise<FrequentRequests & { patientIds: string[] }> {
  const [organization] = await orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const zone = DateTime.fromJSDate(now, { zone: organization?.timeZone ?? 'UTC' }).isValid
    ? (organization?.timeZone ?? 'UTC')
    : 'UTC';
  const firstWeek = DateTime.fromJSDate(now, { zone })
    .startOf('week')
    .minus({ weeks: weeks - 1 });
  const weekOf = (at: Date) => DateTime.fromJSDate(at, { zone }).startOf('week').toISODate()!;
  const intent = sql<string>`coalesce(${conversationMessages.triage} -> 'corrected' ->> 'intent', ${conversationMessages.triage} ->> 'intent')`;
  const week = sql<string>`(date_trunc('week', ${conversationMessages.createdAt} at time zone ${zone}))::date::text`;
  const intentRows = await orm
    .select({ week, intent, count: sql<number>`count(*)::int` })
    .from(conversationMessages)
    .where(
      and(
        sql`${conversationMessages.triage} is not null`,
        gte(conversationMessages.createdAt, firstWeek.toJSDate()),
      ),
    )
    // By position: the time zone is a bound parameter, which PostgreSQL would not match up.
    .groupBy(sql`1`, sql`2`);
  const unanswered = await orm
    .select({
      at: assistantAnswers.createdAt,
      body: conversationMessages.bodyEncrypted,
      patientId: conversations.patientId,
    })
    .from(assistantAnswers)
    .innerJoin(conversationMessages, eq(conversationMessages.id, assistantAnswers.questionMessageId))
    .innerJoin(conversations, eq(conversations.id, assistantAnswers.conversationId))
    .where(
      and(
        gte(assistantAnswers.createdAt, firstWeek.toJSDate()),
        or(
          eq(assistantAnswers.outcome, 'unanswered'),
          eq(assistantAnswers.handoverReason, 'second-unanswered'),
        ),
      ),
    );
  const result: FrequentRequests['weeks'] = [];
  for (let w = 0; w < weeks; w++) {
    const start = firstWeek.plus({ weeks: w }).toISODate()!;
    const groups = new Map<string, { question: string; count: number }>();
    for (const row of unanswered.filter((r) => weekOf(r.at) === start)) {
      const question = cipher.decrypt(encryptedFields.body, row.body).trim().slice(0, 200);
      const key = topicOf(question) || question.toLowerCase();
      const group = groups.get(key);
      if (group) {
        group.count++;
        if (question.length < group.question.length) group.question = question;
      } else groups.set(key, { question, count: 1 });
    }
    result.push({
      weekOf: start,
      intents: intentRows
        .filter((r) => r.week === start && r.intent)
        .map((r) => ({ intent: r.intent, count: r.count }))
        .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)),
      unanswered: [...groups.values()]
        .sort((a, b) => b.count - a.count || a.question.localeCompare(b.question))
        .slice(0, questionsShown),
    });
  }
  return {
    weeks: result.reverse(),
    patientIds: [...new Set(unanswered.flatMap((r) => (r.patientId ? [r.patientId] : [])))],
  };
}
