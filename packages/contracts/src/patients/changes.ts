import { z } from 'zod';
import { apiErrorSchema } from '../errors.ts';
import {
  birthDateSchema,
  calendarDateSchema,
  consentStatusSchema,
  contactChannelSchema,
  contactPointLabelSchema,
  coveragePrioritySchema,
  emailAddressSchema,
  languageTagSchema,
  patientNoteKindSchema,
  patientSexSchema,
  personNameSchema,
  phoneNumberSchema,
  postalAddressInputSchema,
  quietHoursSchema,
  subscriberRelationshipSchema,
  verificationMethodSchema,
} from './vocabulary.ts';

const optionalText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const governmentIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9 -]{4,30}$/, 'must be 4 to 30 letters, digits, spaces or dashes');

/** `POST /api/patients`: registers a patient. */
export const newPatientRequestSchema = z.strictObject({
  /** Left out: the clinic's next free MRN is made up. */
  mrn: optionalText(64).optional(),
  givenName: personNameSchema,
  familyName: personNameSchema,
  preferredName: optionalText(100).optional(),
  birthDate: birthDateSchema,
  sex: patientSexSchema.default('unknown'),
  genderIdentity: optionalText(100).optional(),
  pronouns: optionalText(50).optional(),
  preferredLanguage: languageTagSchema.default('en'),
  preferredChannel: contactChannelSchema.optional(),
  phone: phoneNumberSchema.optional(),
  email: emailAddressSchema.optional(),
  address: postalAddressInputSchema.optional(),
  governmentId: governmentIdSchema.optional(),
  primaryProviderId: z.uuid({ message: 'must be a provider id (a UUID)' }).optional(),
  /** The registrar looked at the possible duplicates and this is someone else. */
  confirmedNotDuplicate: z.boolean().default(false),
});
export type NewPatientRequest = z.infer<typeof newPatientRequestSchema>;

/** A record that may be the same person as the one being registered. */
export const duplicateCandidateSchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  matchedOn: z.array(z.enum(['name-and-birth-date', 'phone', 'email'])),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

/**
 * 409 of `POST /api/patients`: the usual error and, when the conflict is a likely duplicate, the
 * records that may be the same person.
 */
export const possibleDuplicatesErrorSchema = apiErrorSchema.extend({
  duplicates: z.array(duplicateCandidateSchema).optional(),
});
export type PossibleDuplicatesError = z.infer<typeof possibleDuplicatesErrorSchema>;

/** `PATCH /api/patients/:id`: the fields given change; null clears an optional one. */
export const patientUpdateRequestSchema = z
  .strictObject({
    givenName: personNameSchema.optional(),
    familyName: personNameSchema.optional(),
    preferredName: optionalText(100).nullable().optional(),
    birthDate: birthDateSchema.optional(),
    sex: patientSexSchema.optional(),
    genderIdentity: optionalText(100).nullable().optional(),
    pronouns: optionalText(50).nullable().optional(),
    preferredLanguage: languageTagSchema.optional(),
    preferredChannel: contactChannelSchema.optional(),
    quietHours: quietHoursSchema.nullable().optional(),
    /** The primary phone; its contact point follows (unverified when the number changes). */
    phone: phoneNumberSchema.nullable().optional(),
    email: emailAddressSchema.nullable().optional(),
    address: postalAddressInputSchema.optional(),
    governmentId: governmentIdSchema.nullable().optional(),
    primaryProviderId: z.uuid({ message: 'must be a provider id (a UUID)' }).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type PatientUpdateRequest = z.infer<typeof patientUpdateRequestSchema>;

/** `POST /api/patients/:id/contact-points`. */
export const newContactPointRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('phone'),
    value: phoneNumberSchema,
    label: contactPointLabelSchema.default('mobile'),
    /** Make it the primary phone (the previous primary one stays as another number). */
    isPrimary: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('email'),
    value: emailAddressSchema,
    label: contactPointLabelSchema.default('home'),
    isPrimary: z.boolean().default(false),
  }),
]);
export type NewContactPointRequest = z.infer<typeof newContactPointRequestSchema>;
export const contactPointParamsSchema = z.object({
  id: z.uuid({ message: 'must be a patient id (a UUID)' }),
  pointId: z.uuid({ message: 'must be a contact point id (a UUID)' }),
});

/** `PUT /api/patients/:id/consents/:channel`: a new entry in the consent history. */
export const consentChangeRequestSchema = z.strictObject({
  status: consentStatusSchema,
  /** How the patient told us: to a staff member (default), or on the registration form. */
  source: z.enum(['staff', 'registration']).default('staff'),
  note: optionalText(500).optional(),
});
export type ConsentChangeRequest = z.infer<typeof consentChangeRequestSchema>;

const coverageFields = {
  priority: coveragePrioritySchema,
  payerName: optionalText(200),
  planName: optionalText(200).nullable(),
  memberNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 -]{1,40}$/, 'must be 1 to 40 letters, digits, spaces or dashes'),
  groupNumber: optionalText(100).nullable(),
  subscriberRelationship: subscriberRelationshipSchema,
  validFrom: calendarDateSchema.nullable(),
  validTo: calendarDateSchema.nullable(),
};
const validityInOrder = (body: { validFrom?: string | null; validTo?: string | null }) =>
  !body.validFrom || !body.validTo || body.validFrom <= body.validTo;
