import type { InboxOverview, InboxQueueFigures } from '@patientdesk/contracts';
import { and, asc, count, eq, gte, inArray, isNull, min, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../db/connection.ts';
import { staffPermissions } from '../access/policy.ts';
import { organizations, teams } from '../organizations/schema.ts';
import { staffMembers, staffTeamMemberships } from '../staff/schema.ts';
import { conversationEvents, conversations } from './schema.ts';

/**
 * The supervisor's view of the inbox at `now`: queue depth, unassigned work, longest wait and SLA
 * state per team and for the whole organisation, and each colleague's status and load. Counts and
 * names of staff and teams only, so nothing here is health information. Runs in the tenant
 * transaction: row-level security keeps every other organisation's rows out of every count.
 */
export async function inboxOverview(
  orm: Orm,
  organizationId: string,
  now = new Date(),
): Promise<InboxOverview> {
  const queues = await queueFiguresByTeam(orm, now);
  const teamRows = await orm.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
  return {
    teams: teamRows.map((team) => ({
      ...team,
      ...figuresOf(
        queues.filter((queue) => queue.teamId === team.id),
        now,
      ),
    })),
    totals: { ...figuresOf(queues, now), breachesToday: await breachesToday(orm, organizationId, now) },
    agents: await agentsAndLoad(orm, await clinicMidnight(orm, organizationId, now)),
    at: now.toISOString(),
  };
}

const inProgress = ['open', 'pending'] as const;

/** Conversations in progress, counted per team (one row per team that has any, and one for no team). */
async function queueFiguresByTeam(orm: Orm, now: Date) {
  const counted = (condition: ReturnType<typeof sql>) =>
    sql<number>`(count(*) filter (where ${condition}))::int`;
  return orm
    .select({
      teamId: conversations.teamId,
      open: sql<number>`count(*)::int`,
      unassigned: counted(sql`${conversations.assigneeId} is null`),
      // By the clock, not by the monitor's mark: an answer overdue by seconds is overdue now.
      breachedNow: counted(sql`${conversations.responseDueAt} <= ${now}`),
      warnedNow: counted(
        sql`${conversations.slaWarnedAt} is not null and ${conversations.responseDueAt} > ${now}`,
      ),
      waitingSince: min(conversations.waitingSince),
    })
    .from(conversations)
    .where(inArray(conversations.status, inProgress))
    .groupBy(conversations.teamId);
}

type QueueRow = Awaited<ReturnType<typeof queueFiguresByTeam>>[number];

function figuresOf(rows: QueueRow[], now: Date): InboxQueueFigures {
  const sum = (pick: (row: QueueRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const waits = rows.flatMap((row) => (row.waitingSince ? [row.waitingSince.getTime()] : []));
  const longestWaitMs = waits.length ? now.getTime() - Math.min(...waits) : 0;
  return {
    open: sum((row) => row.open),
    unassigned: sum((row) => row.unassigned),
    longestWaitSeconds: Math.max(0, Math.floor(longestWaitMs / 1000)),
    breachedNow: sum((row) => row.breachedNow),
    warnedNow: sum((row) => row.warnedNow),
  };
}

/** Midnight today where the clinic is (its time zone). */
async function clinicMidnight(orm: Orm, organizationId: string, now: Date): Promise<Date> {
  const [organization] = await orm
    .select({ timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const zoned = DateTime.fromJSDate(now, { zone: organization?.timeZone ?? 'UTC' });
  // A zone name luxon does not know counts the day in UTC rather than failing the whole view.
  return (zoned.isValid ? zoned : DateTime.fromJSDate(now, { zone: 'UTC' })).startOf('day').toJSDate();
}

/** SLA breaches since midnight where the clinic is, from the timelines. */
async function breachesToday(orm: Orm, organizationId: string, now: Date): Promise<number> {
  const midnight = await clinicMidnight(orm, organizationId, now);
  const [row] = await orm
    .select({ breaches: count() })
    .from(conversationEvents)
    .where(and(eq(conversationEvents.kind, 'sla-breach'), gte(conversationEvents.createdAt, midnight)));
  return row?.breaches ?? 0;
}

/** Everyone who answers patients (active accounts), with their status, capacity, load and teams. */
async function agentsAndLoad(orm: Orm, midnight: Date): Promise<InboxOverview['agents']> {
  const people = await orm
    .select({
      id: staffMembers.id,
      displayName: staffMembers.displayName,
      availability: staffMembers.availability,
      capacity: staffMembers.capacity,
    })
    .from(staffMembers)
    .where(
      and(
        isNull(staffMembers.disabledAt),
        inArray(staffMembers.role, [...staffPermissions['conversation.reply']]),
      ),
    )
    .orderBy(asc(staffMembers.displayName), asc(staffMembers.id));
  const loads = await orm
    .select({ assigneeId: conversations.assigneeId, active: count() })
    .from(conversations)
    .where(inArray(conversations.status, inProgress))
    .groupBy(conversations.assigneeId);
  // For the well-being work: how many distressed people each colleague dealt with today.
  const distressed = await orm
    .select({ assigneeId: conversations.assigneeId, today: count() })
    .from(conversations)
    .where(gte(conversations.distressAt, midnight))
    .groupBy(conversations.assigneeId);
  const memberships = await orm
    .select({ staffMemberId: staffTeamMemberships.staffMemberId, id: teams.id, name: teams.name })
    .from(staffTeamMemberships)
    .innerJoin(teams, eq(teams.id, staffTeamMemberships.teamId))
    .orderBy(asc(teams.name));
  return people.map((person) => ({
    ...person,
    activeConversations: loads.find((load) => load.assigneeId === person.id)?.active ?? 0,
    distressedToday: distressed.find((row) => row.assigneeId === person.id)?.today ?? 0,
    teams: memberships
      .filter((membership) => membership.staffMemberId === person.id)
      .map(({ id, name }) => ({ id, name })),
  }));
}
