import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiRequestError } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { formLevelError } from '../../ui/field-errors.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditTable } from './AuditTable.tsx';
import { type AuditFilterValues, filterNames, filterParams, filtersFromSearch } from './audit-query.ts';
import { ChainVerificationResult, useChainVerification } from './ChainVerification.tsx';
import { useAuditPages } from './use-audit-pages.ts';

const filterFields = filterNames.map((name) => `query.${name}`);

/**
 * /admin/audit: search the audit log, export what matches, and check the chain. The filters
 * live in the address, so a search can be bookmarked or sent to a colleague.
 */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = filterParams(filtersFromSearch(searchParams)).toString();
  const applied = useMemo(() => filtersFromSearch(new URLSearchParams(query)), [query]);
  const { events, hasOlder, loadingOlder, error, loadOlder } = useAuditPages(query);
  const chain = useChainVerification();
  // A search the server could not read would download its error instead of a file.
  const filtersRefused = error instanceof ApiRequestError && error.status === 400;

  return (
    <Stack gap="lg">
      <PageHeading title={t('adminAudit.title')} intro={t('adminAudit.intro')} />
      <Card withBorder padding="md">
        <AuditFilters
          applied={applied}
          error={error}
          onApply={(filters: AuditFilterValues) => setSearchParams(filterParams(filters))}
        />
      </Card>
      <Group>
        <Button
          component="a"
          href={filtersRefused ? undefined : `/api/audit/export.csv${query ? `?${query}` : ''}`}
          download
          variant="default"
          disabled={filtersRefused}
        >
          {t('adminAudit.exportCsv')}
        </Button>
        <Button variant="default" loading={chain.busy} onClick={chain.verify}>
          {t('adminAudit.verify')}
        </Button>
      </Group>
      <ChainVerificationResult check={chain} />
      <FormError error={formLevelError(error, filterFields)} title={t('adminAudit.searchFailed')} />
      {!events && !error && <Loading />}
      {events && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" role="status">
            {t('adminAudit.shown', { count: events.length })}
          </Text>
          {events.length > 0 && <AuditTable events={events} />}
          {hasOlder && (
            <Group>
              <Button variant="default" loading={loadingOlder} onClick={loadOlder}>
                {t('adminAudit.loadOlder')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
