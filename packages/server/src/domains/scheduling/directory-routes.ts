import {
  directoryQuerySchema,
  providerCalendarQuerySchema,
  providerCalendarSchema,
  providerIdParamsSchema,
  providerSearchQuerySchema,
  providerSearchResultSchema,
  schedulingDirectorySchema,
} from '@patientdesk/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inTenant } from '../../db/tenant-scope.ts';
import { Invalid, NotFound } from '../../errors.ts';
import type { AppDependencies } from '../../http/app.ts';
import { createActorResolver } from '../identity/resolve-actor.ts';
import { findOrganizationBySlug } from '../organizations/service.ts';
import { providerCalendar, searchProviders } from './availability.ts';
import { readDirectory } from './directory.ts';

/**
 * The directory and free times, for anyone: a clinic's website, the portal before and after
 * sign-in, the desk. Nothing here is health information. Without a session, `clinic` names the
 * clinic; signed-in staff also see the visits only staff book.
 */
export function schedulingDirectoryRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, config } = deps;
  const resolveActor = createActorResolver(database, config.sessions);

  async function whoAndWhere(request: FastifyRequest, clinic: string | undefined) {
    const actor = await resolveActor(request).catch(() => null);
    const signedIn = actor && !(actor.kind === 'staff' && actor.mfaEnrollmentRequired) ? actor : null;
    if (clinic) {
      const organization = await findOrganizationBySlug(database.orm, clinic);
      if (!organization)
        throw new NotFound(`There is no clinic called "${clinic}". Check the clinic's short name.`);
      const staff = signedIn?.kind === 'staff' && signedIn.organizationId === organization.id;
      return { organizationId: organization.id, onlineOnly: !staff };
    }
    if (!signedIn)
      throw new Invalid('Say which clinic: add clinic=<the clinic’s short name>.', [
        { field: 'query.clinic', message: 'is needed when you are not signed in' },
      ]);
    return { organizationId: signedIn.organizationId, onlineOnly: signedIn.kind !== 'staff' };
  }

  const publicLimit = { permission: 'public' as const, rateLimit: { max: 300, timeWindow: '1 minute' } };

  return async (app) => {
    app.get(
      '/api/scheduling/directory',
      {
        config: publicLimit,
        schema: {
          tags: ['scheduling'],
          summary:
            'What can be booked: specialties, languages, insurance, locations, kinds of visit, providers',
          querystring: directoryQuerySchema,
          response: { 200: schedulingDirectorySchema },
        },
      },
      async (request) => {
        const where = await whoAndWhere(request, request.query.clinic);
        return inTenant(database, where.organizationId, (orm) =>
          readDirectory(orm, where.organizationId, {
            onlineOnly: where.onlineOnly,
            ...(request.query.language ? { language: request.query.language } : {}),
          }),
        );
      },
    );

    app.get(
      '/api/providers/search',
      {
        config: publicLimit,
        schema: {
          tags: ['scheduling'],
          summary: 'Find providers with their next free times, soonest first',
          description:
            'Filters: specialty, insurance (payer key or name), language, appointmentType (id or code), locationId, latitude+longitude (+withinKm), newPatient, telehealth, withinDays (default 14). Providers with no free time within the window are left out.',
          querystring: providerSearchQuerySchema,
          response: { 200: providerSearchResultSchema },
        },
      },
      async (request) => {
        const where = await whoAndWhere(request, request.query.clinic);
        return inTenant(database, where.organizationId, (orm) =>
          searchProviders(orm, where.organizationId, request.query, { onlineOnly: where.onlineOnly }),
        );
      },
    );

    app.get(
      '/api/providers/:id/calendar',
      {
        config: publicLimit,
        schema: {
          tags: ['scheduling'],
          summary: "One provider's free times for a kind of visit, day by day (30 days unless told)",
          params: providerIdParamsSchema,
          querystring: providerCalendarQuerySchema,
          response: { 200: providerCalendarSchema },
        },
      },
      async (request) => {
        const where = await whoAndWhere(request, request.query.clinic);
        const { appointmentType, from, days, locationId } = request.query;
        return inTenant(database, where.organizationId, (orm) =>
          providerCalendar(orm, where.organizationId, {
            providerId: request.params.id,
            appointmentType,
            days,
            onlineOnly: where.onlineOnly,
            ...(from ? { from } : {}),
            ...(locationId ? { locationId } : {}),
          }),
        );
      },
    );
  };
}
