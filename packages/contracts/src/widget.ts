import { z } from 'zod';

/**
 * The embeddable web-chat widget's API (`/api/widget/:org/...`). A visitor is known by a random
 * token the widget keeps in the browser and sends as `Authorization: Bearer pdw_...`; there is
 * no cookie, so the widget works on the clinic's own website (another origin).
 */

export const widgetOrgParamsSchema = z.object({
  org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a clinic short name such as "demo"'),
});

export const widgetClinicSchema = z.object({
  name: z.string(),
  defaultLanguage: z.string(),
  /** Someone is available to answer now (otherwise the widget offers to leave an email or phone). */
  agentsAvailable: z.boolean(),
});

export const widgetVisitorSchema = z.object({
  /** Keep it (localStorage) and send it as `Authorization: Bearer <token>`; it is shown once. */
  token: z.string(),
});

export const widgetMessageSchema = z.object({
  id: z.uuid(),
  from: z.enum(['visitor', 'agent', 'assistant', 'clinic']),
  agentName: z.string().nullable(),
  body: z.string(),
  /** The assistant answered from an article and asks whether it helped (the widget offers Yes / No / a person). */
  asksIfHelpful: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type WidgetMessage = z.infer<typeof widgetMessageSchema>;

export const widgetChatSchema = z.object({
  conversation: z
    .object({ id: z.uuid(), status: z.enum(['open', 'pending', 'snoozed', 'resolved']) })
    .nullable(),
  messages: z.array(widgetMessageSchema),
  /** What the visitor left for an answer later (never shown back in full: masked). */
  contactDetails: z.object({ name: z.string().nullable(), email: z.boolean(), phone: z.boolean() }),
});
export type WidgetChat = z.infer<typeof widgetChatSchema>;

export const widgetSendSchema = z.object({
  body: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  /** Made by the widget for each message: sending it again (a retry) stores it once. */
  clientMessageId: z.uuid({ message: 'must be a UUID made by the widget for this message' }),
  /** The page the visitor wrote from, shown to the agent. */
  pageUrl: z.url({ message: 'must be the address of the page' }).max(2000).optional(),
  language: z.enum(['en', 'es']).optional(),
});
export type WidgetSend = z.infer<typeof widgetSendSchema>;

export const widgetContactDetailsSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    email: z.string().trim().max(320).optional(),
    phone: z.string().trim().max(40).optional(),
  })
  .refine((details) => details.email || details.phone, {
    message: 'needs an email address or a phone number to answer you later',
    path: ['email'],
  });

/** Pushed over `/api/widget/:org/live`: something changed in the visitor's chat. */
export const widgetLiveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected') }),
  /** New messages or a status change: fetch the chat again. */
  z.object({ type: z.literal('changed') }),
  /** An agent is typing an answer. */
  z.object({ type: z.literal('typing') }),
]);
export type WidgetLiveEvent = z.infer<typeof widgetLiveEventSchema>;
