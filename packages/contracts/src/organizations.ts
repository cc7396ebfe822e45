import { z } from 'zod';

export const publicOrganizationSchema = z.object({
  slug: z.string(),
  name: z.string(),
  defaultLanguage: z.string(),
  timeZone: z.string(),
  /** Whether the clinic's staff must use two-step sign-in (the demo clinic turns it off). */
  staffTwoStepRequired: z.boolean(),
});
export type PublicOrganization = z.infer<typeof publicOrganizationSchema>;

/** What staff see about their own organisation: its sites and teams. */
export const organizationOverviewSchema = z.object({
  organization: publicOrganizationSchema.extend({ id: z.uuid(), country: z.string() }),
  locations: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      city: z.string().nullable(),
      phone: z.string().nullable(),
      timeZone: z.string(),
    }),
  ),
  teams: z.array(
    z.object({
      id: z.uuid(),
      slug: z.string(),
      name: z.string(),
      description: z.string(),
      memberCount: z.number().int(),
    }),
  ),
  staffCount: z.number().int(),
});
export type OrganizationOverview = z.infer<typeof organizationOverviewSchema>;
