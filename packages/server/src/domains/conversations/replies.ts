import type { AgentReply, ConversationMessage } from '@patientdesk/contracts';
import { agentReplySchema } from '@patientdesk/contracts';
import { and, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { ContactOptedOut, Forbidden, Invalid, NotFound, PhiOnInsecureChannel } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import type { ChannelSender } from '../channels/outbound.ts';
import { tellAwayVisitorAnAnswerWaits } from '../channels/web-chat/later-notice.ts';
import { organizations } from '../organizations/schema.ts';
import { deliverOverChannel } from './channel-delivery.ts';
import { encryptedFields } from './fields.ts';
import { appendToConversation, type ConversationRow, type InboxCrypto, type MessageRow } from './inbound.ts';
import { resolveMentions } from './mentions.ts';
import { conversationMessagesOf } from './queries.ts';
import { attachToMessage, checkReplyAttachments } from './reply-attachments.ts';
import { phiCheckBeforeSending } from './reply-check.ts';
import { contactAddresses, conversationMessages, conversations } from './schema.ts';
import { addToTimeline } from './timeline.ts';

/**
 * An agent answers: an internal note (staff only, with @mentions), or a message to the contact
 * over the conversation's channel. Before anything leaves over SMS or plain email, an opted-out
 * number is refused and a reply carrying PHI is held with the reasons, so the agent can send it
 * securely instead: the text stays in the portal and the contact gets only "You have a new
 * secure message", which needs a linked patient whose identity was verified.
 */

export interface ReplyDependencies extends InboxCrypto {
  channels: ChannelSender;
  publicUrl: string;
}

export interface ReplyResult {
  conversation: ConversationRow;
  message: ConversationMessage;
  mentions: string[];
}

export async function loadConversation(orm: Orm, conversationId: string): Promise<ConversationRow> {
  const [conversation] = await orm.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conversation) throw new NotFound('There is no such conversation in this organisation.');
  return conversation;
}

/** The audit event of a conversation's content being read or written (PHI when a patient is linked). */
export function conversationAuditEvent(
  conversation: ConversationRow,
  action: string,
  details: Record<string, unknown> = {},
) {
  return {
    action,
    resourceType: 'conversation',
    resourceId: conversation.id,
    patientIds: conversation.patientId ? [conversation.patientId] : [],
    outcome: 'allowed' as const,
    details: { channel: conversation.channel, ...details },
  };
}

async function describeStored(
  orm: Orm,
  cipher: FieldCipher,
  message: MessageRow,
): Promise<ConversationMessage> {
  const all = await conversationMessagesOf(orm, cipher, message.conversationId, { includeNotes: true });
  return all.find((item) => item.id === message.id)!;
}

