import type {
  ConversationListQuery,
  ConversationMessage,
  ConversationSummary,
  conversationEventSchema,
} from '@patientdesk/contracts';
import { conversationListQuerySchema } from '@patientdesk/contracts';
import { and, arrayContains, asc, desc, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import type { FieldCipher } from '../../security/field-encryption.ts';
import { teams } from '../organizations/schema.ts';
import { identityVerifications } from '../patients/schema.ts';
import { staffMembers, staffTeamMemberships } from '../staff/schema.ts';
import { deEscalationTip } from '../triage/distress.ts';
import { encryptedFields } from './fields.ts';
import { messageTriageOf } from './inbound-triage.ts';
import type { MessageSearch } from './message-search.ts';
import {
  contactAddresses,
  contacts,
  conversationEvents,
  conversationMessages,
  conversations,
  messageAttachments,
} from './schema.ts';

/** Reading the inbox: lists with views, filters and search; a conversation's messages and timeline. */

const assignees = alias(staffMembers, 'assignees');

const summaryColumns = {
  conversation: conversations,
  contact: contacts,
  address: contactAddresses.address,
  optedOutAt: contactAddresses.optedOutAt,
  teamName: teams.name,
  assigneeName: assignees.displayName,
  verifiedUntil: identityVerifications.expiresAt,
  verifiedPatientId: identityVerifications.patientId,
  // The latest message (never a note), for the queue's one-line preview.
  lastMessageEncrypted: sql<
    string | null
  >`(select m.body_encrypted from conversation_messages m where m.conversation_id = ${conversations.id} and m.kind = 'message' order by m.created_at desc, m.id desc limit 1)`,
};

type SummaryRow = {
  conversation: typeof conversations.$inferSelect;
  contact: typeof contacts.$inferSelect;
  address: string | null;
  optedOutAt: Date | null;
  teamName: string | null;
  assigneeName: string | null;
  verifiedUntil: Date | null;
  verifiedPatientId: string | null;
  lastMessageEncrypted: string | null;
};

function summaryQuery(orm: Orm) {
  return orm
    .select(summaryColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(
      contactAddresses,
      and(eq(contactAddresses.contactId, contacts.id), eq(contactAddresses.channel, conversations.channel)),
    )
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .leftJoin(assignees, eq(assignees.id, conversations.assigneeId))
    .leftJoin(identityVerifications, eq(identityVerifications.id, conversations.identityVerificationId));
}

/** Whether the person in the conversation is known to be the linked patient (checked, or signed in). */
export function isIdentityVerified(
  conversation: typeof conversations.$inferSelect,
  verification: { until: Date | null; patientId: string | null },
  now = new Date(),
): boolean {
  if (!conversation.patientId) return false;
  if (conversation.channel === 'portal') return true;
  return (
    verification.until !== null &&
    verification.until > now &&
    verification.patientId === conversation.patientId &&
    conversation.status !== 'resolved'
  );
}

function shownAddress(channel: string, address: string | null): string | null {
  return channel === 'sms' || channel === 'email' ? address : null;
}

export function describeSummary(row: SummaryRow, cipher: FieldCipher, now = new Date()): ConversationSummary {
  const c = row.conversation;
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: c.id,
    number: c.number,
    channel: c.channel,
    subject: c.subjectEncrypted ? cipher.decrypt(encryptedFields.subject, c.subjectEncrypted) : null,
    status: c.status,
    snoozedUntil: iso(c.snoozedUntil),
    priority: c.priority,
    intent: c.intent,
    team: c.teamId && row.teamName ? { id: c.teamId, name: row.teamName } : null,
    assignee: c.assigneeId && row.assigneeName ? { id: c.assigneeId, displayName: row.assigneeName } : null,
    tags: c.tags,
    contact: {
      id: row.contact.id,
      kind: row.contact.kind,
      displayName: row.contact.displayName,
      address: shownAddress(c.channel, row.address),
      optedOut: row.optedOutAt !== null,
    },
    patientId: c.patientId,
    identityVerified: isIdentityVerified(
      c,
      { until: row.verifiedUntil, patientId: row.verifiedPatientId },
      now,
    ),
    language: c.language,
    waitingSince: iso(c.waitingSince),
    firstResponseAt: iso(c.firstResponseAt),
    responseDueAt: iso(c.responseDueAt),
    slaBreachedAt: iso(c.slaBreachedAt),
    lastMessageAt: c.lastMessageAt.toISOString(),
    messagesCount: c.messagesCount,
    preview: row.lastMessageEncrypted
      ? previewOf(cipher.decrypt(encryptedFields.body, row.lastMessageEncrypted))
      : null,
    distress: c.distress,
    distressTips: c.distress.map((kind) => ({
      kind,
      tip: { en: deEscalationTip(kind, 'en'), es: deEscalationTip(kind, 'es') },
    })),
    createdAt: c.createdAt.toISOString(),
  };
}

const previewLength = 140;

/** The first words of a message on one line, as a queue shows it. */
export function previewOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= previewLength ? line : `${line.slice(0, previewLength - 1).trimEnd()}…`;
}

