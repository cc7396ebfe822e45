/** The audit log's filters as typed in the form and kept in the page's address. */
export interface AuditFilterValues {
  userId: string;
  patientId: string;
  /** An exact action (`patient.read`) or a prefix ending in `*` (`auth.*`). */
  action: string;
  outcome: '' | 'allowed' | 'denied';
  /** Days (`2026-03-01`) in the clinic's time zone. */
  from: string;
  to: string;
}

export const filterNames = ['userId', 'patientId', 'action', 'outcome', 'from', 'to'] as const;

export const noFilters: AuditFilterValues = {
  userId: '',
  patientId: '',
  action: '',
  outcome: '',
  from: '',
  to: '',
};

/** The filters in a page address (`/admin/audit?action=auth.*`); unknown values are left out. */
export function filtersFromSearch(search: URLSearchParams): AuditFilterValues {
  const outcome = search.get('outcome');
  return {
    userId: search.get('userId') ?? '',
    patientId: search.get('patientId') ?? '',
    action: search.get('action') ?? '',
    outcome: outcome === 'allowed' || outcome === 'denied' ? outcome : '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

/**
 * The filters as query parameters, for the address bar, the search and the CSV export alike:
 * empty ones are left out, as the API refuses an empty id, action or date.
 */
export function filterParams(filters: AuditFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of filterNames) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params;
}

/** A patient or user id short enough for a table cell; the full id goes in its title. */
export const shortId = (id: string): string => id.slice(0, 8);
