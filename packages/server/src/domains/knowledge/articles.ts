import {
  type KbArticleStatusChange,
  type KbArticleUpdate,
  type KnowledgeAudience,
  type KnowledgeCategory,
  type KnowledgeLanguage,
  kbArticleStatusChangeSchema,
  kbArticleUpdateSchema,
  type NewKbArticle,
  newKbArticleSchema,
  readingGrade,
} from '@patientdesk/contracts';
import { and, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { teams } from '../organizations/schema.ts';
import { type ArticleChange, knowledgeArticles, knowledgeArticleVersions } from './schema.ts';
import { validInput } from './valid-input.ts';

/**
 * Writing articles. Every save raises the article's version and writes one row of history:
 * who, when, which fields, the article as it was before, and the editor's note. An editor
 * sends the version they started from; a save over a newer one is refused (409) rather than
 * quietly undoing a colleague's work.
 */

export type ArticleRow = typeof knowledgeArticles.$inferSelect;

/** Who saves: a staff member, or nobody (the demo seed, an import). */
export type Editor = string | null;

/** The words a patient reads: the summary and the text (the title is a question, not prose). */
export function gradeOf(summary: string, body: string, language: KnowledgeLanguage): number {
  return readingGrade(`${summary}\n\n${body}`, language).grade;
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' ||
  (error as { cause?: { code?: string } }).cause?.code === '23505';

const slugTaken = (slug: string, language: string) =>
  new Conflict(
    `Another ${language === 'es' ? 'Spanish' : 'English'} article already uses the address "${slug}". Choose another slug, or edit that article.`,
    [{ field: 'body.slug', message: 'already in use in this language' }],
  );

/** Staff procedures must never reach the public help centre by a wrong click. */
function checkAudience(category: KnowledgeCategory, audience: KnowledgeAudience) {
  if (category === 'internal-procedures' && audience !== 'internal')
    throw new Invalid('Internal procedures are for staff only; set the audience to "internal".', [
      { field: 'body.audience', message: 'must be "internal" for the internal-procedures category' },
    ]);
}

async function checkOwnerTeam(orm: Orm, organizationId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  const [team] = await orm
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.organizationId, organizationId)));
  if (!team)
    throw new Invalid('There is no such team in this organisation.', [
      { field: 'body.ownerTeamId', message: 'is not a team of this organisation' },
    ]);
}

async function storeGuarded<T>(slug: string, language: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(slug, language);
    throw error;
  }
}

async function recordVersion(
  orm: Orm,
  article: ArticleRow,
  entry: {
    change: ArticleChange;
    changedFields: string[];
    previous: ArticleRow | null;
    note?: string;
    by: Editor;
  },
) {
  await orm.insert(knowledgeArticleVersions).values({
    organizationId: article.organizationId,
    articleId: article.id,
    version: article.version,
    change: entry.change,
    changedFields: entry.changedFields,
    previousTitle: entry.previous?.title ?? null,
    previousSummary: entry.previous?.summary ?? null,
    previousBody: entry.previous?.body ?? null,
    previousCategory: entry.previous?.category ?? null,
    previousAudience: entry.previous?.audience ?? null,
    note: entry.note || null,
    changedBy: entry.by,
  });
}

/** Creates an article, a draft unless `status` says otherwise (the demo seed publishes). */
export async function createArticle(
  orm: Orm,
  organizationId: string,
  input: NewKbArticle,
  by: Editor,
  status: 'draft' | 'published' = 'draft',
): Promise<ArticleRow> {
  const article = validInput(newKbArticleSchema, input);
  checkAudience(article.category, article.audience);
  await checkOwnerTeam(orm, organizationId, article.ownerTeamId);
  const [row] = await storeGuarded(article.slug, article.language, () =>
    orm
      .insert(knowledgeArticles)
      .values({
        organizationId,
        slug: article.slug,
        language: article.language,
        title: article.title,
        summary: article.summary,
        body: article.body,
        category: article.category,
        audience: article.audience,
        status,
        ownerTeamId: article.ownerTeamId ?? null,
        reviewBy: article.reviewBy ?? null,
        readingGrade: gradeOf(article.summary, article.body, article.language),
        publishedAt: status === 'published' ? new Date() : null,
        createdBy: by,
        updatedBy: by,
      })
      .returning(),
  );
  await recordVersion(orm, row!, {
    change: 'created',
    changedFields: ['slug', 'title', 'summary', 'body', 'category', 'audience'],
    previous: null,
    note: article.note,
    by,
  });
  return row!;
}

