import { z } from 'zod';

/** Urgency triage: what the engine decided about a message, and why. */

export const triageUrgencies = ['emergency', 'urgent', 'routine'] as const;
export type TriageUrgency = (typeof triageUrgencies)[number];
export const triageIntents = [
  'scheduling',
  'billing',
  'refill',
  'results',
  'records',
  'referral',
  'complaint',
  'clinical-question',
  'general',
] as const;
export type TriageIntent = (typeof triageIntents)[number];
export const distressKinds = ['anger', 'fear', 'grief', 'shouting', 'repeated'] as const;
export type DistressKind = (typeof distressKinds)[number];

export const triageRequestSchema = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
  /** The message's language; detected from the text when left out. */
  language: z.enum(['en', 'es']).optional(),
});

const quotedPhraseSchema = z.object({
  text: z.string(),
  /** Offsets into the message, to highlight the phrase. */
  start: z.number().int(),
  end: z.number().int(),
});

export const triageReasonSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('red-flag'),
    rule: z.string(),
    label: z.string(),
    level: z.enum(['emergency', 'urgent']),
    phrases: z.array(quotedPhraseSchema),
    summary: z.string(),
  }),
  z.object({
    kind: z.literal('set-aside'),
    rule: z.string(),
    label: z.string(),
    status: z.enum(['negated', 'history', 'hypothetical']),
    phrases: z.array(quotedPhraseSchema),
    cue: quotedPhraseSchema.nullable(),
    summary: z.string(),
  }),
  z.object({
    kind: z.literal('model'),
    decides: z.enum(['urgency', 'intent']),
    label: z.string(),
    probability: z.number(),
    cautious: z.boolean(),
    words: z.array(z.string()),
    summary: z.string(),
  }),
  z.object({ kind: z.literal('rule'), decides: z.literal('intent'), label: z.string(), summary: z.string() }),
]);
export type TriageReason = z.infer<typeof triageReasonSchema>;

export const triageResultSchema = z.object({
  urgency: z.enum(triageUrgencies),
  intent: z.enum(triageIntents),
  language: z.enum(['en', 'es']),
  reasons: z.array(triageReasonSchema),
  probabilities: z.object({
    urgency: z.record(z.string(), z.number()),
    intent: z.record(z.string(), z.number()),
  }),
});
export type TriageResultBody = z.infer<typeof triageResultSchema>;

/** The triage shown beside an inbound message in the desk. */
export const messageTriageSchema = z.object({
  urgency: z.enum(triageUrgencies),
  intent: z.enum(triageIntents),
  language: z.enum(['en', 'es']),
  reasons: z.array(triageReasonSchema),
  /** A clinician's correction, which is what counts from then on. */
  corrected: z
    .object({
      urgency: z.enum(triageUrgencies),
      intent: z.enum(triageIntents),
      by: z.string(),
      at: z.iso.datetime({ offset: true }),
    })
    .nullable(),
});
export type MessageTriage = z.infer<typeof messageTriageSchema>;

export const triageCorrectionSchema = z.object({
  urgency: z.enum(triageUrgencies),
  intent: z.enum(triageIntents),
});
export type TriageCorrection = z.infer<typeof triageCorrectionSchema>;

const phoneE164 = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'must be a phone number in international form, like +15085550111');
const shortNumber = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{2,30}$/, 'must be a phone number or short code, like 911 or 1-800-222-1222');

export const safetySettingsSchema = z.object({
  emergencyNumber: shortNumber,
  crisisLine: shortNumber,
  poisonControl: shortNumber,
  /** Texted (no patient details, only a link) when an emergency arrives and no clinician is on duty. */
  onCallPhone: phoneE164.nullable(),
});
export type SafetySettings = z.infer<typeof safetySettingsSchema>;

/** Live: an emergency came in; the staff named should look at once. */
export const emergencyAlertEventSchema = z.object({
  type: z.literal('triage.emergency'),
  conversationId: z.uuid(),
  alertedStaffIds: z.array(z.uuid()),
  at: z.iso.datetime({ offset: true }),
});
export type EmergencyAlertEvent = z.infer<typeof emergencyAlertEventSchema>;

/** A short de-escalation tip for the agent, in both desk languages. */
export const distressTipSchema = z.object({
  kind: z.enum(distressKinds),
  tip: z.object({ en: z.string(), es: z.string() }),
});
