import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import type { AppointmentTypeDetail } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { AppointmentTypeForm } from './AppointmentTypeForm.tsx';

/** /desk/schedule/types/:id and /desk/schedule/types/new: one kind of visit, all its settings. */
export function AppointmentTypePage({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const { id = 'new' } = useParams();
  const navigate = useNavigate();
  const isNew = id === 'new';
  const list = useApiData<{ items: AppointmentTypeDetail[] }>(
    isNew ? undefined : '/api/scheduling/appointment-types',
  );
  const [saved, setSaved] = useState<AppointmentTypeDetail>();
  const [status, setStatus] = useState<string>();
  const type = saved?.id === id ? saved : list.data?.items.find((item) => item.id === id);

  if (isNew && !mayManage) return <NotFoundPage />;
  if (!isNew && !type) {
    if (list.data) return <NotFoundPage />;
    return (
      <Stack maw={1000} mx="auto" py="lg">
        {list.error ? <FormError error={list.error} title={t('schedule.types.loadFailed')} /> : <Loading />}
      </Stack>
    );
  }
  return (
    <Stack maw={1000} mx="auto" py="lg" gap="md">
      <Anchor component={Link} to="/desk/schedule/types" size="sm">
        {t('schedule.types.back')}
      </Anchor>
      <PageHeading
        title={type ? type.name : t('schedule.types.newTitle')}
        intro={t('schedule.types.editorIntro')}
      />
      {type && (
        <Group gap="xs">
          <Text size="sm" ff="monospace">
            {type.code}
          </Text>
          <Badge variant="outline" color={type.active ? 'green.9' : 'gray'}>
            {t(type.active ? 'schedule.types.active' : 'schedule.types.inactive')}
          </Badge>
          <Text size="sm" c="dimmed">
            {t('schedule.types.offeredBy', { count: type.providerCount })}
          </Text>
        </Group>
      )}
      <StatusMessage message={status} />
      <AppointmentTypeForm
        key={type?.id ?? 'new'}
        type={type}
        mayManage={mayManage}
        onSaving={() => setStatus(undefined)}
        onSaved={(answer, message) => {
          setSaved(answer);
          setStatus(message);
          if (isNew) navigate(`/desk/schedule/types/${answer.id}`, { replace: true });
        }}
      />
    </Stack>
  );
}