export async function conversationSummary(
  orm: Orm,
  cipher: FieldCipher,
  conversationId: string,
): Promise<ConversationSummary> {
  const [row] = await summaryQuery(orm).where(eq(conversations.id, conversationId));
  if (!row) throw new NotFound('There is no such conversation in this organisation.');
  return describeSummary(row, cipher);
}

/** Conversations matching a search: through the owner function, one key at a time (see message-search.ts). */
async function searchMatches(
  orm: Orm,
  search: MessageSearch,
  query: string,
): Promise<string[] | 'everything'> {
  const byKey = search.queryTerms(query);
  if (byKey.length === 0) return 'everything';
  const ids = new Set<string>();
  for (const { keyId, terms } of byKey) {
    const found = (await orm.execute(
      // Terms are base64url, so the array literal needs no quoting.
      sql`select conversation_id from search_conversations_by_terms(${keyId}, ${`{${terms.join(',')}}`}::text[], 1000)`,
    )) as unknown as { rows: { conversation_id: string }[] };
    for (const row of found.rows) ids.add(row.conversation_id);
  }
  return [...ids];
}

export type ParsedListQuery = z.output<typeof conversationListQuerySchema>;

/** Reads a list query as the API would (for callers other than the route). */
export const parseListQuery = (query: ConversationListQuery): ParsedListQuery =>
  conversationListQuerySchema.parse(query);

export interface InboxViewer {
  staffMemberId: string;
}

/**
 * The inbox for one staff member: a view (mine, unassigned, team, all, mentions, snoozed,
 * resolved), filters (status, patient, team, tag, channel) and full-text search. In-progress
 * views are in queue order (priority, then SLA due time, then wait); the rest newest first.
 */
export async function listConversations(
  orm: Orm,
  deps: { cipher: FieldCipher; search: MessageSearch },
  viewer: InboxViewer,
  query: ParsedListQuery,
): Promise<ConversationSummary[]> {
  const conditions: SQL[] = [];
  const view = query.view;
  if (view === 'mine') conditions.push(eq(conversations.assigneeId, viewer.staffMemberId));
  if (view === 'unassigned') conditions.push(isNull(conversations.assigneeId));
  if (view === 'team') {
    const myTeams = orm
      .select({ teamId: staffTeamMemberships.teamId })
      .from(staffTeamMemberships)
      .where(eq(staffTeamMemberships.staffMemberId, viewer.staffMemberId));
    // An emergency nobody has taken yet is at the top of every team's queue, not only its own.
    conditions.push(
      or(
        inArray(conversations.teamId, myTeams),
        and(eq(conversations.priority, 'emergency'), isNull(conversations.assigneeId)),
      )!,
    );
  }
  if (view === 'mentions') {
    const mentioned = orm
      .select({ id: conversationMessages.conversationId })
      .from(conversationMessages)
      .where(
        and(
          eq(conversationMessages.kind, 'note'),
          arrayContains(conversationMessages.mentions, [viewer.staffMemberId]),
        ),
      );
    conditions.push(inArray(conversations.id, mentioned));
  }
  const statuses =
    query.status ??
    (view === 'snoozed'
      ? ['snoozed']
      : view === 'resolved'
        ? ['resolved']
        : view === 'mentions' || query.patientId || query.q
          ? undefined
          : ['open', 'pending']);
  if (statuses) conditions.push(inArray(conversations.status, statuses as ('open' | 'pending')[]));
  if (query.patientId) conditions.push(eq(conversations.patientId, query.patientId));
  if (query.teamId) conditions.push(eq(conversations.teamId, query.teamId));
  if (query.channel) conditions.push(eq(conversations.channel, query.channel));
  if (query.tag) conditions.push(arrayContains(conversations.tags, [query.tag]));
  if (query.q) {
    const matches = await searchMatches(orm, deps.search, query.q);
    if (matches !== 'everything') {
      if (matches.length === 0) return [];
      conditions.push(inArray(conversations.id, matches));
    }
  }
  const inProgress = statuses?.every((status) => status === 'open' || status === 'pending');
  const order = inProgress
    ? [
        sql`array_position(array['emergency','urgent','high','normal','low'], ${conversations.priority})`,
        sql`${conversations.responseDueAt} asc nulls last`,
        sql`${conversations.waitingSince} asc nulls last`,
        desc(conversations.lastMessageAt),
      ]
    : [desc(conversations.lastMessageAt)];
  const rows = await summaryQuery(orm)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit);
  const now = new Date();
  return rows.map((row) => describeSummary(row, deps.cipher, now));
}

