import { Stack, Text, Title } from '@mantine/core';
import type { EmergencyAccess } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { focusPageHeading, PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { EmergencyAccessCard } from './EmergencyAccessCard.tsx';

type Items = { items: EmergencyAccess[] };

function AccessList({
  id,
  title,
  empty,
  list,
  onReviewed,
}: {
  id: string;
  title: string;
  empty: string;
  list: { data: Items | undefined; error: unknown };
  onReviewed(access: EmergencyAccess): void;
}) {
  const { t } = useTranslation();
  return (
    <Stack component="section" aria-labelledby={id} gap="sm">
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      <FormError error={list.error} title={t('adminEmergency.loadFailed')} />
      {!list.data && !list.error && <Loading />}
      {list.data?.items.length === 0 && <Text c="dimmed">{empty}</Text>}
      {list.data?.items.map((access) => (
        <EmergencyAccessCard key={access.id} access={access} onReviewed={() => onReviewed(access)} />
      ))}
    </Stack>
  );
}

/** /admin/emergency-access: compliance reviews every "break the glass", the pending ones first. */
export function EmergencyAccessPage() {
  const { t } = useTranslation();
  const pending = useApiData<Items>('/api/audit/emergency-accesses?status=pending');
  const reviewed = useApiData<Items>('/api/audit/emergency-accesses?status=reviewed');
  const [status, setStatus] = useState<string>();

  function reviewedOne(access: EmergencyAccess) {
    setStatus(t('adminEmergency.reviewDone', { staff: access.staffMember.displayName }));
    pending.reload();
    reviewed.reload();
    // The form that had the focus leaves the pending list.
    focusPageHeading();
  }

  return (
    <Stack gap="lg">
      <PageHeading title={t('adminEmergency.title')} intro={t('adminEmergency.intro')} />
      <StatusMessage message={status} />
      <AccessList
        id="pending-heading"
        title={t('adminEmergency.pendingTitle')}
        empty={t('adminEmergency.nonePending')}
        list={pending}
        onReviewed={reviewedOne}
      />
      <AccessList
        id="reviewed-heading"
        title={t('adminEmergency.reviewedTitle')}
        empty={t('adminEmergency.noneReviewed')}
        list={reviewed}
        onReviewed={reviewedOne}
      />
    </Stack>
  );
}
