import type { MessageTriage } from '@patientdesk/contracts';
import { and, count, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { Priority } from '../routing/queue-order.ts';
import { type DistressKind, readDistress } from '../triage/distress.ts';
import { configuredTriageEngine } from '../triage/model-file.ts';
import { triageEncryptedFields } from '../triage/schema.ts';
import { type StoredTriage, storedTriageOf } from '../triage/stored-triage.ts';
import type { TriageEngine, TriageReason, TriageResult } from '../triage/triage-engine.ts';
import type { ConversationRow, MessageRow } from './inbound.ts';
import { conversationMessages } from './schema.ts';

/**
 * Triage in the path of an inbound message: every message a contact writes is read for urgency,
 * intent and distress before it is threaded, so a new conversation is routed by what it asks
 * and an emergency is never left in an ordinary queue. Priority only ever goes up here: an agent
 * or a clinician lowers it, with their name on it.
 */

export interface InboundTriage {
  result: TriageResult;
  stored: StoredTriage;
  reasonsEncrypted: string;
}

export function triageInbound(
  cipher: FieldCipher,
  text: string,
  engine: TriageEngine = configuredTriageEngine(),
): InboundTriage {
  const result = engine.triage({ text });
  return {
    result,
    stored: storedTriageOf(result, engine.model.trainedAt),
    reasonsEncrypted: cipher.encrypt(triageEncryptedFields.reasons, JSON.stringify(result.reasons)),
  };
}

const priorityOrder: Priority[] = ['emergency', 'urgent', 'high', 'normal', 'low'];

/** The priority an urgency calls for, when it is higher than the conversation's; else null. */
export function escalatedPriority(current: Priority, urgency: TriageResult['urgency']): Priority | null {
  const wanted: Priority | null =
    urgency === 'emergency' ? 'emergency' : urgency === 'urgent' ? 'urgent' : null;
  if (!wanted) return null;
  return priorityOrder.indexOf(wanted) < priorityOrder.indexOf(current) ? wanted : null;
}

/** Writing a third time in 30 minutes with no answer in between is a sign of distress too. */
const repeatedWindowMinutes = 30;
const repeatedCount = 3;

async function writesAgainUnanswered(orm: Orm, conversation: ConversationRow, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - repeatedWindowMinutes * 60_000);
  const [lastAnswer] = await orm
    .select({ at: conversationMessages.createdAt })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversation.id),
        eq(conversationMessages.kind, 'message'),
        inArray(conversationMessages.authorKind, ['agent']),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  const from = lastAnswer && lastAnswer.at > since ? lastAnswer.at : since;
  const [row] = await orm
    .select({ n: count() })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversation.id),
        eq(conversationMessages.authorKind, 'contact'),
        gt(conversationMessages.createdAt, from),
      ),
    );
  return (row?.n ?? 0) >= repeatedCount;
}

/** Distress kinds this message shows that the conversation was not already marked with. */
export async function newDistress(
  orm: Orm,
  conversation: ConversationRow,
  body: string,
  now: Date,
): Promise<DistressKind[]> {
  const kinds = new Set<DistressKind>(readDistress(body).kinds);
  if (await writesAgainUnanswered(orm, conversation, now)) kinds.add('repeated');
  return [...kinds].filter((kind) => !conversation.distress.includes(kind));
}

/** A message's triage as the desk shows it: the reasons decrypted, a correction on top. */
export function messageTriageOf(message: MessageRow, cipher: FieldCipher): MessageTriage | null {
  if (!message.triage) return null;
  const reasons = message.triageReasonsEncrypted
    ? (JSON.parse(
        cipher.decrypt(triageEncryptedFields.reasons, message.triageReasonsEncrypted),
      ) as TriageReason[])
    : [];
  return {
    urgency: message.triage.urgency,
    intent: message.triage.intent,
    language: message.triage.language,
    reasons,
    corrected: message.triage.corrected ?? null,
  };
}