/** The messages and internal notes of a conversation, oldest first. */
export async function conversationMessagesOf(
  orm: Orm,
  cipher: FieldCipher,
  conversationId: string,
  options: { includeNotes: boolean },
): Promise<ConversationMessage[]> {
  const authors = alias(staffMembers, 'authors');
  const rows = await orm
    .select({ message: conversationMessages, authorName: authors.displayName })
    .from(conversationMessages)
    .leftJoin(authors, eq(authors.id, conversationMessages.authorStaffId))
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        options.includeNotes ? undefined : eq(conversationMessages.kind, 'message'),
      ),
    )
    .orderBy(asc(conversationMessages.createdAt), asc(conversationMessages.id));
  const mentionIds = [...new Set(rows.flatMap((row) => row.message.mentions))];
  const mentioned = mentionIds.length
    ? await orm
        .select({ id: staffMembers.id, displayName: staffMembers.displayName })
        .from(staffMembers)
        .where(inArray(staffMembers.id, mentionIds))
    : [];
  const attachments = rows.length
    ? await orm
        .select({
          id: messageAttachments.id,
          messageId: messageAttachments.messageId,
          fileName: messageAttachments.fileName,
          contentType: messageAttachments.contentType,
          sizeBytes: messageAttachments.sizeBytes,
        })
        .from(messageAttachments)
        .where(
          inArray(
            messageAttachments.messageId,
            rows.map((row) => row.message.id),
          ),
        )
    : [];
  return rows.map(({ message, authorName }) => ({
    id: message.id,
    kind: message.kind,
    direction: message.direction,
    author: {
      kind: message.authorKind,
      staff:
        message.authorStaffId && authorName ? { id: message.authorStaffId, displayName: authorName } : null,
    },
    body: cipher.decrypt(encryptedFields.body, message.bodyEncrypted),
    mentions: mentioned.filter((member) => message.mentions.includes(member.id)),
    deliveryStatus: message.deliveryStatus,
    failureReason: message.failureReason,
    triage: messageTriageOf(message, cipher),
    attachments: attachments
      .filter((attachment) => attachment.messageId === message.id)
      .map(({ messageId: _, ...attachment }) => ({
        ...attachment,
        url: `/api/conversations/${conversationId}/attachments/${attachment.id}`,
      })),
    createdAt: message.createdAt.toISOString(),
  }));
}

export async function conversationTimeline(
  orm: Orm,
  conversationId: string,
): Promise<z.infer<typeof conversationEventSchema>[]> {
  const actors = alias(staffMembers, 'actors');
  const rows = await orm
    .select({ event: conversationEvents, actorName: actors.displayName })
    .from(conversationEvents)
    .leftJoin(actors, eq(actors.id, conversationEvents.actorStaffId))
    .where(eq(conversationEvents.conversationId, conversationId))
    .orderBy(asc(conversationEvents.createdAt), asc(conversationEvents.id));
  return rows.map(({ event, actorName }) => ({
    id: event.id,
    kind: event.kind,
    actor: event.actorStaffId && actorName ? { id: event.actorStaffId, displayName: actorName } : null,
    details: event.details,
    createdAt: event.createdAt.toISOString(),
  }));
}

/** A contact's earlier conversations (for the contact panel), newest first. */
export async function previousConversations(
  orm: Orm,
  cipher: FieldCipher,
  contactId: string,
  exceptId: string,
) {
  const rows = await summaryQuery(orm)
    .where(and(eq(conversations.contactId, contactId), ne(conversations.id, exceptId)))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(20);
  return rows.map((row) => describeSummary(row, cipher));
}
