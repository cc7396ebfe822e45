import { and, desc, eq, gt, ne, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import type { ChannelSender } from '../channels/outbound.ts';
import { organizations } from '../organizations/schema.ts';
import { chooseAgent, chooseTeam } from '../routing/assignment.ts';
import { responseDueAt } from '../routing/sla-policy.ts';
import type { DistressKind } from '../triage/distress.ts';
import type { TriageEngine, TriageResult } from '../triage/triage-engine.ts';
import { type ContactLookup, type ContactRow, resolveContact } from './contacts.ts';
import { type EmergencyResponse, respondToEmergency } from './emergency-response.ts';
import { encryptedFields } from './fields.ts';
import { escalatedPriority, newDistress, triageInbound } from './inbound-triage.ts';
import type { MessageSearch } from './message-search.ts';
import {
  type ConversationChannel,
  conversationMessages,
  conversations,
  type MessageAuthorKind,
} from './schema.ts';
import { addToTimeline } from './timeline.ts';

/**
 * The path of a message in: deduplicate (the provider's message id is the key), resolve the
 * contact, thread it into their conversation on the channel (reopening a recently resolved one,
 * or starting a new one, routed to a team and maybe an agent), store it encrypted, and start the
 * SLA clock when the contact was not already waiting. Everything happens in the caller's
 * transaction, so a process killed half way stores nothing and the provider's retry starts over.
 */

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof conversationMessages.$inferSelect;

export interface InboundMessage {
  contact: ContactLookup;
  body: string;
  subject?: string | null;
  /** `twilio`, `email`, `widget`, `portal`: with the id, the idempotency key. */
  provider: string;
  providerMessageId: string;
  channelMetadata?: Record<string, unknown>;
  /** Who wrote it: the contact, or the system (an automatic reply from the clinic's side). */
  authorKind?: Extract<MessageAuthorKind, 'contact'>;
  /** For the portal: the patient the conversation is about, known from the signed-in account. */
  patientId?: string | null;
  /** The portal and a signed-in widget: the person is authenticated, so their identity is verified. */
  authenticated?: boolean;
  /** The conversation this message answers, when the channel says so (an email's In-Reply-To). */
  repliesToConversationId?: string | null;
}

export interface InboxCrypto {
  cipher: FieldCipher;
  search: MessageSearch;
  /** To send a safety reply by SMS or email and page the on-call phone (web and portal need none). */
  channels?: ChannelSender;
  publicUrl?: string;
  /** The triage engine (default: the configured model). */
  triageEngine?: TriageEngine;
}

export type InboundResult =
  | { duplicate: true; conversation: ConversationRow; message: MessageRow }
  | {
      duplicate: false;
      conversation: ConversationRow;
      message: MessageRow;
      contact: ContactRow;
      /** A conversation was started, or a resolved one reopened, for this message. */
      started: 'new' | 'reopened' | null;
      triage: TriageResult;
      /** What was done because triage found an emergency (null otherwise). */
      emergency: EmergencyResponse | null;
      /** Kinds of distress this message added to the conversation. */
      distress: DistressKind[];
    };

async function findByProviderId(
  orm: Orm,
  organizationId: string,
  provider: string,
  providerMessageId: string,
) {
  const [row] = await orm
    .select({ message: conversationMessages, conversation: conversations })
    .from(conversationMessages)
    .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
    .where(
      and(
        eq(conversationMessages.organizationId, organizationId),
        eq(conversationMessages.provider, provider),
        eq(conversationMessages.providerMessageId, providerMessageId),
      ),
    )
    .limit(1);
  return row;
}

async function conversationInProgress(orm: Orm, contactId: string, channel: ConversationChannel) {
  const [row] = await orm
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.contactId, contactId),
        eq(conversations.channel, channel),
        ne(conversations.status, 'resolved'),
      ),
    )
    .limit(1);
  return row;
}

