import { z } from 'zod';

export const staffAvailabilitySchema = z.enum(['available', 'busy', 'away', 'offline']);
export type StaffAvailabilityName = z.infer<typeof staffAvailabilitySchema>;

export const setAvailabilityRequestSchema = z.object({ availability: staffAvailabilitySchema });

export const staffAvailabilityChangedEventSchema = z.object({
  type: z.literal('staff.availability_changed'),
  staffMemberId: z.uuid(),
  availability: staffAvailabilitySchema,
  at: z.iso.datetime(),
});
