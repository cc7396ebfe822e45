import {
  auditChainVerificationSchema,
  auditLogFiltersSchema,
  auditLogPageSchema,
  auditLogQuerySchema,
  emergencyAccessListQuerySchema,
  emergencyAccessReviewSchema,
  emergencyAccessSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { auditContextOf, runAsActor } from '../access/actor-scope.ts';
import { describeSearch, prepareAuditSearch, readAuditLogPage } from './audit-log.ts';
import { auditLogCsv } from './csv-export.ts';
import { listEmergencyAccesses, reviewEmergencyAccess } from './emergency-access-review.ts';
import { verifyChain } from './verify.ts';

// Rows per page while streaming an export: large enough for few round trips, small enough that
// one page's transaction is over in an instant.
const exportPageSize = 1_000;

/** Today's date in the clinic's time zone, for the export's file name. */
const clinicDate = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

/**
 * The audit log for compliance: search and export it, check its chain, and review "break the
 * glass" accesses. Reading the log is itself recorded in it.
 */
export function auditRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, audit } = deps;
  return async (app) => {
    app.get(
      '/api/audit',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['audit'],
          summary: "Search the organisation's audit log, newest first",
          description:
            'Filters combine with AND. `from` and `to` take a day (2026-03-01, the whole day in the clinic’s time zone) or a moment (2026-03-01T09:30:00Z). Pass `nextBefore` of a page as `before` to get the next, older page.',
          querystring: auditLogQuerySchema,
          response: { 200: auditLogPageSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        const { limit, before, ...filters } = request.query;
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('audit.read');
          const { search } = await prepareAuditSearch(scope.orm, actor.organizationId, filters);
          const page = await readAuditLogPage(scope.orm, actor.organizationId, search, { limit, before });
          scope.record({
            action: 'audit.read',
            resourceType: 'audit-log',
            patientIds: search.patientId ? [search.patientId] : [],
            outcome: 'allowed',
            details: { filters: describeSearch(search), before: before ?? null, returned: page.items.length },
          });
          return page;
        });
      },
    );

    app.get(
      '/api/audit/export.csv',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['audit'],
          summary: 'Download the audit log as CSV (same filters as the search; every matching event)',
          description:
            'A streamed CSV file with a header row, newest event first. patient_ids are separated by spaces; details is JSON.',
          querystring: auditLogFiltersSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const { search, timeZone } = await runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('audit.read');
          const prepared = await prepareAuditSearch(scope.orm, actor.organizationId, request.query);
          // Recorded (and committed) before the first byte of the file leaves.
          scope.record({
            action: 'audit.export',
            resourceType: 'audit-log',
            patientIds: prepared.search.patientId ? [prepared.search.patientId] : [],
            outcome: 'allowed',
            details: { filters: describeSearch(prepared.search), format: 'csv' },
          });
          return prepared;
        });
        const csv = auditLogCsv(
          (before) =>
            runAsActor(deps, request, actor, ({ orm }) =>
              readAuditLogPage(orm, actor.organizationId, search, { limit: exportPageSize, before }),
            ),
          (error) => request.log.error({ err: error }, 'the audit export stopped part-way'),
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-log-${clinicDate(timeZone)}.csv"`)
          .send(csv);
      },
    );

    app.post(
      '/api/audit/verify',
      {
        config: { permission: 'audit.verify' },
        schema: {
          tags: ['audit'],
          summary: "Check the organisation's audit chain: every event unchanged, none removed",
          description:
            'Recomputes every hash of the chain. `intact: false` names the first broken link: the event was changed, removed or added outside PatientDesk.',
          response: { 200: auditChainVerificationSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        await runAsActor(deps, request, actor, (scope) => scope.authorize('audit.verify'));
        // The walk reads with the database's own role, outside any tenant transaction (on the
        // embedded database that one would have to end first), and only this organisation's chain.
        const verification = await verifyChain(database, actor.organizationId);
        const brokenLink = verification.brokenLink && {
          seq: verification.brokenLink.seq,
          eventId: verification.brokenLink.eventId,
          problem: verification.brokenLink.problem,
        };
        await audit.record(auditContextOf(request, actor), {
          action: 'audit.verify',
          resourceType: 'audit-log',
          outcome: 'allowed',
          details: {
            intact: verification.intact,
            events: verification.events,
            brokenLink: brokenLink ?? null,
          },
        });
        return {
          intact: verification.intact,
          events: verification.events,
          ...(brokenLink ? { brokenLink } : {}),
        };
      },
    );

    app.get(
      '/api/audit/emergency-accesses',
      {
        config: { permission: 'emergency-access.review' },
        schema: {
          tags: ['audit'],
          summary: '"Break the glass" accesses to review: who opened which record, why, and the review',
          querystring: emergencyAccessListQuerySchema,
          response: { 200: z.object({ items: z.array(emergencyAccessSchema) }) },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('emergency-access.review');
          const items = await listEmergencyAccesses(scope.orm, actor.organizationId, request.query);
          scope.record({
            action: 'emergency-access.list',
            resourceType: 'emergency-access',
            patientIds: items.map((item) => item.patient.id),
            outcome: 'allowed',
            details: { status: request.query.status ?? 'all', returned: items.length },
          });
          return { items };
        });
      },
    );

    app.post(
      '/api/audit/emergency-accesses/:id/review',
      {
        config: { permission: 'emergency-access.review' },
        schema: {
          tags: ['audit'],
          summary: 'Sign off an emergency access with a note (not your own; once)',
          params: z.object({ id: z.uuid({ message: 'must be an emergency access id (a UUID)' }) }),
          body: emergencyAccessReviewSchema,
          response: { 200: emergencyAccessSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return runAsActor(deps, request, actor, async (scope) => {
          await scope.authorize('emergency-access.review');
          const reviewed = await reviewEmergencyAccess(scope.orm, {
            organizationId: actor.organizationId,
            accessId: request.params.id,
            reviewerId: actor.staffMemberId,
            note: request.body.note,
          });
          scope.record({
            action: 'emergency-access.review',
            resourceType: 'emergency-access',
            resourceId: reviewed.id,
            patientIds: [reviewed.patient.id],
            outcome: 'allowed',
            details: { staffMemberId: reviewed.staffMember.id },
          });
          return reviewed;
        });
      },
    );
  };
}
