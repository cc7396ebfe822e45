import { describe, expect, it } from 'vitest';
import { articleListPath, filtersFromSearch, isFiltered, searchOfFilters } from './article-filters.ts';

describe('the article list’s filters', () => {
  it('read from the address, ignoring values the list does not know', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('q=refill&language=es&category=billing&status=gone&aboveGradeLimit=true'),
    );
    expect(filters).toEqual({
      q: 'refill',
      language: 'es',
      category: 'billing',
      audience: undefined,
      status: undefined,
      reviewOverdue: false,
      aboveGradeLimit: true,
    });
  });

  it('write back only what is set, and ask the list API with the same names', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('q=  parking &audience=internal&reviewOverdue=true'),
    );
    expect(searchOfFilters(filters).toString()).toBe('q=parking&audience=internal&reviewOverdue=true');
    expect(articleListPath(filters)).toBe(
      '/api/kb/articles?q=parking&audience=internal&reviewOverdue=true&limit=200',
    );
  });

  it('know when nothing filters the list', () => {
    expect(isFiltered(filtersFromSearch(new URLSearchParams('')))).toBe(false);
    expect(isFiltered(filtersFromSearch(new URLSearchParams('q=%20')))).toBe(false);
    expect(isFiltered(filtersFromSearch(new URLSearchParams('status=draft')))).toBe(true);
  });
});
