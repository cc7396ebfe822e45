import { z } from 'zod';
import { staffAvailabilitySchema } from './staff.ts';

/**
 * `GET /api/inbox/overview`: the supervisor's view of the inbox. Counts, team names and staff
 * names only; no patient, contact or message appears here.
 */

const count = z.number().int().min(0);

/** Queue figures over conversations in progress (open or pending; snoozed and resolved ones wait elsewhere). */
export const inboxQueueFiguresSchema = z.object({
  /** Conversations in progress. */
  open: count,
  /** Of those, the ones nobody is assigned to. */
  unassigned: count,
  /** How long the contact who has waited longest for an answer has waited (0 when nobody waits). */
  longestWaitSeconds: count,
  /** In progress and past their answer's due time. */
  breachedNow: count,
  /** In progress, warned that their answer is nearly due, not yet past it. */
  warnedNow: count,
});
export type InboxQueueFigures = z.infer<typeof inboxQueueFiguresSchema>;

export const inboxOverviewTeamSchema = inboxQueueFiguresSchema.extend({
  id: z.uuid(),
  name: z.string(),
});

export const inboxOverviewAgentSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  availability: staffAvailabilitySchema,
  /** How many conversations at once the agent takes (auto-assignment stops there). */
  capacity: count,
  /** Conversations in progress assigned to the agent. */
  activeConversations: count,
  /** Their conversations where a contact showed distress today (anger, fear, grief...): for well-being check-ins. */
  distressedToday: count,
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const inboxOverviewSchema = z.object({
  teams: z.array(inboxOverviewTeamSchema),
  /** The whole organisation, conversations without a team included. */
  totals: inboxQueueFiguresSchema.extend({
    /** SLA breaches since midnight in the organisation's time zone. */
    breachesToday: count,
  }),
  /** Everyone who answers patients (agents, schedulers, billing, clinicians, supervisors), active accounts only. */
  agents: z.array(inboxOverviewAgentSchema),
  /** When these figures were taken. */
  at: z.iso.datetime({ offset: true }),
});
export type InboxOverview = z.infer<typeof inboxOverviewSchema>;
