import {
  consentChangeRequestSchema,
  consentChannelSchema,
  contactPointParamsSchema,
  contactPointSchema,
  coverageParamsSchema,
  coverageSchema,
  coverageUpdateRequestSchema,
  newContactPointRequestSchema,
  newCoverageRequestSchema,
  newPatientNoteRequestSchema,
  patientConsentsSchema,
  patientIdParamsSchema,
  patientNoteSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDependencies } from '../../http/app.ts';
import { recordConsent } from './consents.ts';
import { addContactPoint, removeContactPoint, verifyContactPoint } from './contact-points.ts';
import { addCoverage, removeCoverage, updateCoverage } from './coverage.ts';
import { addNote } from './notes.ts';
import { asStaff } from './run-as.ts';

/** Changes to parts of a record: contact points, consents, coverage, notes. */
export function recordPartRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher } = deps;
  const run = asStaff(deps);
  return async (app) => {
    app.post(
      '/api/patients/:id/contact-points',
      {
        config: { permission: 'patient.update' },
        schema: {
          tags: ['patients'],
          summary: 'Add a phone number or email (optionally as the primary one)',
          params: patientIdParamsSchema,
          body: newContactPointRequestSchema,
          response: { 201: contactPointSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await run(request, (scope) => addContactPoint(scope, request.params.id, request.body))),
    );

    app.delete(
      '/api/patients/:id/contact-points/:pointId',
      {
        config: { permission: 'patient.update' },
        schema: {
          tags: ['patients'],
          summary: 'Remove a phone number or email that is not the primary one',
          params: contactPointParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) => removeContactPoint(scope, request.params.id, request.params.pointId));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/patients/:id/contact-points/:pointId/verify',
      {
        config: { permission: 'patient.update' },
        schema: {
          tags: ['patients'],
          summary: 'Mark a phone number or email as confirmed to reach the patient',
          params: contactPointParamsSchema,
          response: { 200: contactPointSchema },
        },
      },
      async (request) =>
        run(request, (scope) => verifyContactPoint(scope, request.params.id, request.params.pointId)),
    );

    app.put(
      '/api/patients/:id/consents/:channel',
      {
        config: { permission: 'patient.consents.update' },
        schema: {
          tags: ['patients'],
          summary: 'Record consent to (or refusal of) contact on a channel; adds to the history',
          params: patientIdParamsSchema.extend({ channel: consentChannelSchema }),
          body: consentChangeRequestSchema,
          response: { 200: patientConsentsSchema },
        },
      },
      async (request) =>
        run(request, (scope) =>
          recordConsent(scope, request.params.id, { channel: request.params.channel, ...request.body }),
        ),
    );

    app.post(
      '/api/patients/:id/coverages',
      {
        config: { permission: 'patient.coverage.update' },
        schema: {
          tags: ['patients'],
          summary: 'Add insurance coverage',
          params: patientIdParamsSchema,
          body: newCoverageRequestSchema,
          response: { 201: coverageSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await run(request, (scope) => addCoverage(scope, cipher, request.params.id, request.body))),
    );

    app.patch(
      '/api/patients/:id/coverages/:coverageId',
      {
        config: { permission: 'patient.coverage.update' },
        schema: {
          tags: ['patients'],
          summary: 'Change insurance coverage',
          params: coverageParamsSchema,
          body: coverageUpdateRequestSchema,
          response: { 200: coverageSchema },
        },
      },
      async (request) =>
        run(request, (scope) =>
          updateCoverage(scope, cipher, request.params.id, request.params.coverageId, request.body),
        ),
    );

    app.delete(
      '/api/patients/:id/coverages/:coverageId',
      {
        config: { permission: 'patient.coverage.update' },
        schema: {
          tags: ['patients'],
          summary: 'Remove insurance coverage the patient no longer has',
          params: coverageParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) => removeCoverage(scope, request.params.id, request.params.coverageId));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/patients/:id/notes',
      {
        config: { permission: 'patient.notes.write' },
        schema: {
          tags: ['patients'],
          summary: 'Add an administrative note, or (clinicians) a clinical note',
          params: patientIdParamsSchema,
          body: newPatientNoteRequestSchema,
          response: { 201: patientNoteSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await run(request, (scope) => addNote(scope, cipher, request.params.id, request.body))),
    );
  };
}
