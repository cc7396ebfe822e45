import {
  newPatientRequestSchema,
  patientIdParamsSchema,
  patientRecordSchema,
  patientSearchQuerySchema,
  patientSearchResultSchema,
  patientSummarySchema,
  patientUpdateRequestSchema,
  possibleDuplicatesErrorSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import { changePatientDetails } from './demographics.ts';
import { portalRoutes } from './portal-routes.ts';
import { readPatientRecord } from './record.ts';
import { recordPartRoutes } from './record-part-routes.ts';
import { PossibleDuplicatePatients, registerPatient } from './registration.ts';
import { asStaff } from './run-as.ts';
import { recordSafetyRoutes } from './safety-routes.ts';
import { searchPatients, summarizePatient } from './search.ts';

/** The patient record API: staff routes under /api/patients, the portal's under /api/portal. */
export function patientRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher } = deps;
  const run = asStaff(deps);
  return async (app) => {
    app.get(
      '/api/patients',
      {
        config: { permission: 'patient.search' },
        schema: {
          tags: ['patients'],
          summary: 'Find patients by name (typos allowed), date of birth, phone, email or MRN',
          description:
            'The query is read as a date of birth (`1984-03-07` or `3/7/1984`), an email (has `@`), a phone (7 or more digits), an MRN (a word with digits) or a name. Merged records are left out unless `includeMerged=true`. Best match first.',
          querystring: patientSearchQuerySchema,
          response: { 200: patientSearchResultSchema },
        },
      },
      async (request) => {
        const { q, limit, includeMerged } = request.query;
        const { items } = await run(request, (scope) => searchPatients(scope, q, { limit, includeMerged }));
        return { items };
      },
    );

    app.post(
      '/api/patients',
      {
        config: { permission: 'patient.create' },
        schema: {
          tags: ['patients'],
          summary: 'Register a patient (refused with the candidates when the person may already be on file)',
          body: newPatientRequestSchema,
          response: { 201: patientSummarySchema, 409: possibleDuplicatesErrorSchema },
        },
      },
      async (request, reply) => {
        try {
          const patient = await run(request, (scope) => registerPatient(scope, cipher, request.body));
          return reply.code(201).send(patient);
        } catch (error) {
          if (!(error instanceof PossibleDuplicatePatients)) throw error;
          // The one error shape, with the candidates beside it for the registrar to open.
          return reply.code(409).send({
            error: {
              code: error.code,
              message: error.message,
              details: error.details,
              requestId: request.id,
            },
            duplicates: error.candidates,
          });
        }
      },
    );

    app.get(
      '/api/patients/:id',
      {
        config: { permission: 'patient.read' },
        schema: {
          tags: ['patients'],
          summary: "A patient's record, as the signed-in role may see it",
          description:
            'Sections the role may not see are null and named in `withheld`. `access` is `emergency-access` while the reader holds a break-the-glass access to this patient.',
          params: patientIdParamsSchema,
          response: { 200: patientRecordSchema },
        },
      },
      async (request) => run(request, (scope) => readPatientRecord(scope, cipher, request.params.id)),
    );

    app.patch(
      '/api/patients/:id',
      {
        config: { permission: 'patient.update' },
        schema: {
          tags: ['patients'],
          summary: "Change a patient's details, address, preferences or primary phone and email",
          params: patientIdParamsSchema,
          body: patientUpdateRequestSchema,
          response: { 200: patientSummarySchema },
        },
      },
      async (request) => {
        const row = await run(request, (scope) =>
          changePatientDetails(scope, cipher, request.params.id, request.body),
        );
        return summarizePatient(row);
      },
    );

    await app.register(recordPartRoutes(deps));
    await app.register(recordSafetyRoutes(deps));
    await app.register(portalRoutes(deps));
  };
}
