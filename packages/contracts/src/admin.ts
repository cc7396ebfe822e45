import { z } from 'zod';
import { staffRoleSchema } from './auth.ts';
import { outboxAttachmentSchema, outboxEmailHeadersSchema } from './outbox.ts';
import { staffAvailabilitySchema } from './staff.ts';

/** A staff member as administrators see them: the account and its sign-in security. */
export const adminStaffMemberSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  role: staffRoleSchema,
  availability: staffAvailabilitySchema,
  /** Invited and has not chosen a password yet. */
  invited: z.boolean(),
  disabled: z.boolean(),
  mfaEnabled: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
  liveSessions: z.number().int(),
});
export type AdminStaffMember = z.infer<typeof adminStaffMemberSchema>;

export const staffInvitationRequestSchema = z.object({
  email: z.email({ message: 'Enter an email address such as name@clinic.org.' }).max(320),
  displayName: z.string().trim().min(1, 'Enter the name colleagues will see.').max(200),
  role: staffRoleSchema,
});

export const staffInvitedSchema = z.object({
  staffMemberId: z.uuid(),
  invitationExpiresAt: z.iso.datetime(),
});

export const staffUpdateRequestSchema = z
  .object({
    role: staffRoleSchema.optional(),
    /** true disables the account and ends its sessions; false lets the person sign in again. */
    disabled: z.boolean().optional(),
  })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, {
    message: 'Send a new role, disabled (true or false), or both.',
  });

export const endedSessionsSchema = z.object({ endedSessions: z.number().int() });

/** A live session of the organisation (staff in the desk, or patients and proxies in the portal). */
export const adminSessionSchema = z.object({
  id: z.uuid(),
  subject: z.object({
    type: z.enum(['staff', 'patient', 'proxy']),
    id: z.uuid(),
    /** The staff member's name; for portal sessions only a masked contact (no patient details). */
    label: z.string(),
  }),
  authenticatedBy: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type AdminSession = z.infer<typeof adminSessionSchema>;

export const apiTokenSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The token's first characters, to tell tokens apart. */
  tokenPrefix: z.string(),
  staffMember: z.object({ id: z.uuid(), displayName: z.string(), email: z.string() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiTokenSummary = z.infer<typeof apiTokenSummarySchema>;

/** Tokens expire after this many days unless the request says otherwise. */
export const defaultApiTokenDays = 90;

export const apiTokenCreationSchema = z.object({
  /** The staff member the token acts as, with their role. */
  staffMemberId: z.uuid(),
  name: z.string().trim().min(1, 'Name the token after what uses it, such as "nightly export".').max(200),
  /** Days until it stops working: 90 when left out; null for a token that never expires. */
  expiresInDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be between 1 and 3650 days')
    .max(3650, 'must be between 1 and 3650 days')
    .nullable()
    .optional(),
});

export const createdApiTokenSchema = z.object({
  id: z.uuid(),
  /** Shown this once; only its hash is kept. Send it as `Authorization: Bearer <token>`. */
  token: z.string(),
  expiresAt: z.iso.datetime().nullable(),
});

export const outboxMessageSchema = z.object({
  id: z.uuid(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  purpose: z.string(),
  emailHeaders: outboxEmailHeadersSchema.nullable(),
  attachments: z.array(outboxAttachmentSchema),
  createdAt: z.iso.datetime(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

const age = (label: string, min: number, max: number) =>
  z
    .number()
    .int(`${label} must be a whole number of years`)
    .min(min, `${label} must be between ${min} and ${max}`)
    .max(max, `${label} must be between ${min} and ${max}`);

/** The organisation's security settings. */
export const organizationSettingsSchema = z
  .object({
    requireStaffMfa: z.boolean(),
    /** From this age a parent's proxy access narrows to scheduling and billing. */
    proxyAdolescentAge: age('The adolescent age', 0, 21),
    /** From this age a parent's proxy access ends (unless a guardian or legal representative). */
    proxyAdultAge: age('The adult age', 1, 25),
  })
  .refine((settings) => settings.proxyAdolescentAge <= settings.proxyAdultAge, {
    message: 'The adolescent age cannot be above the adult age.',
    path: ['proxyAdolescentAge'],
  });
export type OrganizationSettings = z.infer<typeof organizationSettingsSchema>;
