import type { AuditEvent, AuditLogPage } from '@patientdesk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { callApi } from '../../api/client.ts';

const pageSize = 50;

export interface AuditPages {
  events: AuditEvent[] | undefined;
  /** Whether older events remain. */
  hasOlder: boolean;
  loadingOlder: boolean;
  error: unknown;
  loadOlder(): void;
}

/** The audit log for a query, newest first, a page at a time ("Load older" asks for the next). */
export function useAuditPages(query: string): AuditPages {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<unknown>();

  const fetchPage = useCallback(
    (before?: number) => {
      const params = new URLSearchParams(query);
      params.set('limit', String(pageSize));
      if (before !== undefined) params.set('before', String(before));
      return callApi<AuditLogPage>('GET', `/api/audit?${params}`);
    },
    [query],
  );

  useEffect(() => {
    let current = true;
    setEvents(undefined);
    setError(undefined);
    fetchPage().then(
      (page) => {
        if (!current) return;
        setEvents(page.items);
        setNextBefore(page.nextBefore);
      },
      (caught) => {
        if (current) setError(caught);
      },
    );
    // Filters changed while a search was under way: only the newest search may fill the table.
    return () => {
      current = false;
    };
  }, [fetchPage]);

  const loadOlder = useCallback(() => {
    if (nextBefore === null) return;
    setLoadingOlder(true);
    fetchPage(nextBefore)
      .then(
        (page) => {
          setEvents((shown) => [...(shown ?? []), ...page.items]);
          setNextBefore(page.nextBefore);
          setError(undefined);
        },
        (caught) => setError(caught),
      )
      .finally(() => setLoadingOlder(false));
  }, [fetchPage, nextBefore]);

  return { events, hasOlder: nextBefore !== null, loadingOlder, error, loadOlder };
}
