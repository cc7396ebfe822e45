import {
  patientIdParamsSchema,
  portalPatientListSchema,
  portalPreferencesUpdateSchema,
  portalProfileSchema,
  portalProfileUpdateSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDependencies } from '../../http/app.ts';
import {
  listPortalPatients,
  readPortalProfile,
  updatePortalPreferences,
  updatePortalProfile,
} from './portal-profile.ts';
import { asPortalUser } from './run-as.ts';

/** The portal: patients and proxies see and correct the profiles they may act on. */
export function portalRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher } = deps;
  const run = asPortalUser(deps);
  return async (app) => {
    app.get(
      '/api/portal/patients',
      {
        config: { permission: 'portal.patients.list' },
        schema: {
          tags: ['portal'],
          summary: 'The patients I act for: myself, and those I am a proxy for',
          response: { 200: portalPatientListSchema },
        },
      },
      async (request) => ({ items: await run(request, (scope) => listPortalPatients(scope)) }),
    );

    app.get(
      '/api/portal/patients/:id/profile',
      {
        config: { permission: 'portal.profile.read' },
        schema: {
          tags: ['portal'],
          summary: "A patient's profile: details, contact points, preferences and consents",
          description: 'A proxy needs the `records` scope.',
          params: patientIdParamsSchema,
          response: { 200: portalProfileSchema },
        },
      },
      async (request) => run(request, (scope) => readPortalProfile(scope, request.params.id)),
    );

    app.patch(
      '/api/portal/patients/:id/profile',
      {
        config: { permission: 'portal.profile.update' },
        schema: {
          tags: ['portal'],
          summary: 'Correct the preferred name, pronouns, address or language',
          description: 'A proxy needs the `records` scope.',
          params: patientIdParamsSchema,
          body: portalProfileUpdateSchema,
          response: { 200: portalProfileSchema },
        },
      },
      async (request) =>
        run(request, (scope) => updatePortalProfile(scope, cipher, request.params.id, request.body)),
    );

    app.put(
      '/api/portal/patients/:id/preferences',
      {
        config: { permission: 'portal.preferences.update' },
        schema: {
          tags: ['portal'],
          summary: 'Set how and when the clinic may reach the patient, and consents per channel',
          description: 'A proxy needs the `messaging` scope. Consents are recorded with source `portal`.',
          params: patientIdParamsSchema,
          body: portalPreferencesUpdateSchema,
          response: { 200: portalProfileSchema },
        },
      },
      async (request) =>
        run(request, (scope) => updatePortalPreferences(scope, cipher, request.params.id, request.body)),
    );
  };
}
