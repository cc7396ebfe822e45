import { z } from 'zod';
import { maxAttachmentsPerReply } from './attachments.ts';
import { identityCheckRequestSchema } from './patients/changes.ts';
import { distressKinds, distressTipSchema, messageTriageSchema } from './triage.ts';

/** The inbox: conversations with patients, proxies and the public, over every channel. */

export const conversationChannels = ['web', 'portal', 'sms', 'email'] as const;
export type ConversationChannel = (typeof conversationChannels)[number];
export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
export const conversationPriorities = ['emergency', 'urgent', 'high', 'normal', 'low'] as const;
export type ConversationPriority = (typeof conversationPriorities)[number];
export const inboxViews = ['mine', 'unassigned', 'team', 'all', 'mentions', 'snoozed', 'resolved'] as const;
export type InboxView = (typeof inboxViews)[number];

const uuid = z.uuid();
const isoDateTime = z.iso.datetime({ offset: true });
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, 'must be 1 to 40 letters, digits, spaces, - or _');

export const staffReferenceSchema = z.object({ id: uuid, displayName: z.string() });

export const conversationContactSchema = z.object({
  id: uuid,
  kind: z.enum(['patient', 'proxy', 'public']),
  /** A name the contact gave (or the linked record's name once identity is verified). */
  displayName: z.string().nullable(),
  /** Where they wrote from: a phone, an email, "web chat visitor", "portal". */
  address: z.string().nullable(),
  optedOut: z.boolean(),
});

export const conversationSummarySchema = z.object({
  id: uuid,
  number: z.number().int(),
  channel: z.enum(conversationChannels),
  subject: z.string().nullable(),
  status: z.enum(conversationStatuses),
  snoozedUntil: isoDateTime.nullable(),
  priority: z.enum(conversationPriorities),
  intent: z.string().nullable(),
  team: z.object({ id: uuid, name: z.string() }).nullable(),
  assignee: staffReferenceSchema.nullable(),
  tags: z.array(z.string()),
  contact: conversationContactSchema,
  patientId: uuid.nullable(),
  identityVerified: z.boolean(),
  language: z.string(),
  /** Since when the contact has waited for an answer; null once answered. */
  waitingSince: isoDateTime.nullable(),
  firstResponseAt: isoDateTime.nullable(),
  responseDueAt: isoDateTime.nullable(),
  slaBreachedAt: isoDateTime.nullable(),
  lastMessageAt: isoDateTime,
  messagesCount: z.number().int(),
  /** The first words of the latest message (not a note), on one line. */
  preview: z.string().nullable(),
  /** Distress seen in the contact's messages: the agent should slow down (tips in `distressTips`). */
  distress: z.array(z.enum(distressKinds)),
  distressTips: z.array(distressTipSchema),
  createdAt: isoDateTime,
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const conversationListQuerySchema = z.object({
  view: z.enum(inboxViews).optional(),
  status: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(conversationStatuses)))
    .optional(),
  patientId: uuid.optional(),
  teamId: uuid.optional(),
  tag: tag.optional(),
  channel: z.enum(conversationChannels).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.input<typeof conversationListQuerySchema>;

export const conversationListSchema = z.object({ items: z.array(conversationSummarySchema) });

export const attachmentSchema = z.object({
  id: uuid,
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** Where to download it (the download checks access again). */
  url: z.string(),
});

export const deliveryStatuses = ['received', 'queued', 'sent', 'delivered', 'failed'] as const;

export const conversationMessageSchema = z.object({
  id: uuid,
  kind: z.enum(['message', 'note']),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  author: z.object({
    kind: z.enum(['contact', 'agent', 'system', 'assistant']),
    staff: staffReferenceSchema.nullable(),
  }),
  body: z.string(),
  mentions: z.array(staffReferenceSchema),
  deliveryStatus: z.enum(deliveryStatuses).nullable(),
  failureReason: z.string().nullable(),
  attachments: z.array(attachmentSchema),
  /** For a contact's message: its urgency and intent triage, with the reasons. */
  triage: messageTriageSchema.nullable(),
  createdAt: isoDateTime,
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

export const conversationMessagesSchema = z.object({ items: z.array(conversationMessageSchema) });

export const agentReplySchema = z.object({
  body: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
  /** `note`: an internal note, seen by staff only; `@name` mentions notify colleagues. */
  kind: z.enum(['message', 'note']).default('message'),
  /**
   * On SMS or email, send "You have a new secure message" with a portal link instead of the
   * text itself; the text waits in the portal. Needed when the reply carries PHI.
   */
  deliverSecurely: z.boolean().default(false),
  /** Files uploaded to this conversation first (`POST /api/conversations/:id/attachments`). */
  attachmentIds: z
    .array(z.uuid({ message: 'must be an attachment id (a UUID)' }))
    .max(maxAttachmentsPerReply, `must name at most ${maxAttachmentsPerReply} files`)
    .optional(),
});
export type AgentReply = z.input<typeof agentReplySchema>;

export const conversationUpdateSchema = z
  .object({
    status: z.enum(conversationStatuses).optional(),
    snoozedUntil: isoDateTime.optional(),
    priority: z.enum(conversationPriorities).optional(),
    assigneeId: uuid.nullable().optional(),
    teamId: uuid.nullable().optional(),
    tags: z.array(tag).max(20).optional(),
    intent: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, { message: 'says nothing to change' })
  .refine((update) => (update.status === 'snoozed') === (update.snoozedUntil !== undefined), {
    message: 'snoozing needs `snoozedUntil`, and only snoozing takes it',
    path: ['snoozedUntil'],
  });
export type ConversationUpdate = z.input<typeof conversationUpdateSchema>;

export const conversationEventSchema = z.object({
  id: uuid,
  kind: z.string(),
  actor: staffReferenceSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime,
});
export const conversationTimelineSchema = z.object({ items: z.array(conversationEventSchema) });

/** Live events about conversations (ids and states only; details are fetched through the API). */
export const conversationChangedEventSchema = z.object({
  type: z.literal('conversation.changed'),
  conversationId: uuid,
  /** What happened: a new message, a status or assignment change, a new conversation... */
  change: z.enum([
    'created',
    'message',
    'note',
    'updated',
    'delivery',
    'sla-warning',
    'sla-breach',
    'typing',
  ]),
  priority: z.enum(conversationPriorities),
  status: z.enum(conversationStatuses),
  assigneeId: uuid.nullable(),
  teamId: uuid.nullable(),
  /** Who the conversation is with (lets the web-chat widget's socket pick its own chat). */
  contactId: uuid.optional(),
  /** Staff mentioned in a new note. */
  mentions: z.array(uuid).optional(),
  /** For `typing`: who is typing (staff id, or `contact`). */
  typing: z.string().optional(),
  at: isoDateTime,
});
export type ConversationChangedEvent = z.infer<typeof conversationChangedEventSchema>;

/** `POST /api/conversations/:id/verify-identity`: the patient the contact says they are (or write for), and two identifiers. */
export const conversationIdentityCheckSchema = identityCheckRequestSchema
  .omit({ conversationId: true })
  .extend({ patientId: z.uuid({ message: 'must be a patient id (a UUID)' }) });
export type ConversationIdentityCheck = z.infer<typeof conversationIdentityCheckSchema>;

export const conversationIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a conversation id (a UUID)' }),
});

export const agentReplyResultSchema = z.object({
  message: conversationMessageSchema,
  conversation: conversationSummarySchema,
});
