import { z } from 'zod';
import { patientSexSchema } from './vocabulary.ts';

/** `GET /api/patients?q=`: a name (typos allowed), a date of birth, a phone, an email or an MRN. */
export const patientSearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(2, 'type at least 2 characters: a name, a date of birth, a phone number, an email or an MRN')
    .max(200, 'must be at most 200 characters'),
  limit: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 50')
    .max(50, 'must be between 1 and 50')
    .default(20),
  /** Also show records that were merged into another (they are left out otherwise). */
  includeMerged: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});
export type PatientSearchQuery = z.infer<typeof patientSearchQuerySchema>;

/** What search understood the query to be. */
export const patientSearchKindSchema = z.enum(['name', 'birth-date', 'phone', 'email', 'mrn']);
export type PatientSearchKind = z.infer<typeof patientSearchKindSchema>;

/** What an agent needs to pick the right person from a list. */
export const patientSummarySchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  birthDate: z.string(),
  sex: patientSexSchema,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferredLanguage: z.string(),
  /** Set when this record was merged into another: open that one instead. */
  mergedIntoId: z.uuid().nullable(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

/** Best match first. */
export const patientSearchResultSchema = z.object({ items: z.array(patientSummarySchema) });
export type PatientSearchResult = z.infer<typeof patientSearchResultSchema>;
