import { organizationOverviewSchema, publicOrganizationSchema } from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../db/tenant-scope.ts';
import { NotFound } from '../../errors.ts';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { describeOrganizationForStaff } from './overview.ts';
import { findOrganizationBySlug } from './service.ts';

/** A clinic's public profile (for sign-in pages and the widget) and its overview for its staff. */
export function organizationRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/public/organizations/:slug',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['organizations'],
          summary: "A clinic's public profile (name, language, time zone)",
          params: z.object({
            slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a clinic short name such as "demo"'),
          }),
          response: { 200: publicOrganizationSchema },
        },
      },
      async (request) => {
        const organization = await findOrganizationBySlug(database.orm, request.params.slug);
        if (!organization) throw new NotFound(`There is no clinic called "${request.params.slug}".`);
        return {
          slug: organization.slug,
          name: organization.name,
          defaultLanguage: organization.defaultLanguage,
          timeZone: organization.timeZone,
          staffTwoStepRequired: organization.requireStaffMfa,
        };
      },
    );

    app.get(
      '/api/organization',
      {
        config: { permission: 'organization.read' },
        schema: {
          tags: ['organizations'],
          summary: "The signed-in staff member's organisation: its locations and teams",
          response: { 200: organizationOverviewSchema },
        },
      },
      async (request) => {
        const { organizationId } = staffActor(request);
        return inTenant(database, organizationId, (orm) => describeOrganizationForStaff(orm, organizationId));
      },
    );
  };
}
