import type { MessageTriage, TriageCorrection } from '@patientdesk/contracts';
import { triageCorrectionSchema } from '@patientdesk/contracts';
import { and, eq } from 'drizzle-orm';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { Priority } from '../routing/queue-order.ts';
import { responseDueAt } from '../routing/sla-policy.ts';
import { recordCorrection } from '../triage/corrections.ts';
import { encryptedFields } from './fields.ts';
import type { ConversationRow, InboxCrypto } from './inbound.ts';
import { messageTriageOf } from './inbound-triage.ts';
import { conversationAuditEvent, loadConversation } from './replies.ts';
import { conversationMessages, conversations } from './schema.ts';
import { addToTimeline } from './timeline.ts';

/**
 * A clinician corrects a message's triage in one click: the correction is what counts from then
 * on (the conversation's priority and intent follow it), it is kept as a labelled example for
 * retraining, and the timeline says who changed what. Lowering an emergency is a clinical
 * judgement, so only clinicians and supervisors hold `triage.correct`.
 */

const priorityFor: Record<TriageCorrection['urgency'], Priority> = {
  emergency: 'emergency',
  urgent: 'urgent',
  routine: 'normal',
};

export async function correctTriage(
  scope: ActorScope,
  deps: InboxCrypto,
  conversationId: string,
  messageId: string,
  input: TriageCorrection,
): Promise<{ conversation: ConversationRow; triage: MessageTriage }> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff correct a triage.');
  const correction = triageCorrectionSchema.parse(input);
  await scope.authorize('triage.correct');
  const conversation = await loadConversation(orm, conversationId);
  const [message] = await orm
    .select()
    .from(conversationMessages)
    .where(
      and(eq(conversationMessages.id, messageId), eq(conversationMessages.conversationId, conversationId)),
    );
  if (!message) throw new NotFound('There is no such message in this conversation.');
  if (!message.triage) throw new Invalid('Only a message a contact wrote has a triage to correct.');
  const now = new Date();
  const before = message.triage.corrected ?? message.triage;

  const [updatedMessage] = await orm
    .update(conversationMessages)
    .set({
      triage: {
        ...message.triage,
        corrected: { ...correction, by: actor.displayName, at: now.toISOString() },
      },
    })
    .where(eq(conversationMessages.id, messageId))
    .returning();
  await recordCorrection(orm, deps.cipher, {
    organizationId: conversation.organizationId,
    messageId,
    conversationId,
    text: deps.cipher.decrypt(encryptedFields.body, message.bodyEncrypted),
    language: message.triage.language,
    triaged: { urgency: message.triage.urgency, intent: message.triage.intent },
    corrected: correction,
    correctedBy: actor.staffMemberId,
    at: now,
  });

  const priority = priorityFor[correction.urgency];
  const changes: Partial<typeof conversations.$inferInsert> = { intent: correction.intent, updatedAt: now };
  if (priority !== conversation.priority) {
    changes.priority = priority;
    if (conversation.waitingSince) {
      const due = await responseDueAt(
        orm,
        { priority, channel: conversation.channel },
        conversation.firstResponseAt ? 'next' : 'first',
        conversation.waitingSince,
      );
      changes.responseDueAt = due;
      if (due && due > now) {
        changes.slaWarnedAt = null;
        changes.slaBreachedAt = null;
      }
    }
  }
  const [updated] = await orm
    .update(conversations)
    .set(changes)
    .where(eq(conversations.id, conversationId))
    .returning();
  await addToTimeline(orm, {
    organizationId: conversation.organizationId,
    conversationId,
    kind: 'triage-corrected',
    actorStaffId: actor.staffMemberId,
    details: {
      messageId,
      from: { urgency: before.urgency, intent: before.intent },
      to: correction,
      ...(changes.priority ? { priority: { from: conversation.priority, to: changes.priority } } : {}),
    },
  });
  scope.record(
    conversationAuditEvent(conversation, 'conversation.triage.correct', { messageId, ...correction }),
  );
  return { conversation: updated!, triage: messageTriageOf(updatedMessage!, deps.cipher)! };
}
