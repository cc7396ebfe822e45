import {
  type KnowledgeLanguage,
  kbSearchQuerySchema,
  kbSearchResponseSchema,
  knowledgeLanguages,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inTenant } from '../../db/tenant-scope.ts';
import { Invalid, NotFound } from '../../errors.ts';
import type { AppDependencies } from '../../http/app.ts';
import { can } from '../access/policy.ts';
import { createActorResolver } from '../identity/resolve-actor.ts';
import { findOrganizationBySlug, getOrganization } from '../organizations/service.ts';
import { helpArticleUrl } from './article-queries.ts';
import { searchArticles } from './search.ts';

/**
 * `GET /api/kb/search`: the one search the help centre, the chat widget on clinic websites and
 * the desk share. Without sign-in it finds published public articles of the clinic named by
 * `org`; staff signed in may leave `org` out, and those who may read internal articles add
 * them with `audience=all`. Called from other origins (the widget), so it allows any origin
 * and no cookie is needed; a cookie that comes along still identifies a staff member.
 */
export function kbSearchRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, config } = deps;
  const resolveActor = createActorResolver(database, config.sessions);
  return async (app) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-allow-headers', 'authorization, content-type');
      reply.header('access-control-allow-methods', 'GET, OPTIONS');
      reply.header('access-control-max-age', '600');
    });
    app.options(
      '/api/kb/search',
      { config: { permission: 'public' }, schema: { hide: true } },
      (_request, reply) => reply.code(204).send(),
    );

    app.get(
      '/api/kb/search',
      {
        config: { permission: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: ['knowledge'],
          summary: 'Search the help articles (public: published public articles of the clinic `org`)',
          description:
            'Typo tolerant ("perscription refil"), with lay and clinical synonyms in English and Spanish ("shot" finds vaccines, "factura" finds bills). Without `lang`, both languages are searched. Signed-in staff may leave out `org`; `audience=all` adds internal articles for those who may read them.',
          querystring: kbSearchQuerySchema,
          response: { 200: kbSearchResponseSchema },
        },
      },
      async (request) => {
        const { q, lang, org, audience, limit } = request.query;
        const actor = org && audience === 'public' ? null : await resolveActor(request);
        const staff = actor?.kind === 'staff' && !actor.mfaEnrollmentRequired ? actor : null;
        const organization = org
          ? await findOrganizationBySlug(database.orm, org)
          : staff
            ? await getOrganization(database.orm, staff.organizationId)
            : undefined;
        if (!organization) {
          if (org) throw new NotFound(`There is no clinic called "${org}". Check the clinic's short name.`);
          throw new Invalid('Say which clinic to search: add org=<the clinic’s short name>.', [
            { field: 'query.org', message: 'is needed when you are not signed in' },
          ]);
        }
        const ownStaff = staff && staff.organizationId === organization.id ? staff : null;
        if (audience === 'all' && !(ownStaff && can(ownStaff, 'knowledge.read')))
          throw new Invalid(
            'Internal articles are for the clinic’s signed-in staff; search without audience=all.',
            [{ field: 'query.audience', message: 'needs a signed-in staff member of this clinic' }],
          );
        const languages: KnowledgeLanguage[] = lang ? [lang] : [...knowledgeLanguages];
        const found = await inTenant(database, organization.id, (orm) =>
          searchArticles(orm, {
            question: q,
            languages,
            includeInternal: audience === 'all',
            limit,
            organizationId: organization.id,
          }),
        );
        return {
          items: found.items.map(({ id: _id, ...item }) => ({
            ...item,
            url:
              item.audience === 'public'
                ? helpArticleUrl(config.publicUrl, organization.slug, item.language, item.slug)
                : null,
          })),
          corrections: found.corrections,
        };
      },
    );
  };
}