export async function sendAgentReply(
  scope: ActorScope,
  deps: ReplyDependencies,
  conversationId: string,
  input: AgentReply,
): Promise<ReplyResult> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff answer in the inbox.');
  const reply = agentReplySchema.parse(input);
  await scope.authorize(reply.kind === 'note' ? 'conversation.note' : 'conversation.reply');
  const conversation = await loadConversation(orm, conversationId);
  const attachmentIds = await checkReplyAttachments(orm, conversation, actor.staffMemberId, reply);
  const now = new Date();

  if (reply.kind === 'note') {
    const mentions = await resolveMentions(orm, reply.body);
    const [note] = await orm
      .insert(conversationMessages)
      .values({
        organizationId: conversation.organizationId,
        conversationId,
        kind: 'note',
        authorKind: 'agent',
        authorStaffId: actor.staffMemberId,
        bodyEncrypted: deps.cipher.encrypt(encryptedFields.body, reply.body),
        mentions,
        createdAt: now,
      })
      .returning();
    scope.record(conversationAuditEvent(conversation, 'conversation.note', { messageId: note!.id }));
    await attachToMessage(orm, attachmentIds, note!.id);
    return { conversation, message: await describeStored(orm, deps.cipher, note!), mentions };
  }

  if (conversation.status === 'resolved')
    throw new Invalid(
      'This conversation is resolved. Reopen it to answer, or wait for the contact to write.',
    );
  const insecure = conversation.channel === 'sms' || conversation.channel === 'email';
  const [address] = insecure
    ? await orm
        .select()
        .from(contactAddresses)
        .where(
          and(
            eq(contactAddresses.contactId, conversation.contactId),
            eq(contactAddresses.channel, conversation.channel),
          ),
        )
    : [];
  if (insecure && !address) throw new Invalid('This contact has no address on this channel to answer to.');
  if (conversation.channel === 'sms' && address?.optedOutAt)
    throw new ContactOptedOut(
      'This number texted STOP: nothing can be sent to it by SMS until the contact texts START. Answer by another channel.',
    );

  if (insecure && !reply.deliverSecurely) {
    const check = await phiCheckBeforeSending(orm, conversation, reply.body);
    if (check.containsPhi)
      throw new PhiOnInsecureChannel(
        `This reply looks like it contains health information, which must not go by ${conversation.channel === 'sms' ? 'SMS' : 'plain email'}. Send it as a secure message (the patient reads it in the portal), or rephrase it.`,
        check.findings.map((finding) => ({
          field: 'body',
          message: `${finding.rule}: "${finding.matched}"`,
        })),
      );
  }
  if (reply.deliverSecurely) {
    if (!insecure)
      throw new Invalid('Web chat and portal messages are already secure; send the reply as it is.');
    if (!conversation.patientId || !conversation.identityVerificationId)
      throw new Invalid(
        'A secure message is read in the patient portal, so the conversation needs a linked patient whose identity you verified. Verify the contact first.',
      );
  }

  const [organization] = await orm
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, conversation.organizationId));
  const [stored] = await orm
    .insert(conversationMessages)
    .values({
      organizationId: conversation.organizationId,
      conversationId,
      kind: 'message',
      direction: 'outbound',
      authorKind: 'agent',
      authorStaffId: actor.staffMemberId,
      bodyEncrypted: deps.cipher.encrypt(encryptedFields.body, reply.body),
      deliveryStatus: insecure ? 'queued' : 'delivered',
      channelMetadata: reply.deliverSecurely ? { deliveredSecurely: true } : {},
      createdAt: now,
    })
    .returning();
  let message = stored!;
  await attachToMessage(orm, attachmentIds, message.id);

  if (insecure && address) {
    const clinic = organization?.name ?? 'your clinic';
    const secureNotice = `You have a new secure message from ${clinic}. Read it at ${deps.publicUrl}/portal`;
    message = await deliverOverChannel(orm, deps, conversation, message, address.address, {
      text: reply.deliverSecurely ? secureNotice : reply.body,
      subject: reply.deliverSecurely ? `A secure message from ${clinic}` : undefined,
      clinicName: clinic,
    });
  }

  if (conversation.channel === 'web') {
    // The visitor may have closed the page: tell them (without the text) that an answer waits.
    const outcome = await tellAwayVisitorAnAnswerWaits(
      orm,
      {
        channels: deps.channels,
        publicUrl: deps.publicUrl,
        organizationName: organization?.name ?? 'Your clinic',
      },
      conversation,
      now,
    ).catch(() => 'failed' as const);
    if (outcome === 'sent-email' || outcome === 'sent-sms') {
      const [updated] = await orm
        .update(conversationMessages)
        .set({
          channelMetadata: { ...message.channelMetadata, visitorToldBy: outcome.slice('sent-'.length) },
        })
        .where(eq(conversationMessages.id, message.id))
        .returning();
      message = updated!;
    }
  }

  const takesIt = conversation.assigneeId === null;
  const updatedConversation = await appendToConversation(orm, deps, conversation, reply.body, {
    lastMessageAt: now,
    updatedAt: now,
    firstResponseAt: conversation.firstResponseAt ?? now,
    waitingSince: null,
    responseDueAt: null,
    slaWarnedAt: null,
    ...(takesIt ? { assigneeId: actor.staffMemberId } : {}),
  });
  if (takesIt)
    await addToTimeline(orm, {
      organizationId: conversation.organizationId,
      conversationId,
      kind: 'assigned',
      actorStaffId: actor.staffMemberId,
      details: { assigneeId: actor.staffMemberId, by: 'reply' },
    });
  scope.record(
    conversationAuditEvent(conversation, 'conversation.reply', {
      messageId: message.id,
      deliveredSecurely: reply.deliverSecurely,
    }),
  );
  return {
    conversation: updatedConversation,
    message: await describeStored(orm, deps.cipher, message),
    mentions: [],
  };
}
