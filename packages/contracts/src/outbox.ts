import { z } from 'zod';

/**
 * The outbox beyond its list (admin.ts): the headers of a conversation's email kept there, the
 * clinic's channel endpoints, and simulated inbound SMS and email, which try the channels in
 * development and the demo without a Twilio or mail account.
 */

/** The threading headers a conversation's email was (or would have been) sent with. */
export const outboxEmailHeadersSchema = z.object({
  from: z.string(),
  messageId: z.string(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
});
export type OutboxEmailHeaders = z.infer<typeof outboxEmailHeadersSchema>;

/** A file kept with an outbox email (an appointment's .ics); its content is downloaded on its own. */
export const outboxAttachmentSchema = z.object({
  /** Its place in the message: `GET /api/admin/outbox/:id/attachments/:index`. */
  index: z.number().int().min(0),
  filename: z.string(),
  contentType: z.string(),
  /** Bytes. */
  size: z.number().int().min(0),
});
export type OutboxAttachment = z.infer<typeof outboxAttachmentSchema>;

export const endpointChannels = ['sms', 'email'] as const;
export type EndpointChannel = (typeof endpointChannels)[number];

/** Where a channel reaches the clinic: an SMS number or an inbound email address. */
export const channelEndpointSchema = z.object({
  id: z.uuid(),
  channel: z.enum(endpointChannels),
  address: z.string(),
});
export type ChannelEndpoint = z.infer<typeof channelEndpointSchema>;

export const channelEndpointListSchema = z.object({
  items: z.array(channelEndpointSchema),
  /** Where each channel's messages go; inbound messages can be simulated where it is `outbox`. */
  drivers: z.object({ sms: z.enum(['outbox', 'twilio']), email: z.enum(['outbox', 'smtp']) }),
});
export type ChannelEndpointList = z.infer<typeof channelEndpointListSchema>;

/** `POST /api/admin/outbox/simulated-inbound`: a text or an email as if a patient had sent it. */
export const simulatedInboundSchema = z.object({
  channel: z.enum(endpointChannels, { message: 'must be sms or email' }),
  /** The sender: a phone number for SMS, an email address for email. */
  from: z
    .string({ message: 'is required: the phone number or email address it comes from' })
    .trim()
    .min(1, 'is required: the phone number or email address it comes from')
    .max(320, 'must be at most 320 characters'),
  /** One of the clinic's endpoints of that channel. */
  to: z
    .string({ message: "is required: one of the clinic's numbers or addresses" })
    .trim()
    .min(1, "is required: one of the clinic's numbers or addresses")
    .max(320, 'must be at most 320 characters'),
  subject: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  body: z
    .string({ message: 'is required: the text of the message' })
    .trim()
    .min(1, 'is required: the text of the message')
    .max(5000, 'must be at most 5000 characters'),
});
export type SimulatedInbound = z.infer<typeof simulatedInboundSchema>;

export const simulatedInboundResultSchema = z.object({
  conversationId: z.uuid(),
  messageId: z.uuid(),
  /** An SMS keyword the text was (stop, start, help), which acts as it would from a real phone. */
  keyword: z.enum(['stop', 'start', 'help']).nullable(),
});
export type SimulatedInboundResult = z.infer<typeof simulatedInboundResultSchema>;
