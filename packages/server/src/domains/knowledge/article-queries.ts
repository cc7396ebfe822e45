import {
  type KbArticle,
  type KbArticleListQuery,
  type KbArticleSummary,
  type KbArticleVersion,
  type KnowledgeLanguage,
  kbArticleListQuerySchema,
  plainLanguageGradeLimit,
} from '@patientdesk/contracts';
import { and, asc, count, desc, eq, gt, ilike, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { teams } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import type { ArticleRow } from './articles.ts';
import { knowledgeArticleFeedback, knowledgeArticles, knowledgeArticleVersions } from './schema.ts';
import { validInput } from './valid-input.ts';

/** Reading articles for the desk: the list with its filters, and one article with its history. */

/** Where the help centre shows a public article. */
export function helpArticleUrl(
  publicUrl: string,
  organizationSlug: string,
  language: KnowledgeLanguage,
  slug: string,
): string {
  return `${publicUrl}/help/${organizationSlug}/${language}/${slug}`;
}

export interface UrlContext {
  publicUrl: string;
  organizationSlug: string;
}

/** Today in the organisation's time zone, as a date (review dates are dates, not instants). */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

async function namesOf(orm: Orm, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await orm
    .select({ id: staffMembers.id, name: staffMembers.displayName })
    .from(staffMembers)
    .where(inArray(staffMembers.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function teamsOf(orm: Orm, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, { id: string; slug: string; name: string }>();
  const rows = await orm
    .select({ id: teams.id, slug: teams.slug, name: teams.name })
    .from(teams)
    .where(inArray(teams.id, wanted));
  return new Map(rows.map((row) => [row.id, row]));
}

type ListedRow = Omit<ArticleRow, 'body' | 'searchHead' | 'searchDocument'>;

function summaryOf(
  row: ListedRow,
  context: UrlContext & { today: string },
  names: Map<string, string>,
  owners: Map<string, { id: string; slug: string; name: string }>,
): KbArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    language: row.language,
    title: row.title,
    summary: row.summary,
    category: row.category,
    audience: row.audience,
    status: row.status,
    ownerTeam: row.ownerTeamId ? (owners.get(row.ownerTeamId) ?? null) : null,
    reviewBy: row.reviewBy,
    reviewOverdue: row.reviewBy !== null && row.reviewBy < context.today,
    readingGrade: row.readingGrade,
    readingGradeAboveLimit: row.readingGrade > plainLanguageGradeLimit,
    version: row.version,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy
      ? { id: row.updatedBy, name: names.get(row.updatedBy) ?? 'Former staff member' }
      : null,
    url:
      row.audience === 'public'
        ? helpArticleUrl(context.publicUrl, context.organizationSlug, row.language, row.slug)
        : null,
  };
}

const listed = {
  id: knowledgeArticles.id,
  organizationId: knowledgeArticles.organizationId,
  slug: knowledgeArticles.slug,
  language: knowledgeArticles.language,
  title: knowledgeArticles.title,
  summary: knowledgeArticles.summary,
  category: knowledgeArticles.category,
  audience: knowledgeArticles.audience,
  status: knowledgeArticles.status,
  ownerTeamId: knowledgeArticles.ownerTeamId,
  reviewBy: knowledgeArticles.reviewBy,
  readingGrade: knowledgeArticles.readingGrade,
  version: knowledgeArticles.version,
  publishedAt: knowledgeArticles.publishedAt,
  createdBy: knowledgeArticles.createdBy,
  updatedBy: knowledgeArticles.updatedBy,
  createdAt: knowledgeArticles.createdAt,
  updatedAt: knowledgeArticles.updatedAt,
};

/** `%` and `_` typed by a person are letters, not wildcards. */
const literalPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The organisation's articles for the editor, filtered, by category and title. */
export async function listArticles(
  orm: Orm,
  context: UrlContext & { timeZone: string },
  query: KbArticleListQuery,
): Promise<{ items: KbArticleSummary[]; total: number }> {
  const filter = validInput(kbArticleListQuerySchema, query, 'query');
  const today = todayIn(context.timeZone);
  const conditions: (SQL | undefined)[] = [
    filter.language ? eq(knowledgeArticles.language, filter.language) : undefined,
    filter.category ? eq(knowledgeArticles.category, filter.category) : undefined,
    filter.audience ? eq(knowledgeArticles.audience, filter.audience) : undefined,
    filter.status ? eq(knowledgeArticles.status, filter.status) : undefined,
    filter.ownerTeamId ? eq(knowledgeArticles.ownerTeamId, filter.ownerTeamId) : undefined,
    filter.reviewOverdue === undefined
      ? undefined
      : filter.reviewOverdue
        ? lt(knowledgeArticles.reviewBy, today)
        : or(sql`${knowledgeArticles.reviewBy} is null`, sql`${knowledgeArticles.reviewBy} >= ${today}`),
    filter.aboveGradeLimit === undefined
      ? undefined
      : filter.aboveGradeLimit
        ? gt(knowledgeArticles.readingGrade, plainLanguageGradeLimit)
        : sql`${knowledgeArticles.readingGrade} <= ${plainLanguageGradeLimit}`,
    filter.q
      ? or(
          ilike(knowledgeArticles.title, literalPattern(filter.q)),
          ilike(knowledgeArticles.summary, literalPattern(filter.q)),
        )
      : undefined,
  ];
  const where = and(...conditions);
  // One after the other: both run on the request's one transaction.
  const rows = await orm
    .select(listed)
    .from(knowledgeArticles)
    .where(where)
    .orderBy(asc(knowledgeArticles.category), asc(knowledgeArticles.title), asc(knowledgeArticles.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [total] = await orm.select({ count: count() }).from(knowledgeArticles).where(where);
  const names = await namesOf(
    orm,
    rows.map((row) => row.updatedBy),
  );
  const owners = await teamsOf(
    orm,
    rows.map((row) => row.ownerTeamId),
  );
  return {
    items: rows.map((row) => summaryOf(row, { ...context, today }, names, owners)),
    total: total?.count ?? 0,
  };
}

/** One article with its history (newest first), its translation and its feedback. */
export async function getArticle(
  orm: Orm,
  context: UrlContext & { timeZone: string },
  id: string,
): Promise<KbArticle> {
  const [row] = await orm
    .select({ ...listed, body: knowledgeArticles.body })
    .from(knowledgeArticles)
    .where(eq(knowledgeArticles.id, id));
  if (!row) throw new NotFound('There is no such article in this organisation. It may have been deleted.');
  const versions = await orm
    .select()
    .from(knowledgeArticleVersions)
    .where(eq(knowledgeArticleVersions.articleId, row.id))
    .orderBy(desc(knowledgeArticleVersions.version));
  const translations = await orm
    .select({
      id: knowledgeArticles.id,
      language: knowledgeArticles.language,
      status: knowledgeArticles.status,
    })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.slug, row.slug), ne(knowledgeArticles.id, row.id)));
  const feedback = await orm
    .select({ helpful: knowledgeArticleFeedback.helpful, count: count() })
    .from(knowledgeArticleFeedback)
    .where(eq(knowledgeArticleFeedback.articleId, row.id))
    .groupBy(knowledgeArticleFeedback.helpful);
  const names = await namesOf(orm, [row.updatedBy, ...versions.map((version) => version.changedBy)]);
  const owners = await teamsOf(orm, [row.ownerTeamId]);
  const today = todayIn(context.timeZone);
  return {
    ...summaryOf(row, { ...context, today }, names, owners),
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    translations,
    feedback: {
      helpful: feedback.find((entry) => entry.helpful)?.count ?? 0,
      notHelpful: feedback.find((entry) => !entry.helpful)?.count ?? 0,
    },
    versions: versions.map(
      (version): KbArticleVersion => ({
        version: version.version,
        change: version.change,
        changedFields: version.changedFields,
        changedBy: version.changedBy
          ? { id: version.changedBy, name: names.get(version.changedBy) ?? 'Former staff member' }
          : null,
        changedAt: version.changedAt.toISOString(),
        note: version.note,
        previous:
          version.previousTitle === null
            ? null
            : {
                title: version.previousTitle,
                summary: version.previousSummary ?? '',
                body: version.previousBody ?? '',
                category: version.previousCategory!,
                audience: version.previousAudience!,
              },
      }),
    ),
  };
}