/** The contact's open conversation on the channel, a recently resolved one reopened, or a new one. */
async function threadFor(
  orm: Orm,
  crypto: InboxCrypto,
  contact: ContactRow,
  message: InboundMessage,
  now: Date,
  newContact: boolean,
  triage: TriageResult,
): Promise<{ conversation: ConversationRow; started: 'new' | 'reopened' | null }> {
  const { channel, organizationId } = message.contact;
  // Someone writing for the first time has no conversation to join: start one at once.
  if (newContact) return startConversation(orm, crypto, contact, message, now, triage);
  // A contact's reply to one of our messages goes back to that message's conversation. Only
  // their own: someone they copied in is another contact, whose words must not sit in (and be
  // read as) a conversation whose identity was verified for someone else.
  const [answered] = message.repliesToConversationId
    ? await orm
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.id, message.repliesToConversationId),
            eq(conversations.contactId, contact.id),
            eq(conversations.channel, channel),
          ),
        )
    : [];
  if (answered && answered.status !== 'resolved') return { conversation: answered, started: null };
  // In one query: the conversation in progress; else the resolved one this message answers, or
  // the latest resolved one, if resolved within the organisation's reopen window.
  const reopenAfter = sql`${now.toISOString()}::timestamptz - make_interval(hours => (select ${organizations.conversationReopenHours} from ${organizations} where ${organizations.id} = ${organizationId}))`;
  const [candidate] = await orm
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.contactId, contact.id),
        eq(conversations.channel, channel),
        or(ne(conversations.status, 'resolved'), gt(conversations.resolvedAt, reopenAfter)),
      ),
    )
    .orderBy(
      sql`${conversations.status} <> 'resolved' desc`,
      sql`${conversations.id} = ${answered?.id ?? null} desc nulls last`,
      desc(conversations.resolvedAt),
    )
    .limit(1);
  if (candidate && candidate.status !== 'resolved') return { conversation: candidate, started: null };
  const recent = candidate;
  if (recent) {
    const [reopened] = await orm
      .update(conversations)
      .set({ status: 'open', resolvedAt: null, updatedAt: now })
      .where(eq(conversations.id, recent.id))
      .returning();
    await addToTimeline(orm, {
      organizationId,
      conversationId: recent.id,
      kind: 'reopened',
      details: { reason: 'the contact wrote again' },
    });
    return { conversation: reopened!, started: 'reopened' };
  }
  return startConversation(orm, crypto, contact, message, now, triage);
}

async function startConversation(
  orm: Orm,
  crypto: InboxCrypto,
  contact: ContactRow,
  message: InboundMessage,
  now: Date,
  triage: TriageResult,
): Promise<{ conversation: ConversationRow; started: 'new' | 'reopened' | null }> {
  const { channel, organizationId } = message.contact;
  // Routed by what the first message asks: a refill to the nurse line, a bill to billing.
  const team = await chooseTeam(orm, { channel, intent: triage.intent });
  const assigneeId = team?.autoAssign ? await chooseAgent(orm, team.id, contact.language) : null;
  const [created] = await orm
    .insert(conversations)
    .values({
      organizationId,
      contactId: contact.id,
      channel,
      subjectEncrypted: message.subject
        ? crypto.cipher.encrypt(encryptedFields.subject, message.subject)
        : null,
      teamId: team?.id ?? null,
      assigneeId,
      patientId: message.patientId ?? contact.patientId ?? null,
      language: contact.language,
      priority: escalatedPriority('normal', triage.urgency) ?? 'normal',
      intent: triage.intent,
      lastMessageAt: now,
      searchKeyId: crypto.search.keyId,
      searchTerms: message.subject ? crypto.search.termsOf(message.subject) : [],
    })
    .onConflictDoNothing({
      target: [conversations.contactId, conversations.channel],
      where: sql`status <> 'resolved'`,
    })
    .returning();
  if (!created) {
    // Another message from the same contact started it a moment ago.
    const raced = await conversationInProgress(orm, contact.id, channel);
    if (!raced) throw new Error('A conversation vanished while it was being started.');
    return { conversation: raced, started: null };
  }
  await addToTimeline(
    orm,
    {
      organizationId,
      conversationId: created.id,
      kind: 'created',
      details: { channel, team: team?.name ?? null },
    },
    ...(assigneeId
      ? [
          {
            organizationId,
            conversationId: created.id,
            kind: 'assigned' as const,
            details: { assigneeId, by: 'auto-assignment' },
          },
        ]
      : []),
  );
  return { conversation: created, started: 'new' };
}

