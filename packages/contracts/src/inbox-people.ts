import { z } from 'zod';
import { staffAvailabilitySchema } from './staff.ts';

/**
 * `GET /api/inbox/people`: who works the inbox, for assigning a conversation to a colleague or
 * a team and for completing `@mentions` in internal notes.
 */
export const inboxTeamSchema = z.object({ id: z.uuid(), name: z.string() });

export const inboxColleagueSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  availability: staffAvailabilitySchema,
  teamIds: z.array(z.uuid()),
  /** What to type after `@` in a note to mention them (the part of their work email before the @). */
  mentionName: z.string(),
});
export type InboxColleague = z.infer<typeof inboxColleagueSchema>;

export const inboxPeopleSchema = z.object({
  teams: z.array(inboxTeamSchema),
  staff: z.array(inboxColleagueSchema),
});
export type InboxPeople = z.infer<typeof inboxPeopleSchema>;
