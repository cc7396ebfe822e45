import type { KnowledgeLanguage, NewKbArticle } from '@patientdesk/contracts';
import type { Database } from '../../db/connection.ts';
import { inTenant } from '../../db/tenant-scope.ts';
import { type ArticleRow, createArticle } from './articles.ts';
import { type ArticleSearchInput, searchArticles } from './search.ts';

/** Helpers for the knowledge base tests (not a test file itself). */

/** An article of the clinic, published unless the test says draft, with defaults for the rest. */
export async function addArticle(
  database: Database,
  organizationId: string,
  article: Partial<NewKbArticle> & Pick<NewKbArticle, 'slug' | 'title' | 'body'>,
  status: 'draft' | 'published' = 'published',
): Promise<ArticleRow> {
  return inTenant(database, organizationId, (orm) =>
    createArticle(
      orm,
      organizationId,
      { language: 'en', category: 'about', audience: 'public', summary: '', ...article },
      null,
      status,
    ),
  );
}

/** The slugs search finds for a question, best first (public articles unless asked). */
export async function slugsFound(
  database: Database,
  organizationId: string,
  question: string,
  options: Partial<Omit<ArticleSearchInput, 'question'>> & { language?: KnowledgeLanguage } = {},
): Promise<string[]> {
  const found = await inTenant(database, organizationId, (orm) =>
    searchArticles(orm, {
      question,
      languages: options.languages ?? [options.language ?? 'en'],
      includeInternal: options.includeInternal ?? false,
      limit: options.limit ?? 10,
      organizationId,
    }),
  );
  return found.items.map((item) => item.slug);
}