/** The article, locked for this transaction so two saves are decided one after the other. */
async function lockedArticle(orm: Orm, id: string): Promise<ArticleRow> {
  const [row] = await orm.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).for('update');
  if (!row) throw new NotFound('There is no such article in this organisation. It may have been deleted.');
  return row;
}

function checkVersion(row: ArticleRow, expected: number | undefined) {
  if (expected === undefined || expected === row.version) return;
  throw new Conflict(
    `Someone saved this article after you opened it (you edited version ${expected}; it is now at version ${row.version}). Reload it, then make your change again.`,
    [{ field: 'body.version', message: `is ${expected}, the article is at ${row.version}` }],
  );
}

const editable = [
  'slug',
  'title',
  'summary',
  'body',
  'category',
  'audience',
  'ownerTeamId',
  'reviewBy',
] as const;

/** Saves an editor's changes to an article, over the version they started from. */
export async function updateArticle(
  orm: Orm,
  id: string,
  input: KbArticleUpdate,
  by: Editor,
): Promise<ArticleRow> {
  const update = validInput(kbArticleUpdateSchema, input);
  const row = await lockedArticle(orm, id);
  checkVersion(row, update.version);
  const changes: Partial<Pick<ArticleRow, (typeof editable)[number]>> = {};
  for (const field of editable) {
    const value = update[field];
    if (value !== undefined && value !== row[field]) Object.assign(changes, { [field]: value });
  }
  const changedFields = Object.keys(changes);
  if (changedFields.length === 0) return row;
  checkAudience(changes.category ?? row.category, changes.audience ?? row.audience);
  if (changes.ownerTeamId !== undefined) await checkOwnerTeam(orm, row.organizationId, changes.ownerTeamId);
  const summary = changes.summary ?? row.summary;
  const body = changes.body ?? row.body;
  const [saved] = await storeGuarded(changes.slug ?? row.slug, row.language, () =>
    orm
      .update(knowledgeArticles)
      .set({
        ...changes,
        readingGrade: gradeOf(summary, body, row.language),
        version: row.version + 1,
        updatedBy: by,
        updatedAt: new Date(),
      })
      .where(eq(knowledgeArticles.id, row.id))
      .returning(),
  );
  await recordVersion(orm, saved!, { change: 'edited', changedFields, previous: row, note: update.note, by });
  return saved!;
}

const statusAfter = { publish: 'published', unpublish: 'draft', archive: 'archived' } as const;
const changeFor = { publish: 'published', unpublish: 'unpublished', archive: 'archived' } as const;
export type StatusAction = keyof typeof statusAfter;

/** Publishes, unpublishes (back to draft) or archives an article; doing it twice changes nothing. */
export async function changeArticleStatus(
  orm: Orm,
  id: string,
  action: StatusAction,
  input: KbArticleStatusChange,
  by: Editor,
): Promise<ArticleRow> {
  const request = validInput(kbArticleStatusChangeSchema, input);
  const row = await lockedArticle(orm, id);
  checkVersion(row, request.version);
  const status = statusAfter[action];
  if (row.status === status) return row;
  const [saved] = await orm
    .update(knowledgeArticles)
    .set({
      status,
      ...(status === 'published' ? { publishedAt: new Date() } : {}),
      version: row.version + 1,
      updatedBy: by,
      updatedAt: new Date(),
    })
    .where(eq(knowledgeArticles.id, row.id))
    .returning();
  await recordVersion(orm, saved!, {
    change: changeFor[action],
    changedFields: ['status'],
    previous: row,
    note: request.note,
    by,
  });
  return saved!;
}
