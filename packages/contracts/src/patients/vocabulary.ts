import { z } from 'zod';

/** The words of a patient record, shared by every patient contract. */

export const patientSexSchema = z.enum(['female', 'male', 'other', 'unknown']);
export type PatientSexName = z.infer<typeof patientSexSchema>;

/** How the patient prefers to be reached. */
export const contactChannelSchema = z.enum(['sms', 'email', 'phone', 'portal']);
export type ContactChannelName = z.infer<typeof contactChannelSchema>;

/** The channels a patient consents to (or refuses) being contacted on. */
export const consentChannelSchema = z.enum(['sms', 'email', 'voice']);
export type ConsentChannelName = z.infer<typeof consentChannelSchema>;
export const consentStatusSchema = z.enum(['granted', 'revoked']);
export const consentSourceSchema = z.enum([
  'portal',
  'staff',
  'sms-keyword',
  'email-link',
  'import',
  'registration',
]);

export const contactPointKindSchema = z.enum(['phone', 'email']);
export const contactPointLabelSchema = z.enum(['mobile', 'home', 'work', 'other']);

export const proxyRelationshipSchema = z.enum([
  'parent',
  'guardian',
  'caretaker',
  'spouse',
  'child',
  'sibling',
  'legal-representative',
  'other',
]);

export const coveragePrioritySchema = z.enum(['primary', 'secondary', 'tertiary']);
export const subscriberRelationshipSchema = z.enum(['self', 'spouse', 'child', 'other']);
export const patientNoteKindSchema = z.enum(['administrative', 'clinical']);
export const verificationMethodSchema = z.enum(['phone-call', 'chat', 'in-person', 'video', 'email', 'sms']);
/** What a contact can tell to prove who they are. */
export const verificationIdentifierSchema = z.enum([
  'name',
  'birth-date',
  'phone',
  'email',
  'address',
  'mrn',
]);
export type VerificationIdentifierName = z.infer<typeof verificationIdentifierSchema>;

const calendarDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `yyyy-mm-dd` names a real day (JavaScript's Date would turn 2026-02-30 into March 2). */
export function isCalendarDate(value: string): boolean {
  const match = calendarDayPattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The latest date that is today somewhere on Earth (UTC+14): a child born "today" in any time
 * zone is not refused for being born in the future.
 */
function latestToday(): string {
  return new Date(Date.now() + 14 * 60 * 60_000).toISOString().slice(0, 10);
}

export const calendarDateSchema = z
  .string()
  .trim()
  .refine(isCalendarDate, { message: 'must be a date such as 1984-03-07' });

export const birthDateSchema = calendarDateSchema
  .refine((value) => value <= latestToday(), { message: 'cannot be in the future' })
  .refine((value) => value >= '1880-01-01', { message: 'must be after 1880' });

export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

export function phoneDigitCount(value: string): number {
  return value.replace(/\D/g, '').length;
}

export const phoneNumberSchema = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .refine(
    (value) => /^\+?[\d\s().-]+$/.test(value) && phoneDigitCount(value) >= 7 && phoneDigitCount(value) <= 15,
    {
      message: 'must be a phone number such as (555) 010-2030 or +1 555 010 2030',
    },
  );

export const emailAddressSchema = z
  .email({ message: 'must be an email address such as name@example.com' })
  .max(320, 'must be at most 320 characters');

/** A wall-clock time of day, `HH:MM` (24-hour), in the patient's own time zone. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 21:00 (24-hour clock)');

export const languageTagSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language code such as en, es or pt-BR');

export const quietHoursSchema = z.object({ start: timeOfDaySchema, end: timeOfDaySchema });
export type QuietHours = z.infer<typeof quietHoursSchema>;

const addressPart = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).nullable().optional();

/** A postal address; send null to clear a part. */
export const postalAddressInputSchema = z.strictObject({
  line: addressPart(200),
  city: addressPart(100),
  region: addressPart(100),
  postalCode: addressPart(20),
  /** ISO 3166 two-letter code. */
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as US')
    .nullable()
    .optional(),
});

export const postalAddressSchema = z.object({
  line: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});
export type PostalAddress = z.infer<typeof postalAddressSchema>;

export const patientIdParamsSchema = z.object({ id: z.uuid({ message: 'must be a patient id (a UUID)' }) });
