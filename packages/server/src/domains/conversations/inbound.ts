import { and, desc, eq, gt, ne, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { organizations } from '../organizations/schema.ts';
import { chooseAgent, chooseTeam } from '../routing/assignment.ts';
import { responseDueAt } from '../routing/sla-policy.ts';
import { type ContactLookup, type ContactRow, resolveContact } from './contacts.ts';
import { encryptedFields } from './fields.ts';
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
): Promise<{ conversation: ConversationRow; started: 'new' | 'reopened' | null }> {
  const { channel, organizationId } = message.contact;
  // Someone writing for the first time has no conversation to join: start one at once.
  if (newContact) return startConversation(orm, crypto, contact, message, now);
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
  return startConversation(orm, crypto, contact, message, now);
}

async function startConversation(
  orm: Orm,
  crypto: InboxCrypto,
  contact: ContactRow,
  message: InboundMessage,
  now: Date,
): Promise<{ conversation: ConversationRow; started: 'new' | 'reopened' | null }> {
  const { channel, organizationId } = message.contact;
  const team = await chooseTeam(orm, { channel, intent: null });
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

  const { contact, created } = await resolveContact(orm, message.contact);
  const { conversation, started } = await threadFor(orm, crypto, contact, message, now, created);

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
  const dueAt = startsWaiting
    ? await responseDueAt(orm, conversation, conversation.firstResponseAt ? 'next' : 'first', now)
    : conversation.responseDueAt;
  const updated = await appendToConversation(orm, crypto, conversation, message.body, {
    lastMessageAt: now,
    updatedAt: now,
    ...(startsWaiting
      ? { waitingSince: now, responseDueAt: dueAt, slaWarnedAt: null, slaBreachedAt: null }
      : {}),
    ...(wokeUp ? { status: 'open' as const, snoozedUntil: null } : {}),
  });
  if (wokeUp)
    await addToTimeline(orm, {
      organizationId,
      conversationId: conversation.id,
      kind: 'status-changed',
      details: { from: conversation.status, to: 'open', reason: 'the contact wrote' },
    });
  return { duplicate: false, conversation: updated, message: stored, contact, started };
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
