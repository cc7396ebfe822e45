import type { KnowledgeLanguage } from '@patientdesk/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../db/tenant-scope.ts';
import type { AppDependencies } from '../../http/app.ts';
import { findOrganizationBySlug, type Organization } from '../organizations/service.ts';
import { publicArticleListing, publicArticleVersions, recordHelpFeedback } from './help-centre.ts';
import {
  type HelpSite,
  helpArticlePage,
  helpHomePage,
  helpNotFoundPage,
  helpSearchPage,
} from './help-pages.ts';
import { renderArticleMarkdown } from './markdown.ts';
import { searchArticles } from './search.ts';

/**
 * The public help centre of each organisation, `/help/:org`: server-rendered pages that work
 * without JavaScript. An article page costs two small queries (the organisation, then the
 * article with its translation); pages may be cached for five minutes by browsers and proxies.
 */

const slugPattern = /^[a-z0-9][a-z0-9-]{0,99}$/;
const orgPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;
const isLanguage = (value: unknown): value is KnowledgeLanguage => value === 'en' || value === 'es';

// No script runs on these pages, ever: even if something slipped past escaping, the browser
// would refuse to run it.
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function sendPage(reply: FastifyReply, status: number, html: string, cache: 'public' | 'none') {
  return reply
    .code(status)
    .headers(securityHeaders)
    .header('cache-control', cache === 'public' ? 'public, max-age=300' : 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

const pageParams = z.object({ org: z.string() }).loose();
const pageQuery = z.object({
  lang: z.string().optional(),
  q: z.string().optional(),
  feedback: z.string().optional(),
});

export function helpCentreRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { database, config } = deps;
  const siteOf = (organization: Organization): HelpSite => ({
    publicUrl: config.publicUrl,
    organizationSlug: organization.slug,
    organizationName: organization.name,
    timeZone: organization.timeZone,
  });
  const organizationNamed = async (slug: string) =>
    orgPattern.test(slug) ? findOrganizationBySlug(database.orm, slug) : undefined;
  const languageFor = (organization: Organization | undefined, asked: unknown): KnowledgeLanguage =>
    isLanguage(asked) ? asked : organization?.defaultLanguage === 'es' ? 'es' : 'en';
  const noSuchClinic = (reply: FastifyReply, language: KnowledgeLanguage) =>
    sendPage(
      reply,
      404,
      helpNotFoundPage(
        {
          publicUrl: config.publicUrl,
          organizationSlug: '',
          organizationName: 'PatientDesk',
          timeZone: 'UTC',
        },
        language,
      ),
      'none',
    );

  return async (app) => {
    // The "Did this help?" buttons post a plain HTML form.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    app.get(
      '/help/:org',
      {
        config: { permission: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
        schema: { hide: true, params: pageParams, querystring: pageQuery },
      },
      async (request, reply) => {
        const organization = await organizationNamed(request.params.org);
        const language = languageFor(organization, request.query.lang);
        if (!organization) return noSuchClinic(reply, language);
        const articles = await inTenant(database, organization.id, (orm) =>
          publicArticleListing(orm, language),
        );
        return sendPage(reply, 200, helpHomePage(siteOf(organization), language, articles), 'public');
      },
    );

    app.get(
      '/help/:org/search',
      {
        config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { hide: true, params: pageParams, querystring: pageQuery },
      },
      async (request, reply) => {
        const organization = await organizationNamed(request.params.org);
        const language = languageFor(organization, request.query.lang);
        if (!organization) return noSuchClinic(reply, language);
        const query = (request.query.q ?? '').trim().slice(0, 300);
        const found = query
          ? await inTenant(database, organization.id, (orm) =>
              searchArticles(orm, {
                question: query,
                languages: [language],
                includeInternal: false,
                limit: 10,
                organizationId: organization.id,
              }),
            )
          : { items: [], corrections: [] };
        return sendPage(reply, 200, helpSearchPage(siteOf(organization), language, query, found), 'none');
      },
    );

    app.get(
      '/help/:org/:lang/:slug',
      {
        config: { permission: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
        schema: {
          hide: true,
          params: z.object({ org: z.string(), lang: z.string(), slug: z.string() }),
          querystring: pageQuery,
        },
      },
      async (request, reply) => {
        const { org, lang, slug } = request.params;
        const organization = await organizationNamed(org);
        const language = languageFor(organization, lang);
        if (!organization) return noSuchClinic(reply, language);
        const site = siteOf(organization);
        const versions =
          isLanguage(lang) && slugPattern.test(slug)
            ? await inTenant(database, organization.id, (orm) => publicArticleVersions(orm, slug))
            : [];
        const article = versions.find((version) => version.language === lang);
        if (!article) return sendPage(reply, 404, helpNotFoundPage(site, language), 'none');
        const thanked = request.query.feedback === 'thanks';
        const html = helpArticlePage(site, article, {
          html: renderArticleMarkdown(article.body),
          translation: versions.find((version) => version.language !== lang),
          thanked,
        });
        return sendPage(reply, 200, html, thanked ? 'none' : 'public');
      },
    );

    app.post(
      '/help/:org/:lang/:slug/feedback',
      {
        config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          hide: true,
          params: z.object({ org: z.string(), lang: z.string(), slug: z.string() }),
          body: z.object({ helpful: z.enum(['yes', 'no'], { message: 'must be "yes" or "no"' }) }),
        },
      },
      async (request, reply) => {
        const { org, lang, slug } = request.params;
        const organization = await organizationNamed(org);
        const language = languageFor(organization, lang);
        if (!organization) return noSuchClinic(reply, language);
        const counted =
          isLanguage(lang) && slugPattern.test(slug)
            ? await inTenant(database, organization.id, (orm) =>
                recordHelpFeedback(
                  orm,
                  organization.id,
                  { language: lang, slug },
                  request.body.helpful === 'yes',
                ),
              )
            : false;
        if (!counted) return sendPage(reply, 404, helpNotFoundPage(siteOf(organization), language), 'none');
        // Post, then redirect: reloading the thank-you page does not count the answer twice.
        return reply
          .code(303)
          .header('location', `/help/${organization.slug}/${lang}/${slug}?feedback=thanks`)
          .send();
      },
    );
  };
}
