import { randomUUID } from 'node:crypto';
import type { OperationOutcome } from './fhir-errors.ts';
import type { FhirResource } from './fhir-types.ts';
import type { ParsedSearch } from './search-params.ts';

/**
 * A search answer: a `searchset` Bundle (https://hl7.org/fhir/R4/bundle.html) with the total
 * number of matches, the page asked for (`_count`, `_offset`), links to this page and the pages
 * beside it, and each match with its full URL. Parameters the server ignored are named in an
 * OperationOutcome entry, so the client sees what the answer does not take into account.
 */

export interface BundleLink {
  relation: 'self' | 'first' | 'previous' | 'next';
  url: string;
}

export interface SearchsetBundle extends FhirResource {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: BundleLink[];
  entry: {
    fullUrl?: string;
    resource: FhirResource;
    search: { mode: 'match' | 'include' | 'outcome' };
  }[];
}

function pageUrl(base: string, resourceType: string, search: ParsedSearch, offset: number): string {
  const query = new URLSearchParams(search.query);
  query.set('_count', String(search.count));
  if (offset > 0) query.set('_offset', String(offset));
  return `${base}/${resourceType}?${query.toString()}`;
}

/** The Bundle for one page of a search. */
export function searchsetBundle(input: {
  base: string;
  resourceType: string;
  search: ParsedSearch;
  total: number;
  matches: FhirResource[];
  now?: Date;
}): SearchsetBundle {
  const { base, resourceType, search, total } = input;
  const link: BundleLink[] = [{ relation: 'self', url: pageUrl(base, resourceType, search, search.offset) }];
  if (search.offset > 0) {
    link.push({ relation: 'first', url: pageUrl(base, resourceType, search, 0) });
    link.push({
      relation: 'previous',
      url: pageUrl(base, resourceType, search, Math.max(0, search.offset - search.count)),
    });
  }
  if (search.count > 0 && search.offset + search.count < total)
    link.push({ relation: 'next', url: pageUrl(base, resourceType, search, search.offset + search.count) });
  const entry: SearchsetBundle['entry'] = input.matches.map((resource) => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  }));
  if (search.ignored.length > 0) {
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'warning',
          code: 'not-supported',
          diagnostics: `These search parameters are not supported and were ignored: ${search.ignored.join(', ')}. Send "Prefer: handling=strict" to have such a search refused instead.`,
        },
      ],
    };
    entry.push({ resource: outcome, search: { mode: 'outcome' } });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: (input.now ?? new Date()).toISOString() },
    type: 'searchset',
    total,
    link,
    entry,
  };
}
