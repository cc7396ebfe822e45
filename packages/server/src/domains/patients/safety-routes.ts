import {
  currentIdentityVerificationSchema,
  emergencyAccessGrantSchema,
  emergencyAccessRequestSchema,
  identityCheckRequestSchema,
  identityCheckResultSchema,
  patientAccessHistorySchema,
  patientIdParamsSchema,
  patientMergeRequestSchema,
  patientMergeResultSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import { readAccessHistory } from './access-history.ts';
import { breakTheGlass } from './emergency-access.ts';
import { readCurrentVerification, verifyIdentity } from './identity-verification.ts';
import { mergePatients } from './merge.ts';
import { asStaff } from './run-as.ts';

/** Identity checks, break the glass, merging duplicates, and who accessed a record. */
export function recordSafetyRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  return async (app) => {
    app.post(
      '/api/patients/:id/verifications',
      {
        config: { permission: 'patient.verify-identity' },
        schema: {
          tags: ['patients'],
          summary: "Check a contact's identity: the server compares what they said with the record",
          description:
            'At least two identifiers must match; otherwise 422 names those that did not, never the values on file. A check holds for 24 hours.',
          params: patientIdParamsSchema,
          body: identityCheckRequestSchema,
          response: { 201: identityCheckResultSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await run(request, (scope) => verifyIdentity(scope, request.params.id, request.body))),
    );

    app.get(
      '/api/patients/:id/verifications/current',
      {
        config: { permission: 'patient.verify-identity' },
        schema: {
          tags: ['patients'],
          summary: "The patient's identity check in force (null when none)",
          params: patientIdParamsSchema,
          response: { 200: currentIdentityVerificationSchema },
        },
      },
      async (request) => ({
        current: await run(request, (scope) => readCurrentVerification(scope, request.params.id)),
      }),
    );

    app.post(
      '/api/patients/:id/emergency-access',
      {
        config: { permission: 'patient.break-glass' },
        schema: {
          tags: ['patients'],
          summary: "Break the glass: read this patient's whole record for 60 minutes, with a reason",
          description: 'Recorded with the reason and reviewed by compliance.',
          params: patientIdParamsSchema,
          body: emergencyAccessRequestSchema,
          response: { 201: emergencyAccessGrantSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await run(request, (scope) => breakTheGlass(scope, request.params.id, request.body.reason))),
    );

    app.post(
      '/api/patients/:id/merge',
      {
        config: { permission: 'patient.merge' },
        schema: {
          tags: ['patients'],
          summary: 'Merge this duplicate record into the record of the same person that stays',
          description:
            'Contact points, consent history, coverages, notes, proxies and identity checks move; this record is kept, pointing at the other.',
          params: patientIdParamsSchema,
          body: patientMergeRequestSchema,
          response: { 200: patientMergeResultSchema },
        },
      },
      async (request) => run(request, (scope) => mergePatients(scope, request.params.id, request.body)),
    );

    app.get(
      '/api/patients/:id/access-history',
      {
        config: { permission: 'patient.access-history.read' },
        schema: {
          tags: ['patients'],
          summary: 'Who read or changed this record, newest first (the latest 200 events)',
          params: patientIdParamsSchema,
          response: { 200: patientAccessHistorySchema },
        },
      },
      async (request) => run(request, (scope) => readAccessHistory(scope, request.params.id)),
    );
  };
}
