import { and, arrayContains, asc, eq, ne, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { type ConversationChannel, conversations } from '../conversations/schema.ts';
import { teams } from '../organizations/schema.ts';
import { staffMembers, staffTeamMemberships } from '../staff/schema.ts';

/**
 * Which team a new conversation goes to, and (when the team assigns automatically) which
 * agent: the team that owns its intent, else the one that owns its channel, else the default
 * team. Auto-assignment is round-robin with load and language: among the team's available
 * agents who speak the contact's language and have room under their capacity, the least loaded,
 * and among equals the one assigned longest ago. Nobody fits: the conversation waits in the
 * team's shared queue.
 */

export type TeamRow = typeof teams.$inferSelect;

export async function chooseTeam(
  orm: Orm,
  conversation: { channel: ConversationChannel; intent: string | null },
): Promise<TeamRow | null> {
  const all = await orm.select().from(teams).orderBy(asc(teams.createdAt));
  return (
    (conversation.intent ? all.find((team) => team.intents.includes(conversation.intent!)) : undefined) ??
    all.find((team) => team.channels.includes(conversation.channel)) ??
    all.find((team) => team.isDefault) ??
    null
  );
}

/** How many conversations in progress each staff member holds. */
const openLoad = sql<number>`(select count(*)::int from ${conversations}
  where ${conversations.assigneeId} = ${staffMembers.id} and ${conversations.status} in ('open', 'pending'))`;

export async function chooseAgent(orm: Orm, teamId: string, language: string): Promise<string | null> {
  const candidates = await orm
    .select({ id: staffMembers.id, capacity: staffMembers.capacity, load: openLoad })
    .from(staffMembers)
    .innerJoin(staffTeamMemberships, eq(staffTeamMemberships.staffMemberId, staffMembers.id))
    .where(
      and(
        eq(staffTeamMemberships.teamId, teamId),
        eq(staffMembers.availability, 'available'),
        sql`${staffMembers.disabledAt} is null`,
        arrayContains(staffMembers.languages, [language]),
        ne(staffMembers.capacity, 0),
      ),
    )
    .orderBy(asc(openLoad), sql`${staffMembers.lastAssignedAt} asc nulls first`, asc(staffMembers.id));
  const chosen = candidates.find((candidate) => candidate.load < candidate.capacity);
  if (!chosen) return null;
  await orm.update(staffMembers).set({ lastAssignedAt: new Date() }).where(eq(staffMembers.id, chosen.id));
  return chosen.id;
}
