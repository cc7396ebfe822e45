import {
  adminStaffMemberSchema,
  endedSessionsSchema,
  staffInvitationRequestSchema,
  staffInvitedSchema,
  staffUpdateRequestSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { runAsActor } from '../access/actor-scope.ts';
import { resendInvitation } from '../identity/one-time-links.ts';
import { getOrganization } from '../organizations/service.ts';
import { inviteStaff, resetStaffMfa, signStaffOutEverywhere, updateStaffAccount } from './staff-accounts.ts';
import { listStaffForAdmin } from './staff-directory.ts';

const staffParams = z.object({ id: z.uuid({ message: 'must be a staff member id (a UUID)' }) });

/** Staff accounts for administrators: the list, invitations, roles, disabling, sign-in resets. */
export function adminStaffRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { config, sender } = deps;
  return async (app) => {
    app.get(
      '/api/admin/staff',
      {
        config: { permission: 'staff.read' },
        schema: {
          tags: ['admin'],
          summary:
            'Every staff member with role, availability, account state, two-step, last sign-in and sessions',
          response: { 200: z.object({ items: z.array(adminStaffMemberSchema) }) },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.read');
          return { items: await listStaffForAdmin(scope.orm, actor.organizationId) };
        });
      },
    );

    app.post(
      '/api/admin/staff/invitations',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary: 'Invite a new staff member: the account is made and an invitation link is emailed',
          body: staffInvitationRequestSchema,
          response: { 201: staffInvitedSchema },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const invited = await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          const result = await inviteStaff(scope.orm, sender, config.publicUrl, actor, request.body);
          scope.record({
            action: 'staff.invited',
            resourceType: 'staff-member',
            resourceId: result.staffMemberId,
            outcome: 'allowed',
            details: { email: request.body.email, role: request.body.role },
          });
          return result;
        });
        return reply.code(201).send({
          staffMemberId: invited.staffMemberId,
          invitationExpiresAt: invited.expiresAt.toISOString(),
        });
      },
    );

    app.post(
      '/api/admin/staff/:id/invitation',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary:
            'Send a fresh invitation link to someone who has not accepted yet (the old link stops working)',
          params: staffParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          const organization = await getOrganization(scope.orm, actor.organizationId);
          await resendInvitation(scope.orm, sender, config.publicUrl, {
            organizationId: actor.organizationId,
            organizationName: organization.name,
            staffMemberId: request.params.id,
            invitedBy: { id: actor.staffMemberId, displayName: actor.displayName },
          });
          scope.record({
            action: 'staff.invitation-resent',
            resourceType: 'staff-member',
            resourceId: request.params.id,
            outcome: 'allowed',
          });
        });
        return reply.code(204).send(null);
      },
    );

    app.patch(
      '/api/admin/staff/:id',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary:
            "Change a staff member's role, or disable (ending their sessions) or re-enable the account",
          description:
            'You cannot remove your own admin role or disable yourself (409); another administrator must.',
          params: staffParams,
          body: staffUpdateRequestSchema,
          response: { 200: adminStaffMemberSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          const change = await updateStaffAccount(scope.orm, actor, request.params.id, request.body);
          if (change.role || change.disabled) {
            scope.record({
              action: 'staff.updated',
              resourceType: 'staff-member',
              resourceId: request.params.id,
              outcome: 'allowed',
              details: {
                ...(change.role ? { role: change.role } : {}),
                ...(change.disabled ? { disabled: change.disabled } : {}),
                endedSessions: change.endedSessions,
              },
            });
          }
          const [updated] = await listStaffForAdmin(scope.orm, actor.organizationId, {
            staffMemberId: request.params.id,
          });
          return updated!;
        });
      },
    );

    app.post(
      '/api/admin/staff/:id/reset-mfa',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary: "Remove a staff member's two-step sign-in (lost phone) and end their sessions",
          params: staffParams,
          response: { 200: endedSessionsSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          const result = await resetStaffMfa(scope.orm, actor.organizationId, request.params.id);
          scope.record({
            action: 'staff.mfa-reset',
            resourceType: 'staff-member',
            resourceId: request.params.id,
            outcome: 'allowed',
            details: result,
          });
          return result;
        });
      },
    );

    app.post(
      '/api/admin/staff/:id/sign-out-everywhere',
      {
        config: { permission: 'staff.manage' },
        schema: {
          tags: ['admin'],
          summary: 'End every session of a staff member, on every device',
          params: staffParams,
          response: { 200: endedSessionsSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('staff.manage');
          const result = await signStaffOutEverywhere(scope.orm, actor.organizationId, request.params.id);
          scope.record({
            action: 'staff.signed-out-everywhere',
            resourceType: 'staff-member',
            resourceId: request.params.id,
            outcome: 'allowed',
            details: result,
          });
          return result;
        });
      },
    );
  };
}
