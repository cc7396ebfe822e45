import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import type { FieldCipher } from '../../../security/field-encryption.ts';
import { normalizeEmail, normalizePhone } from '../../conversations/contacts.ts';
import { encryptedFields } from '../../conversations/fields.ts';
import {
  contactAddresses,
  contacts,
  conversationMessages,
  conversations,
} from '../../conversations/schema.ts';
import { staffMembers } from '../../staff/schema.ts';

/** What a web-chat visitor sees: their latest conversation's messages, never internal notes. */

export interface VisitorMessage {
  id: string;
  from: 'visitor' | 'agent' | 'assistant' | 'clinic';
  /** The answering agent's first name ("Dana"), as chat widgets show it. */
  agentName: string | null;
  body: string;
  /** An assistant's answer that asks whether it helped. */
  asksIfHelpful: boolean;
  createdAt: string;
}

export async function findVisitor(orm: Orm, address: string) {
  const [row] = await orm
    .select({ contact: contacts })
    .from(contactAddresses)
    .innerJoin(contacts, eq(contacts.id, contactAddresses.contactId))
    .where(and(eq(contactAddresses.channel, 'web'), eq(contactAddresses.address, address)))
    .limit(1);
  return row?.contact;
}

export async function visitorConversation(orm: Orm, contactId: string) {
  const [open] = await orm
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.channel, 'web')))
    .orderBy(desc(ne(conversations.status, 'resolved')), desc(conversations.lastMessageAt))
    .limit(1);
  return open;
}

export async function visitorConversationIds(orm: Orm, contactId: string): Promise<string[]> {
  const rows = await orm
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.channel, 'web')));
  return rows.map((row) => row.id);
}

export async function visitorMessages(
  orm: Orm,
  cipher: FieldCipher,
  conversationId: string,
): Promise<VisitorMessage[]> {
  const rows = await orm
    .select({ message: conversationMessages, agentName: staffMembers.displayName })
    .from(conversationMessages)
    .leftJoin(staffMembers, eq(staffMembers.id, conversationMessages.authorStaffId))
    .where(
      and(eq(conversationMessages.conversationId, conversationId), eq(conversationMessages.kind, 'message')),
    )
    .orderBy(asc(conversationMessages.createdAt), asc(conversationMessages.id));
  return rows.map(({ message, agentName }) => ({
    id: message.id,
    from:
      message.direction === 'inbound'
        ? 'visitor'
        : message.authorKind === 'agent'
          ? 'agent'
          : message.authorKind === 'assistant'
            ? 'assistant'
            : 'clinic',
    agentName: agentName ? agentName.split(/\s+/)[0]! : null,
    body: cipher.decrypt(encryptedFields.body, message.bodyEncrypted),
    asksIfHelpful:
      message.authorKind === 'assistant' &&
      (message.channelMetadata.assistant as { kind?: string } | undefined)?.kind === 'answer',
    createdAt: message.createdAt.toISOString(),
  }));
}

export async function markSeen(orm: Orm, contactId: string): Promise<void> {
  await orm.update(contacts).set({ lastSeenAt: new Date() }).where(eq(contacts.id, contactId));
}

/**
 * "Answer me later at...": the visitor's name, email and phone are kept with their contact, so
 * an agent can reach them after they closed the page (announced without the answer's text).
 */
export async function leaveContactDetails(
  orm: Orm,
  contact: typeof contacts.$inferSelect,
  details: { name?: string | undefined; email?: string | undefined; phone?: string | undefined },
  country: string,
): Promise<void> {
  if (details.name)
    await orm
      .update(contacts)
      .set({ displayName: details.name, updatedAt: new Date() })
      .where(eq(contacts.id, contact.id));
  const addresses = [
    ...(details.email ? [{ channel: 'email' as const, address: normalizeEmail(details.email) }] : []),
    ...(details.phone ? [{ channel: 'sms' as const, address: normalizePhone(details.phone, country) }] : []),
  ];
  for (const address of addresses) {
    // An address already known as another contact's stays theirs; this visitor's is replaced.
    await orm
      .delete(contactAddresses)
      .where(and(eq(contactAddresses.contactId, contact.id), eq(contactAddresses.channel, address.channel)));
    await orm
      .insert(contactAddresses)
      .values({ organizationId: contact.organizationId, contactId: contact.id, ...address })
      .onConflictDoNothing();
  }
}

/** Where a visitor who left the page can be told that an answer waits (email first, then SMS). */
export async function laterAddressOf(orm: Orm, contactId: string) {
  const rows = await orm
    .select()
    .from(contactAddresses)
    .where(
      and(
        eq(contactAddresses.contactId, contactId),
        inArray(contactAddresses.channel, ['email', 'sms']),
        isNull(contactAddresses.optedOutAt),
      ),
    );
  return rows.find((row) => row.channel === 'email') ?? rows.find((row) => row.channel === 'sms');
}

/** What the visitor left for an answer later: their name, and whether an email and a phone are on file. */
export async function visitorContactDetails(orm: Orm, contact: typeof contacts.$inferSelect) {
  const rows = await orm
    .select({ channel: contactAddresses.channel })
    .from(contactAddresses)
    .where(eq(contactAddresses.contactId, contact.id));
  return {
    name: contact.displayName,
    email: rows.some((row) => row.channel === 'email'),
    phone: rows.some((row) => row.channel === 'sms'),
  };
}
