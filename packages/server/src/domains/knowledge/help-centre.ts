import type { KnowledgeCategory, KnowledgeLanguage } from '@patientdesk/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { knowledgeArticleFeedback, knowledgeArticles } from './schema.ts';

/**
 * What the public help centre reads: published public articles only, never drafts, archived
 * or internal ones. Each page is one simple query (the caller adds the organisation's lookup).
 */

export interface HelpListing {
  slug: string;
  title: string;
  summary: string;
  category: KnowledgeCategory;
}

/** The help centre's front page in one language: every public article, by category and title. */
export async function publicArticleListing(orm: Orm, language: KnowledgeLanguage): Promise<HelpListing[]> {
  return orm
    .select({
      slug: knowledgeArticles.slug,
      title: knowledgeArticles.title,
      summary: knowledgeArticles.summary,
      category: knowledgeArticles.category,
    })
    .from(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.language, language),
        eq(knowledgeArticles.status, 'published'),
        eq(knowledgeArticles.audience, 'public'),
      ),
    )
    .orderBy(asc(knowledgeArticles.category), asc(knowledgeArticles.title));
}

export interface HelpArticle {
  id: string;
  slug: string;
  language: KnowledgeLanguage;
  title: string;
  summary: string;
  body: string;
  category: KnowledgeCategory;
  updatedAt: Date;
}

/** A public article and its translations (the same slug), in one query. */
export async function publicArticleVersions(orm: Orm, slug: string): Promise<HelpArticle[]> {
  return orm
    .select({
      id: knowledgeArticles.id,
      slug: knowledgeArticles.slug,
      language: knowledgeArticles.language,
      title: knowledgeArticles.title,
      summary: knowledgeArticles.summary,
      body: knowledgeArticles.body,
      category: knowledgeArticles.category,
      updatedAt: knowledgeArticles.updatedAt,
    })
    .from(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.slug, slug),
        eq(knowledgeArticles.status, 'published'),
        eq(knowledgeArticles.audience, 'public'),
      ),
    );
}

/**
 * Counts one "Did this help?" answer for a public article. False when there is no such
 * published public article (nothing is counted).
 */
export async function recordHelpFeedback(
  orm: Orm,
  organizationId: string,
  article: { language: KnowledgeLanguage; slug: string },
  helpful: boolean,
  source: 'help-centre' | 'widget' = 'help-centre',
): Promise<boolean> {
  const [found] = await orm
    .select({ id: knowledgeArticles.id })
    .from(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.slug, article.slug),
        eq(knowledgeArticles.language, article.language),
        eq(knowledgeArticles.status, 'published'),
        eq(knowledgeArticles.audience, 'public'),
      ),
    );
  if (!found) return false;
  await orm.insert(knowledgeArticleFeedback).values({ organizationId, articleId: found.id, helpful, source });
  return true;
}
