import { z } from 'zod';
import { proxyScopeSchema } from '../auth.ts';
import {
  consentChannelSchema,
  consentSourceSchema,
  consentStatusSchema,
  contactChannelSchema,
  contactPointKindSchema,
  contactPointLabelSchema,
  coveragePrioritySchema,
  patientNoteKindSchema,
  patientSexSchema,
  postalAddressSchema,
  proxyRelationshipSchema,
  quietHoursSchema,
  subscriberRelationshipSchema,
  verificationIdentifierSchema,
  verificationMethodSchema,
} from './vocabulary.ts';

export const contactPointSchema = z.object({
  id: z.uuid(),
  kind: contactPointKindSchema,
  value: z.string(),
  label: contactPointLabelSchema,
  /** The primary phone and email are the record's `phone` and `email`. */
  isPrimary: z.boolean(),
  verifiedAt: z.iso.datetime().nullable(),
});
export type ContactPoint = z.infer<typeof contactPointSchema>;

export const consentEntrySchema = z.object({
  id: z.uuid(),
  channel: consentChannelSchema,
  status: consentStatusSchema,
  source: consentSourceSchema,
  recordedAt: z.iso.datetime(),
  /** The staff member who recorded it; null when the patient did (portal, keyword, link). */
  recordedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type ConsentEntry = z.infer<typeof consentEntrySchema>;

export const patientConsentsSchema = z.object({
  /** The consent in force per channel (the latest entry); a channel never asked about is absent. */
  current: z.array(consentEntrySchema),
  /** Every entry, newest first. */
  history: z.array(consentEntrySchema),
});
export type PatientConsents = z.infer<typeof patientConsentsSchema>;

export const coverageSchema = z.object({
  id: z.uuid(),
  priority: coveragePrioritySchema,
  payerName: z.string(),
  planName: z.string().nullable(),
  memberNumber: z.string(),
  groupNumber: z.string().nullable(),
  subscriberRelationship: subscriberRelationshipSchema,
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type Coverage = z.infer<typeof coverageSchema>;

export const patientNoteSchema = z.object({
  id: z.uuid(),
  kind: patientNoteKindSchema,
  body: z.string(),
  author: z.object({ id: z.uuid(), displayName: z.string() }),
  createdAt: z.iso.datetime(),
});
export type PatientNote = z.infer<typeof patientNoteSchema>;

export const identityVerificationSchema = z.object({
  id: z.uuid(),
  /** The identifiers that matched the record. */
  identifiers: z.array(verificationIdentifierSchema),
  method: verificationMethodSchema,
  conversationId: z.uuid().nullable(),
  verifiedBy: z.object({ id: z.uuid(), displayName: z.string() }),
  verifiedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type IdentityVerification = z.infer<typeof identityVerificationSchema>;

/** `POST /api/patients/:id/verifications`: the check stored, and what the contact got wrong (if anything). */
export const identityCheckResultSchema = identityVerificationSchema.extend({
  notMatched: z.array(verificationIdentifierSchema),
});

/** `GET /api/patients/:id/verifications/current`. */
export const currentIdentityVerificationSchema = z.object({ current: identityVerificationSchema.nullable() });

const linkedRecordSchema = z.object({ id: z.uuid(), mrn: z.string(), mergedAt: z.iso.datetime() });

/** Parts of the record a role may be refused (minimum necessary). */
export const patientRecordSectionSchema = z.enum(['coverage', 'notes', 'clinicalNotes', 'governmentId']);
export type PatientRecordSection = z.infer<typeof patientRecordSectionSchema>;

/**
 * `GET /api/patients/:id`: the record as the signed-in role may see it. A section the role may not
 * see is null and named in `withheld`.
 */
export const patientRecordSchema = z.object({
  id: z.uuid(),
  /** `emergency-access` when the record is open because the reader broke the glass. */
  access: z.enum(['role', 'emergency-access']),
  withheld: z.array(patientRecordSectionSchema),
  demographics: z.object({
    mrn: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    preferredName: z.string().nullable(),
    birthDate: z.string(),
    sex: patientSexSchema,
    genderIdentity: z.string().nullable(),
    pronouns: z.string().nullable(),
    preferredLanguage: z.string(),
  }),
  contact: z.object({
    contactPoints: z.array(contactPointSchema),
    address: postalAddressSchema,
    preferredChannel: contactChannelSchema,
    quietHours: quietHoursSchema.nullable(),
  }),
  consents: patientConsentsSchema,
  coverage: z.array(coverageSchema).nullable(),
  careTeam: z.object({
    primaryProvider: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  }),
  /** People who act for the patient, and what they may do. */
  proxies: z.array(
    z.object({
      id: z.uuid(),
      proxyId: z.uuid(),
      name: z.string(),
      relationship: proxyRelationshipSchema,
      scopes: z.array(proxyScopeSchema),
      expiresAt: z.iso.datetime().nullable(),
    }),
  ),
  notes: z.array(patientNoteSchema).nullable(),
  clinicalNotes: z.array(patientNoteSchema).nullable(),
  /** Only the last four characters; null when none is on file or it is withheld. */
  governmentId: z.object({ masked: z.string(), lastFour: z.string() }).nullable(),
  /** The latest identity check that has not expired. */
  identityVerification: identityVerificationSchema.nullable(),
  merge: z.object({
    /** This record was merged into that one. */
    mergedInto: linkedRecordSchema.nullable(),
    /** Records merged into this one. */
    mergedFrom: z.array(linkedRecordSchema),
  }),
});
export type PatientRecord = z.infer<typeof patientRecordSchema>;
