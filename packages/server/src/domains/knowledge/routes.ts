import {
  kbArticleIdParamsSchema,
  kbArticleListQuerySchema,
  kbArticleListSchema,
  kbArticleSchema,
  kbArticleStatusChangeSchema,
  kbArticleUpdateSchema,
  kbPreviewRequestSchema,
  kbPreviewSchema,
  kbSynonymGroupSchema,
  kbSynonymListSchema,
  newKbArticleSchema,
  newKbSynonymGroupSchema,
} from '@patientdesk/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Orm } from '../../db/connection.ts';
import { staffActor } from '../../http/access.ts';
import type { AppDependencies } from '../../http/app.ts';
import { getOrganization } from '../organizations/service.ts';
import { asStaff } from '../patients/run-as.ts';
import { getArticle, listArticles } from './article-queries.ts';
import { changeArticleStatus, createArticle, type StatusAction, updateArticle } from './articles.ts';
import { helpCentreRoutes } from './help-routes.ts';
import { previewArticle } from './markdown.ts';
import { kbSearchRoutes } from './search-routes.ts';
import { addSynonymGroup, deleteSynonymGroup, listSynonymGroups } from './synonym-groups.ts';

const tags = ['knowledge'];
const synonymIdParams = z.object({ id: z.uuid({ message: 'must be a synonym group id (a UUID)' }) });

/**
 * The knowledge base for the desk: every inbox worker reads articles (internal ones too), and
 * supervisors and admins write them. Each write answers with the article as saved, history
 * included, so the editor shows the new version at once.
 */
export function knowledgeRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const run = asStaff(deps);
  const contextOf = async (orm: Orm, organizationId: string) => {
    const organization = await getOrganization(orm, organizationId);
    return {
      publicUrl: deps.config.publicUrl,
      organizationSlug: organization.slug,
      timeZone: organization.timeZone,
    };
  };

  return async (app) => {
    app.get(
      '/api/kb/articles',
      {
        config: { permission: 'knowledge.read' },
        schema: {
          tags,
          summary: 'The organisation’s articles, by topic and title, with filters for the editor',
          description:
            '`q` finds words in the title or summary. `reviewOverdue=true` lists articles whose review date has passed; `aboveGradeLimit=true` those above reading grade 8.',
          querystring: kbArticleListQuerySchema,
          response: { 200: kbArticleListSchema },
        },
      },
      async (request) =>
        run(request, async (scope) =>
          listArticles(scope.orm, await contextOf(scope.orm, scope.actor.organizationId), request.query),
        ),
    );

    app.post(
      '/api/kb/articles',
      {
        config: { permission: 'knowledge.manage' },
        schema: {
          tags,
          summary: 'Write a new article (a draft until published)',
          description:
            'A translation uses the same slug in the other language. A slug already used in the language is refused with 409; internal procedures must have the `internal` audience.',
          body: newKbArticleSchema,
          response: { 201: kbArticleSchema },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const saved = await run(request, async (scope) => {
          const row = await createArticle(scope.orm, actor.organizationId, request.body, actor.staffMemberId);
          return getArticle(scope.orm, await contextOf(scope.orm, actor.organizationId), row.id);
        });
        return reply.code(201).send(saved);
      },
    );

    app.get(
      '/api/kb/articles/:id',
      {
        config: { permission: 'knowledge.read' },
        schema: {
          tags,
          summary: 'One article with its history of changes, its translation and its feedback',
          params: kbArticleIdParamsSchema,
          response: { 200: kbArticleSchema },
        },
      },
      async (request) =>
        run(request, async (scope) =>
          getArticle(scope.orm, await contextOf(scope.orm, scope.actor.organizationId), request.params.id),
        ),
    );

    app.patch(
      '/api/kb/articles/:id',
      {
        config: { permission: 'knowledge.manage' },
        schema: {
          tags,
          summary: 'Save changes to an article over the version you edited',
          description:
            'Send `version`: the version you started from. If someone saved since, nothing is changed and the answer is 409 `conflict`; reload and edit again.',
          params: kbArticleIdParamsSchema,
          body: kbArticleUpdateSchema,
          response: { 200: kbArticleSchema },
        },
      },
      async (request) => {
        const actor = staffActor(request);
        return run(request, async (scope) => {
          await updateArticle(scope.orm, request.params.id, request.body, actor.staffMemberId);
          return getArticle(scope.orm, await contextOf(scope.orm, actor.organizationId), request.params.id);
        });
      },
    );

    const statusRoute = (action: StatusAction, summary: string) =>
      app.post(
        `/api/kb/articles/:id/${action}`,
        {
          config: { permission: 'knowledge.manage' },
          schema: {
            tags,
            summary,
            description:
              'With `version`, refused with 409 if someone saved since. Doing it twice changes nothing.',
            params: kbArticleIdParamsSchema,
            body: kbArticleStatusChangeSchema.optional(),
            response: { 200: kbArticleSchema },
          },
        },
        async (request) => {
          const actor = staffActor(request);
          return run(request, async (scope) => {
            await changeArticleStatus(
              scope.orm,
              request.params.id,
              action,
              request.body ?? {},
              actor.staffMemberId,
            );
            return getArticle(scope.orm, await contextOf(scope.orm, actor.organizationId), request.params.id);
          });
        },
      );
    statusRoute('publish', 'Publish an article: search, the help centre and the assistant find it');
    statusRoute('unpublish', 'Take an article back to draft');
    statusRoute('archive', 'Archive an article (kept with its history, never shown)');

    app.post(
      '/api/kb/preview',
      {
        config: { permission: 'knowledge.read' },
        schema: {
          tags,
          summary: 'Render markdown as the help centre will, with its reading grade',
          description:
            'Raw HTML in the markdown is shown as text. Above grade 8, `readingGradeAboveLimit` is true.',
          body: kbPreviewRequestSchema,
          response: { 200: kbPreviewSchema },
        },
      },
      async (request) => previewArticle(request.body),
    );

    app.get(
      '/api/kb/synonyms',
      {
        config: { permission: 'knowledge.read' },
        schema: {
          tags,
          summary: 'The organisation’s synonym groups, and the built-in ones',
          response: { 200: kbSynonymListSchema },
        },
      },
      async (request) => run(request, (scope) => listSynonymGroups(scope.orm)),
    );

    app.post(
      '/api/kb/synonyms',
      {
        config: { permission: 'knowledge.manage' },
        schema: {
          tags,
          summary: 'Add words patients use for the same thing ("copay", "copayment", "copago")',
          body: newKbSynonymGroupSchema,
          response: { 201: kbSynonymGroupSchema },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const group = await run(request, (scope) =>
          addSynonymGroup(scope.orm, actor.organizationId, request.body, actor.staffMemberId),
        );
        return reply.code(201).send(group);
      },
    );

    app.delete(
      '/api/kb/synonyms/:id',
      {
        config: { permission: 'knowledge.manage' },
        schema: {
          tags,
          summary: 'Remove a synonym group',
          params: synonymIdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await run(request, (scope) =>
          deleteSynonymGroup(scope.orm, scope.actor.organizationId, request.params.id),
        );
        return reply.code(204).send(null);
      },
    );
  };
}

/** Everything the knowledge base serves: the desk's API, the shared search, the public help centre. */
export function knowledgeBaseRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(knowledgeRoutes(deps));
    await app.register(kbSearchRoutes(deps));
    await app.register(helpCentreRoutes(deps));
  };
}
