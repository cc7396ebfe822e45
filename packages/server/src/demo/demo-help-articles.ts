import fs from 'node:fs';
import path from 'node:path';
import {
  type KnowledgeAudience,
  type KnowledgeCategory,
  type KnowledgeLanguage,
  knowledgeAudiences,
  knowledgeCategories,
  knowledgeLanguages,
} from '@patientdesk/contracts';
import { DateTime } from 'luxon';
import { parse as parseYaml } from 'yaml';
import type { Orm } from '../db/connection.ts';
import { createArticle } from '../domains/knowledge/articles.ts';

/**
 * The demo clinic's help centre: the markdown articles in `help-articles/<language>/<slug>.md`,
 * each with YAML front matter (title, category, audience, owner team, summary). A translation
 * has the same file name in the other language's folder.
 */

export interface DemoHelpArticle {
  slug: string;
  language: KnowledgeLanguage;
  title: string;
  summary: string;
  body: string;
  category: KnowledgeCategory;
  audience: KnowledgeAudience;
  /** The slug of the team that keeps it up to date. */
  owner: string;
}

const articlesFolder = path.join(import.meta.dirname, 'help-articles');

function fail(file: string, problem: string): never {
  throw new Error(`Help article ${file}: ${problem}`);
}

/** One article file: `---`, YAML front matter, `---`, then the markdown text. */
export function parseHelpArticle(file: string, text: string, language: KnowledgeLanguage): DemoHelpArticle {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) fail(file, 'must start with front matter between two "---" lines');
  const front = parseYaml(match[1]!) as Record<string, unknown>;
  const field = (name: string) => {
    const value = front[name];
    if (typeof value !== 'string' || !value.trim()) fail(file, `front matter needs "${name}"`);
    return value.trim();
  };
  const category = field('category') as KnowledgeCategory;
  if (!knowledgeCategories.includes(category)) fail(file, `unknown category "${category}"`);
  const audience = field('audience') as KnowledgeAudience;
  if (!knowledgeAudiences.includes(audience)) fail(file, `unknown audience "${audience}"`);
  return {
    slug: path.basename(file, '.md'),
    language,
    title: field('title'),
    summary: field('summary'),
    body: match[2]!.trim(),
    category,
    audience,
    owner: field('owner'),
  };
}

/** Every demo article, English first, by slug. */
export function readDemoHelpArticles(folder = articlesFolder): DemoHelpArticle[] {
  return knowledgeLanguages.flatMap((language) => {
    const languageFolder = path.join(folder, language);
    if (!fs.existsSync(languageFolder)) return [];
    return fs
      .readdirSync(languageFolder)
      .filter((file) => file.endsWith('.md'))
      .sort()
      .map((file) =>
        parseHelpArticle(
          `${language}/${file}`,
          fs.readFileSync(path.join(languageFolder, file), 'utf8'),
          language,
        ),
      );
  });
}

/**
 * Publishes the demo articles in the organisation, each owned by its team and due for review a
 * year from now. Runs in the seed's transaction, as the tenant.
 */
export async function seedDemoHelpArticles(
  tx: Orm,
  options: { organizationId: string; teamIds: ReadonlyMap<string, string>; timeZone: string },
): Promise<number> {
  const articles = readDemoHelpArticles();
  const reviewBy = DateTime.now().setZone(options.timeZone).plus({ years: 1 }).toISODate()!;
  for (const article of articles) {
    await createArticle(
      tx,
      options.organizationId,
      {
        slug: article.slug,
        language: article.language,
        title: article.title,
        summary: article.summary,
        body: article.body,
        category: article.category,
        audience: article.audience,
        ownerTeamId: options.teamIds.get(article.owner) ?? null,
        reviewBy,
        note: 'Written for the demo clinic.',
      },
      null,
      'published',
    );
  }
  return articles.length;
}
