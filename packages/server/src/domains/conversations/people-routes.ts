import { type InboxPeople, inboxPeopleSchema } from '@patientdesk/contracts';
import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Orm } from '../../db/connection.ts';
import type { AppDependencies } from '../../http/app.ts';
import { staffPermissions } from '../access/policy.ts';
import { teams } from '../organizations/schema.ts';
import { asStaff } from '../patients/run-as.ts';
import { staffMembers, staffTeamMemberships } from '../staff/schema.ts';

/**
 * The teams and the active colleagues who work the inbox (the roles that read conversations),
 * so a conversation is never assigned to someone who could not open it. Runs in the tenant
 * transaction: row-level security keeps every other organisation's staff out.
 */
export async function inboxPeople(orm: Orm): Promise<InboxPeople> {
  const teamRows = await orm.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
  const staffRows = await orm
    .select({
      id: staffMembers.id,
      displayName: staffMembers.displayName,
      availability: staffMembers.availability,
      email: staffMembers.email,
    })
    .from(staffMembers)
    .where(
      and(
        isNull(staffMembers.disabledAt),
        inArray(staffMembers.role, [...staffPermissions['conversation.read']]),
      ),
    )
    .orderBy(asc(staffMembers.displayName));
  const memberships = await orm
    .select({ staffMemberId: staffTeamMemberships.staffMemberId, teamId: staffTeamMemberships.teamId })
    .from(staffTeamMemberships);
  return {
    teams: teamRows,
    staff: staffRows.map(({ email, ...member }) => ({
      ...member,
      teamIds: memberships.filter((row) => row.staffMemberId === member.id).map((row) => row.teamId),
      // The server resolves `@` + the part of the work email before the @ (see mentions.ts).
      mentionName: email.split('@')[0]!,
    })),
  };
}

/** `GET /api/inbox/people`: who a conversation can be assigned or a note addressed to. */
export function inboxPeopleRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.get(
      '/api/inbox/people',
      {
        config: { permission: 'conversation.read' },
        schema: {
          tags: ['conversations'],
          summary: 'The teams and the colleagues who work the inbox (for assigning and @mentions)',
          response: { 200: inboxPeopleSchema },
        },
      },
      async (request) => run(request, (scope) => inboxPeople(scope.orm)),
    );
  };
}