const validityMessage = { message: 'validTo must be on or after validFrom', path: ['validTo'] };

/** `POST /api/patients/:id/coverages`. */
export const newCoverageRequestSchema = z
  .strictObject({
    ...coverageFields,
    priority: coverageFields.priority.default('primary'),
    planName: coverageFields.planName.optional(),
    groupNumber: coverageFields.groupNumber.optional(),
    subscriberRelationship: coverageFields.subscriberRelationship.default('self'),
    validFrom: coverageFields.validFrom.optional(),
    validTo: coverageFields.validTo.optional(),
  })
  .refine(validityInOrder, validityMessage);
export type NewCoverageRequest = z.infer<typeof newCoverageRequestSchema>;

/** `PATCH /api/patients/:id/coverages/:coverageId`. */
export const coverageUpdateRequestSchema = z
  .strictObject({
    priority: coverageFields.priority.optional(),
    payerName: coverageFields.payerName.optional(),
    planName: coverageFields.planName.optional(),
    memberNumber: coverageFields.memberNumber.optional(),
    groupNumber: coverageFields.groupNumber.optional(),
    subscriberRelationship: coverageFields.subscriberRelationship.optional(),
    validFrom: coverageFields.validFrom.optional(),
    validTo: coverageFields.validTo.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' })
  .refine(validityInOrder, validityMessage);
export type CoverageUpdateRequest = z.infer<typeof coverageUpdateRequestSchema>;
export const coverageParamsSchema = z.object({
  id: z.uuid({ message: 'must be a patient id (a UUID)' }),
  coverageId: z.uuid({ message: 'must be a coverage id (a UUID)' }),
});

/** `POST /api/patients/:id/notes`. */
export const newPatientNoteRequestSchema = z.strictObject({
  kind: patientNoteKindSchema,
  body: optionalText(10_000),
});
export type NewPatientNoteRequest = z.infer<typeof newPatientNoteRequestSchema>;

/**
 * `POST /api/patients/:id/verifications`: what the contact said, as they said it. The server
 * compares; at least two identifiers must match the record.
 */
export const identityCheckRequestSchema = z.strictObject({
  identifiers: z.strictObject({
    /** Given and family name, in either order. */
    name: optionalText(200).optional(),
    birthDate: z.string().trim().min(1).max(40).optional(),
    phone: z.string().trim().min(1).max(40).optional(),
    email: z.string().trim().min(1).max(320).optional(),
    /** The street line of the address. */
    address: optionalText(200).optional(),
    mrn: optionalText(64).optional(),
  }),
  method: verificationMethodSchema,
  conversationId: z.uuid({ message: 'must be a conversation id (a UUID)' }).optional(),
});
export type IdentityCheckRequest = z.infer<typeof identityCheckRequestSchema>;

/** `POST /api/patients/:id/emergency-access`: break the glass. */
export const emergencyAccessRequestSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(10, 'say why in at least 10 characters, such as "Patient in urgent care, needs allergies"')
    .max(1000, 'must be at most 1,000 characters'),
});

export const emergencyAccessGrantSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  expiresAt: z.iso.datetime(),
  /** What the access opens beyond what the role may already read. */
  opens: z.array(z.string()),
  message: z.string(),
});
export type EmergencyAccessGrant = z.infer<typeof emergencyAccessGrantSchema>;

/** `POST /api/patients/:id/merge`: this record is a duplicate of `intoPatientId`. */
export const patientMergeRequestSchema = z.strictObject({
  intoPatientId: z.uuid({ message: 'must be a patient id (a UUID)' }),
  reason: z
    .string()
    .trim()
    .min(3, 'say why, such as "Same person registered twice"')
    .max(1000, 'must be at most 1,000 characters'),
});

export const patientMergeResultSchema = z.object({
  mergedPatientId: z.uuid(),
  survivingPatientId: z.uuid(),
  mergedAt: z.iso.datetime(),
  /** How many rows of each part of the record moved to the surviving record. */
  moved: z.object({
    contactPoints: z.number().int(),
    consents: z.number().int(),
    coverages: z.number().int(),
    notes: z.number().int(),
    proxies: z.number().int(),
    identityVerifications: z.number().int(),
  }),
});
export type PatientMergeResult = z.infer<typeof patientMergeResultSchema>;

/** `GET /api/patients/:id/access-history`: who opened or changed the record, newest first. */
export const patientAccessHistorySchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      occurredAt: z.iso.datetime(),
      actor: z.object({
        type: z.string(),
        id: z.uuid().nullable(),
        name: z.string().nullable(),
        role: z.string().nullable(),
      }),
      action: z.string(),
      outcome: z.enum(['allowed', 'denied']),
      breakGlassReason: z.string().nullable(),
      onBehalfOfPatientId: z.uuid().nullable(),
    }),
  ),
});
export type PatientAccessHistory = z.infer<typeof patientAccessHistorySchema>;
