import { z } from 'zod';
import { widgetMessageSchema } from './widget.ts';

/**
 * Secure messages in the patient portal: a patient (or a proxy with the `messaging` scope)
 * writes to the clinic about one patient, and reads the clinic's answers, including those sent
 * "securely" from an SMS or email conversation (the contact was told only that a message waits).
 */

export const portalConversationSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: z.string().nullable(),
  status: z.enum(['open', 'pending', 'snoozed', 'resolved']),
  /** Where it started: the portal, or SMS and email for secure answers. */
  channel: z.enum(['web', 'portal', 'sms', 'email']),
  patient: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  lastMessageAt: z.iso.datetime({ offset: true }),
  messagesCount: z.number().int(),
  /** The first words of the latest message, on one line. */
  preview: z.string().nullable(),
});
export type PortalConversation = z.infer<typeof portalConversationSchema>;

export const portalConversationListSchema = z.object({ items: z.array(portalConversationSchema) });

/** Messages as the portal shows them (`from: visitor` is the person signed in, or who they act for). */
export const portalThreadSchema = z.object({
  conversation: portalConversationSchema,
  messages: z.array(widgetMessageSchema),
});
export type PortalThread = z.infer<typeof portalThreadSchema>;

export const portalMessageSendSchema = z.object({
  /** Whom the message is about: yourself, or a patient you act for. */
  patientId: z.uuid({ message: 'must be the id of a patient you act for' }),
  subject: z.string().trim().min(1).max(200).optional(),
  body: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
  /** Made by the page for each message: sending it again stores it once. */
  clientMessageId: z.uuid({ message: 'must be a UUID made for this message' }),
});
export type PortalMessageSend = z.infer<typeof portalMessageSendSchema>;
