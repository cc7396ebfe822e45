import type { PortalConversation, PortalMessageSend, PortalThread } from '@patientdesk/contracts';
import { and, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import type { PortalActor } from '../access/actor.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { grantFor } from '../access/policy.ts';
import { visitorMessages } from '../channels/web-chat/visitor-chat.ts';
import { patients } from '../patients/schema.ts';
import { encryptedFields } from './fields.ts';
import { type InboundResult, type InboxCrypto, receiveInbound } from './inbound.ts';
import { previewOf } from './queries.ts';
import { contactAddresses, conversations } from './schema.ts';

/**
 * Secure messaging in the portal. Each (account, patient) pair is one contact on the `portal`
 * channel: a mother writing about each of her two children has two threads, each about one
 * child, so the care team always knows whose record a message belongs to. The person is signed
 * in, so the conversation is identity-verified from its first message.
 *
 * A patient also finds here the answers an agent sent "securely" from an SMS or email
 * conversation about them (the text was kept here; the phone or mailbox got only a notice).
 */

function portalUser(scope: ActorScope): PortalActor {
  if (scope.actor.kind !== 'portal')
    throw new Forbidden('Portal messages are for patients and their proxies.');
  return scope.actor;
}

/** The contact address of this account writing about this patient. */
export function portalThreadAddress(actor: PortalActor, patientId: string): string {
  const grant = grantFor(actor, patientId);
  return grant?.via === 'self'
    ? `patient:${patientId}`
    : `proxy:${grant?.proxyId ?? actor.subject.id}:patient:${patientId}`;
}

/** The patients this account may message about (self, or a proxy with the `messaging` scope). */
function messagingPatientIds(actor: PortalActor): string[] {
  return actor.grants
    .filter((grant) => grant.via === 'self' || grant.scopes.includes('messaging'))
    .map((grant) => grant.patientId);
}

async function visibleConversations(orm: Orm, actor: PortalActor) {
  const patientIds = messagingPatientIds(actor);
  if (patientIds.length === 0) return [];
  const ownAddresses = patientIds.map((patientId) => portalThreadAddress(actor, patientId));
  const ownSelf = actor.grants.filter((grant) => grant.via === 'self').map((grant) => grant.patientId);
  const portalThreads = orm
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(contactAddresses, eq(contactAddresses.contactId, conversations.contactId))
    .where(
      and(
        eq(conversations.channel, 'portal'),
        eq(contactAddresses.channel, 'portal'),
        inArray(contactAddresses.address, ownAddresses),
      ),
    );
  // Secure answers reach the patient themself, never a proxy: the SMS or email thread was theirs.
  const secureAnswers = orm
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        inArray(conversations.patientId, ownSelf.length ? ownSelf : ['00000000-0000-0000-0000-000000000000']),
        isNotNull(conversations.identityVerificationId),
        sql`exists (select 1 from conversation_messages m where m.conversation_id = ${conversations.id} and m.channel_metadata ? 'deliveredSecurely')`,
      ),
    );
  return orm
    .select({
      conversation: conversations,
      lastMessageEncrypted: sql<
        string | null
      >`(select m.body_encrypted from conversation_messages m where m.conversation_id = ${conversations.id} and m.kind = 'message' order by m.created_at desc, m.id desc limit 1)`,
      given: patients.givenName,
      preferred: patients.preferredName,
      family: patients.familyName,
    })
    .from(conversations)
    .leftJoin(patients, eq(patients.id, conversations.patientId))
    .where(or(inArray(conversations.id, portalThreads), inArray(conversations.id, secureAnswers)))
    .orderBy(desc(conversations.lastMessageAt));
}

type VisibleRow = Awaited<ReturnType<typeof visibleConversations>>[number];

function describe(crypto: InboxCrypto, row: VisibleRow): PortalConversation {
  const { conversation } = row;
  return {
    id: conversation.id,
    number: conversation.number,
    subject: conversation.subjectEncrypted
      ? crypto.cipher.decrypt(encryptedFields.subject, conversation.subjectEncrypted)
      : null,
    status: conversation.status,
    channel: conversation.channel,
    patient:
      conversation.patientId && row.family
        ? { id: conversation.patientId, displayName: `${row.preferred ?? row.given} ${row.family}` }
        : null,
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    messagesCount: conversation.messagesCount,
    preview: row.lastMessageEncrypted
      ? previewOf(crypto.cipher.decrypt(encryptedFields.body, row.lastMessageEncrypted))
      : null,
  };
}

export async function listPortalConversations(
  scope: ActorScope,
  crypto: InboxCrypto,
): Promise<PortalConversation[]> {
  const actor = portalUser(scope);
  await scope.authorize('portal.messages.read');
  const rows = await visibleConversations(scope.orm, actor);
  const items = rows.map((row) => describe(crypto, row));
  scope.record({
    action: 'portal.messages.list',
    resourceType: 'conversation',
    patientIds: [...new Set(items.flatMap((item) => (item.patient ? [item.patient.id] : [])))],
    outcome: 'allowed',
    details: { count: items.length },
  });
  return items;
}

export async function readPortalThread(
  scope: ActorScope,
  crypto: InboxCrypto,
  conversationId: string,
): Promise<PortalThread> {
  const actor = portalUser(scope);
  const row = (await visibleConversations(scope.orm, actor)).find(
    (item) => item.conversation.id === conversationId,
  );
  if (!row) throw new NotFound('There is no such conversation among your messages.');
  if (row.conversation.patientId)
    await scope.authorize('portal.messages.read', { patientId: row.conversation.patientId });
  scope.record({
    action: 'portal.messages.read',
    resourceType: 'conversation',
    resourceId: conversationId,
    patientIds: row.conversation.patientId ? [row.conversation.patientId] : [],
    outcome: 'allowed',
  });
  return {
    conversation: describe(crypto, row),
    messages: await visitorMessages(scope.orm, crypto.cipher, conversationId),
  };
}

/** Writes to the clinic about one patient: joins the open thread about them, or starts one. */
export async function sendPortalMessage(
  scope: ActorScope,
  crypto: InboxCrypto,
  input: PortalMessageSend,
): Promise<{ thread: PortalThread; result: InboundResult }> {
  const actor = portalUser(scope);
  await scope.authorize('portal.messages.write', { patientId: input.patientId });
  const grant = grantFor(actor, input.patientId)!;
  const [patient] = await scope.orm
    .select({ language: patients.preferredLanguage })
    .from(patients)
    .where(eq(patients.id, input.patientId));
  if (!patient) throw new NotFound('There is no such patient.');
  const address = portalThreadAddress(actor, input.patientId);
  const result = await receiveInbound(scope.orm, crypto, {
    contact: {
      organizationId: actor.organizationId,
      channel: 'portal',
      address,
      displayName: actor.displayName,
      language: patient.language,
      knownAs:
        grant.via === 'self'
          ? { patientId: input.patientId }
          : { proxyId: grant.proxyId ?? actor.subject.id },
    },
    body: input.body,
    subject: input.subject ?? null,
    provider: 'portal',
    providerMessageId: `${address}:${input.clientMessageId}`,
    patientId: input.patientId,
    authenticated: true,
  });
  scope.record({
    action: 'portal.messages.send',
    resourceType: 'conversation',
    resourceId: result.conversation.id,
    patientIds: [input.patientId],
    outcome: 'allowed',
    details: { duplicate: result.duplicate },
  });
  const thread = await readPortalThread(scope, crypto, result.conversation.id);
  return { thread, result };
}
