import { z } from 'zod';
import { staffAvailabilitySchema } from './staff.ts';

export const staffRoleSchema = z.enum([
  'agent',
  'scheduler',
  'billing',
  'clinician',
  'supervisor',
  'compliance',
  'admin',
]);
export type StaffRoleName = z.infer<typeof staffRoleSchema>;

export const proxyScopeSchema = z.enum(['scheduling', 'billing', 'messaging', 'records']);
export type ProxyScopeName = z.infer<typeof proxyScopeSchema>;

const emailSchema = z.email({ message: 'Enter an email address such as name@clinic.org.' }).max(320);
export const newPasswordSchema = z
  .string()
  .min(12, 'Use at least 12 characters; a few unrelated words make a strong password.')
  .max(1024, 'Use at most 1,024 characters.');

/** `POST /api/auth/login`: email, password and, for accounts with two-step sign-in, the code. */
export const staffSignInRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(1024),
  code: z
    .string()
    .trim()
    .min(6, 'Enter the 6-digit code from your authenticator app, or a recovery code.')
    .max(40)
    .optional(),
});
export type StaffSignInRequest = z.infer<typeof staffSignInRequestSchema>;

export const signedInStaffSchema = z.object({
  kind: z.literal('staff'),
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  availability: staffAvailabilitySchema,
  organization: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  sessionExpiresAt: z.iso.datetime().nullable(),
  mfa: z.object({
    enabled: z.boolean(),
    /** The organisation requires two-step sign-in. */
    required: z.boolean(),
    /** Required but not set up: the app must lead to enrolment first. */
    enrollmentRequired: z.boolean(),
    recoveryCodesLeft: z.number().int(),
  }),
});
export type SignedInStaff = z.infer<typeof signedInStaffSchema>;

export const portalPatientSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  /** `self` for the person's own record, otherwise how they are related. */
  relationship: z.string(),
  scopes: z.array(proxyScopeSchema),
});
export type PortalPatient = z.infer<typeof portalPatientSchema>;

export const signedInPortalUserSchema = z.object({
  kind: z.literal('portal'),
  role: z.enum(['patient', 'proxy']),
  displayName: z.string(),
  organization: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  sessionExpiresAt: z.iso.datetime(),
  patients: z.array(portalPatientSchema),
});
export type SignedInPortalUser = z.infer<typeof signedInPortalUserSchema>;

export const signedInSchema = z.discriminatedUnion('kind', [signedInStaffSchema, signedInPortalUserSchema]);
export type SignedIn = z.infer<typeof signedInSchema>;

export const mfaEnrollmentSchema = z.object({
  uri: z.string(),
  secret: z.string(),
  qrCodeSvg: z.string(),
});
export type MfaEnrollment = z.infer<typeof mfaEnrollmentSchema>;

export const mfaCodeRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code your authenticator app shows.'),
});

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const activeSessionSchema = z.object({
  id: z.uuid(),
  current: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  authenticatedBy: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type ActiveSession = z.infer<typeof activeSessionSchema>;

export const passwordResetRequestSchema = z.object({ email: emailSchema });
export const passwordResetCompletionSchema = z.object({
  token: z.string().min(20, 'This link is incomplete. Open the whole link from the email.').max(200),
  password: newPasswordSchema,
});

export const invitationSchema = z.object({
  email: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  organizationName: z.string(),
  expiresAt: z.iso.datetime(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationAcceptanceSchema = z.object({
  token: z.string().min(20, 'This link is incomplete. Open the whole link from the email.').max(200),
  displayName: z.string().trim().min(1, 'Enter your name as colleagues should see it.').max(200),
  password: newPasswordSchema,
});

export const portalCodeRequestSchema = z.object({
  organization: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a clinic short name such as "demo"'),
  contact: z.string().trim().min(5, 'Enter your email address or mobile number.').max(320),
});
export const portalCodeVerificationSchema = portalCodeRequestSchema.extend({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code we sent you.'),
});
