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

export const staffSignInRequestSchema = z.object({
  email: z.email({ message: 'Enter an email address such as name@clinic.org.' }).max(320),
  password: z.string().min(1, 'Enter your password.').max(1024),
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
  sessionExpiresAt: z.iso.datetime(),
});
export type SignedInStaff = z.infer<typeof signedInStaffSchema>;
