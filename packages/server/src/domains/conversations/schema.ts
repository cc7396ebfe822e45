import { bigint, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../identity/schema.ts';
import { locations, organizations, teams } from '../organizations/schema.ts';
import { identityVerifications, patients, proxies } from '../patients/schema.ts';
import type { Priority } from '../routing/queue-order.ts';
import { staffMembers } from '../staff/schema.ts';
import type { DistressKind } from '../triage/distress.ts';
import type { StoredTriage } from '../triage/stored-triage.ts';

export const conversationChannels = ['web', 'portal', 'sms', 'email'] as const;
export type ConversationChannel = (typeof conversationChannels)[number];

export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export type ContactKind = 'patient' | 'proxy' | 'public';
export type MessageKind = 'message' | 'note';
export type MessageDirection = 'inbound' | 'outbound';
export type MessageAuthorKind = 'contact' | 'agent' | 'system' | 'assistant';
export const deliveryStatuses = ['received', 'queued', 'sent', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

const organizationId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const channelEndpoints = pgTable('channel_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  channel: text('channel').$type<'sms' | 'email'>().notNull(),
  address: text('address').notNull(),
  createdAt: createdAt(),
});

export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  kind: text('kind').$type<ContactKind>().notNull(),
  patientId: uuid('patient_id').references(() => patients.id, { onDelete: 'set null' }),
  proxyId: uuid('proxy_id').references(() => proxies.id, { onDelete: 'set null' }),
  displayName: text('display_name'),
  language: text('language').notNull().default('en'),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const contactAddresses = pgTable(
  'contact_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: organizationId(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<ConversationChannel>().notNull(),
    address: text('address').notNull(),
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [unique().on(table.organizationId, table.channel, table.address)],
);

export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  number: bigint('number', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  contactId: uuid('contact_id')
    .notNull()
    .references(() => contacts.id),
  channel: text('channel').$type<ConversationChannel>().notNull(),
  subjectEncrypted: text('subject_encrypted'),
  status: text('status').$type<ConversationStatus>().notNull().default('open'),
  snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
  priority: text('priority').$type<Priority>().notNull().default('normal'),
  intent: text('intent'),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  assigneeId: uuid('assignee_id').references(() => staffMembers.id, { onDelete: 'set null' }),
  tags: text('tags').array().notNull().default([]),
  /** Distress seen in the contact's messages (anger, fear, grief, shouting, repeated): slow down. */
  distress: text('distress').array().$type<DistressKind[]>().notNull().default([]),
  distressAt: timestamp('distress_at', { withTimezone: true }),
  patientId: uuid('patient_id').references(() => patients.id, { onDelete: 'set null' }),
  identityVerificationId: uuid('identity_verification_id').references(() => identityVerifications.id, {
    onDelete: 'set null',
  }),
  language: text('language').notNull().default('en'),
  waitingSince: timestamp('waiting_since', { withTimezone: true }),
  firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
  responseDueAt: timestamp('response_due_at', { withTimezone: true }),
  slaWarnedAt: timestamp('sla_warned_at', { withTimezone: true }),
  slaBreachedAt: timestamp('sla_breached_at', { withTimezone: true }),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  messagesCount: integer('messages_count').notNull().default(0),
  searchKeyId: text('search_key_id'),
  searchTerms: text('search_terms').array().notNull().default([]),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: organizationId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<MessageKind>().notNull().default('message'),
    direction: text('direction').$type<MessageDirection>(),
    authorKind: text('author_kind').$type<MessageAuthorKind>().notNull(),
    authorStaffId: uuid('author_staff_id').references(() => staffMembers.id, { onDelete: 'set null' }),
    bodyEncrypted: text('body_encrypted').notNull(),
    mentions: uuid('mentions').array().notNull().default([]),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    deliveryStatus: text('delivery_status').$type<DeliveryStatus>(),
    failureReason: text('failure_reason'),
    channelMetadata: jsonb('channel_metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** What triage decided for an inbound message (no words of it; see triage/stored-triage.ts). */
    triage: jsonb('triage').$type<StoredTriage>(),
    /** The triage reasons, quoting the message: encrypted like the body. */
    triageReasonsEncrypted: text('triage_reasons_encrypted'),
    createdAt: createdAt(),
  },
  (table) => [unique().on(table.organizationId, table.provider, table.providerMessageId)],
);

export const messageAttachments = pgTable('message_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  /** Null while an agent's upload waits for the reply that sends it (see attachments.ts). */
  messageId: uuid('message_id').references(() => conversationMessages.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
  uploadedByStaffId: uuid('uploaded_by_staff_id').references(() => staffMembers.id, { onDelete: 'set null' }),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  contentEncrypted: bytea('content_encrypted'),
  storagePath: text('storage_path'),
  createdAt: createdAt(),
});

export const conversationEvents = pgTable('conversation_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  conversationId: uuid('conversation_id')
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  actorStaffId: uuid('actor_staff_id').references(() => staffMembers.id, { onDelete: 'set null' }),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const savedReplies = pgTable('saved_replies', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  ownerStaffId: uuid('owner_staff_id').references(() => staffMembers.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  body: text('body').notNull(),
  language: text('language').notNull().default('en'),
  shortcut: text('shortcut'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  priority: text('priority').$type<Priority>().notNull(),
  channel: text('channel').$type<ConversationChannel>(),
  firstResponseMinutes: integer('first_response_minutes').notNull(),
  nextResponseMinutes: integer('next_response_minutes').notNull(),
  businessHoursLocationId: uuid('business_hours_location_id').references(() => locations.id, {
    onDelete: 'set null',
  }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