/** Stores one inbound message (once, however often the provider delivers it). */
export async function receiveInbound(
  orm: Orm,
  crypto: InboxCrypto,
  message: InboundMessage,
  now = new Date(),
): Promise<InboundResult> {
  const { organizationId } = message.contact;
  const seen = await findByProviderId(orm, organizationId, message.provider, message.providerMessageId);
  if (seen) return { duplicate: true, ...seen };

  const triage = triageInbound(
    crypto.cipher,
    message.subject ? `${message.subject}\n${message.body}` : message.body,
    crypto.triageEngine,
  );
  const { contact, created } = await resolveContact(orm, message.contact);
  const { conversation, started } = await threadFor(
    orm,
    crypto,
    contact,
    message,
    now,
    created,
    triage.result,
  );

  const [stored] = await orm
    .insert(conversationMessages)
    .values({
      organizationId,
      conversationId: conversation.id,
      kind: 'message',
      direction: 'inbound',
      authorKind: 'contact',
      bodyEncrypted: crypto.cipher.encrypt(encryptedFields.body, message.body),
      provider: message.provider,
      providerMessageId: message.providerMessageId,
      deliveryStatus: 'received',
      channelMetadata: message.channelMetadata ?? {},
      triage: triage.stored,
      triageReasonsEncrypted: triage.reasonsEncrypted,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!stored) {
    // The same delivery arrived twice at the same moment; the other one stored it.
    const raced = await findByProviderId(orm, organizationId, message.provider, message.providerMessageId);
    if (!raced) throw new Error('A message vanished while it was being stored.');
    return { duplicate: true, ...raced };
  }

  const startsWaiting = conversation.waitingSince === null;
  const wokeUp = conversation.status === 'pending' || conversation.status === 'snoozed';
  const escalated = escalatedPriority(conversation.priority, triage.result.urgency);
  const priority = escalated ?? conversation.priority;
  const kind = conversation.firstResponseAt ? 'next' : 'first';
  const dueAt = startsWaiting
    ? await responseDueAt(orm, { priority, channel: conversation.channel }, kind, now)
    : escalated
      ? await responseDueAt(
          orm,
          { priority, channel: conversation.channel },
          kind,
          conversation.waitingSince ?? now,
        )
      : conversation.responseDueAt;
  const distress = await newDistress(orm, conversation, message.body, now);
  const updated = await appendToConversation(orm, crypto, conversation, message.body, {
    lastMessageAt: now,
    updatedAt: now,
    ...(startsWaiting
      ? { waitingSince: now, responseDueAt: dueAt, slaWarnedAt: null, slaBreachedAt: null }
      : {}),
    // A shorter target after an escalation is watched afresh (the earlier marks stay in the timeline).
    ...(escalated && !startsWaiting
      ? { priority, responseDueAt: dueAt, slaWarnedAt: null, slaBreachedAt: null }
      : {}),
    ...(escalated && startsWaiting ? { priority } : {}),
    ...(conversation.intent ? {} : { intent: triage.result.intent }),
    ...(distress.length > 0 ? { distress: [...conversation.distress, ...distress], distressAt: now } : {}),
    ...(wokeUp ? { status: 'open' as const, snoozedUntil: null } : {}),
  });
  const currentRules = triage.result.flags.filter((f) => f.status === 'current').map((f) => f.rule);
  await addToTimeline(
    orm,
    ...(triage.result.urgency !== 'routine'
      ? [
          {
            organizationId,
            conversationId: conversation.id,
            kind: 'triaged' as const,
            details: {
              messageId: stored.id,
              urgency: triage.result.urgency,
              intent: triage.result.intent,
              rules: currentRules,
            },
          },
        ]
      : []),
    ...(escalated
      ? [
          {
            organizationId,
            conversationId: conversation.id,
            kind: 'priority-changed' as const,
            details: { from: conversation.priority, to: escalated, by: 'triage' },
          },
        ]
      : []),
    ...(distress.length > 0
      ? [
          {
            organizationId,
            conversationId: conversation.id,
            kind: 'distress' as const,
            details: { kinds: distress },
          },
        ]
      : []),
  );
  if (wokeUp)
    await addToTimeline(orm, {
      organizationId,
      conversationId: conversation.id,
      kind: 'status-changed',
      details: { from: conversation.status, to: 'open', reason: 'the contact wrote' },
    });
  const emergency =
    triage.result.urgency === 'emergency'
      ? await respondToEmergency(orm, crypto, updated, triage.result, now)
      : null;
  return {
    duplicate: false,
    conversation: updated,
    message: stored,
    contact,
    started,
    triage: triage.result,
    emergency,
    distress,
  };
}

/**
 * Counts a new message into its conversation and adds its words to the search terms (remaking
 * them all when they were made with an older key).
 */
export async function appendToConversation(
  orm: Orm,
  crypto: InboxCrypto,
  conversation: ConversationRow,
  body: string,
  changes: Partial<typeof conversations.$inferInsert>,
): Promise<ConversationRow> {
  let terms: string[];
  if (conversation.searchKeyId === crypto.search.keyId) {
    terms = [...new Set([...conversation.searchTerms, ...crypto.search.termsOf(body)])];
  } else {
    const history = await orm
      .select({ body: conversationMessages.bodyEncrypted })
      .from(conversationMessages)
      .where(
        and(
          eq(conversationMessages.conversationId, conversation.id),
          eq(conversationMessages.kind, 'message'),
        ),
      );
    const subject = conversation.subjectEncrypted
      ? crypto.cipher.decrypt(encryptedFields.subject, conversation.subjectEncrypted)
      : '';
    const words = [
      subject,
      ...history.map((row) => crypto.cipher.decrypt(encryptedFields.body, row.body)),
      body,
    ];
    terms = crypto.search.termsOf(words.join('\n'));
  }
  const [updated] = await orm
    .update(conversations)
    .set({
      ...changes,
      messagesCount: sql`${conversations.messagesCount} + 1`,
      searchKeyId: crypto.search.keyId,
      searchTerms: terms,
    })
    .where(eq(conversations.id, conversation.id))
    .returning();
  return updated!;
}
