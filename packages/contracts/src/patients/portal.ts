import { z } from 'zod';
import { portalPatientSchema } from '../auth.ts';
import {
  consentChannelSchema,
  consentStatusSchema,
  contactChannelSchema,
  contactPointKindSchema,
  contactPointLabelSchema,
  languageTagSchema,
  patientSexSchema,
  postalAddressInputSchema,
  postalAddressSchema,
  quietHoursSchema,
} from './vocabulary.ts';

/** `GET /api/portal/patients`: the patients the signed-in person acts for (themselves first). */
export const portalPatientListSchema = z.object({ items: z.array(portalPatientSchema) });

/** `GET /api/portal/patients/:id/profile`: what the patient (or their proxy) sees of the record. */
export const portalProfileSchema = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  birthDate: z.string(),
  sex: patientSexSchema,
  genderIdentity: z.string().nullable(),
  pronouns: z.string().nullable(),
  preferredLanguage: z.string(),
  address: postalAddressSchema,
  contactPoints: z.array(
    z.object({
      id: z.uuid(),
      kind: contactPointKindSchema,
      value: z.string(),
      label: contactPointLabelSchema,
      isPrimary: z.boolean(),
      verified: z.boolean(),
    }),
  ),
  preferences: z.object({
    preferredChannel: contactChannelSchema,
    quietHours: quietHoursSchema.nullable(),
  }),
  consents: z.array(
    z.object({ channel: consentChannelSchema, status: consentStatusSchema, recordedAt: z.iso.datetime() }),
  ),
});
export type PortalProfile = z.infer<typeof portalProfileSchema>;

const shortText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/**
 * `PATCH /api/portal/patients/:id/profile`: what a patient may correct themselves. (An empty change
 * is refused by the server after the access check, so another patient's id always answers 403.)
 */
export const portalProfileUpdateSchema = z.strictObject({
  preferredName: shortText(100).nullable().optional(),
  pronouns: shortText(50).nullable().optional(),
  address: postalAddressInputSchema.optional(),
  preferredLanguage: languageTagSchema.optional(),
});
export type PortalProfileUpdate = z.infer<typeof portalProfileUpdateSchema>;

/** `PUT /api/portal/patients/:id/preferences`: how and when the clinic may reach the patient. */
export const portalPreferencesUpdateSchema = z.strictObject({
  preferredChannel: contactChannelSchema.optional(),
  quietHours: quietHoursSchema.nullable().optional(),
  consents: z
    .strictObject({
      sms: consentStatusSchema.optional(),
      email: consentStatusSchema.optional(),
      voice: consentStatusSchema.optional(),
    })
    .optional(),
});
export type PortalPreferencesUpdate = z.infer<typeof portalPreferencesUpdateSchema>;
