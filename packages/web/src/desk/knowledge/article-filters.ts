import {
  type KnowledgeAudience,
  type KnowledgeCategory,
  type KnowledgeLanguage,
  type KnowledgeStatus,
  knowledgeAudiences,
  knowledgeCategories,
  knowledgeLanguages,
  knowledgeStatuses,
} from '@patientdesk/contracts';

/**
 * The article list's filters. They live in the page's address (`?q=refill&status=draft`), so a
 * filtered list can be bookmarked or sent to a colleague, and the list API takes the same names.
 */
export interface ArticleFilters {
  q: string;
  language?: KnowledgeLanguage;
  category?: KnowledgeCategory;
  audience?: KnowledgeAudience;
  status?: KnowledgeStatus;
  /** Only articles whose review date has passed. */
  reviewOverdue: boolean;
  /** Only articles above the reading-grade limit. */
  aboveGradeLimit: boolean;
}

/** The list asks for this many at most: a clinic's help centre is tens of articles, not thousands. */
export const articleListLimit = 200;

const oneOf = <T extends string>(allowed: readonly T[], value: string | null): T | undefined =>
  allowed.find((item) => item === value);

/** The filters in an address; anything unknown there (an old bookmark) is ignored, not an error. */
export function filtersFromSearch(params: URLSearchParams): ArticleFilters {
  return {
    q: params.get('q') ?? '',
    language: oneOf(knowledgeLanguages, params.get('language')),
    category: oneOf(knowledgeCategories, params.get('category')),
    audience: oneOf(knowledgeAudiences, params.get('audience')),
    status: oneOf(knowledgeStatuses, params.get('status')),
    reviewOverdue: params.get('reviewOverdue') === 'true',
    aboveGradeLimit: params.get('aboveGradeLimit') === 'true',
  };
}

/** The filters as address parameters, leaving out those not set. */
export function searchOfFilters(filters: ArticleFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  for (const key of ['language', 'category', 'audience', 'status'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.reviewOverdue) params.set('reviewOverdue', 'true');
  if (filters.aboveGradeLimit) params.set('aboveGradeLimit', 'true');
  return params;
}

/** The list API's address for these filters. */
export function articleListPath(filters: ArticleFilters): string {
  const params = searchOfFilters(filters);
  params.set('limit', String(articleListLimit));
  return `/api/kb/articles?${params}`;
}

/** Some filter is set (the "no articles" message then suggests clearing them). */
export const isFiltered = (filters: ArticleFilters): boolean => searchOfFilters(filters).size > 0;
