import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { AppointmentTypeDetail } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';

/** /desk/schedule/types: the kinds of visit, active first; managers add and edit them. */
export function AppointmentTypesPage({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const list = useApiData<{ items: AppointmentTypeDetail[] }>('/api/scheduling/appointment-types');
  const items = list.data?.items;
  return (
    <Stack maw={1100} mx="auto" py="lg" gap="md">
      <Anchor component={Link} to="/desk/schedule" size="sm">
        {t('schedule.provider.back')}
      </Anchor>
      <PageHeading
        title={t('schedule.types.title')}
        intro={t('schedule.types.intro')}
        actions={
          mayManage && (
            <Button component={Link} to="/desk/schedule/types/new">
              {t('schedule.types.new')}
            </Button>
          )
        }
      />
      <FormError error={list.error} title={t('schedule.types.loadFailed')} />
      {!items && !list.error && <Loading />}
      {items && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('schedule.types.name')}</Table.Th>
              <Table.Th>{t('schedule.types.duration')}</Table.Th>
              <Table.Th>{t('schedule.types.mode')}</Table.Th>
              <Table.Th>{t('schedule.types.whoBooks')}</Table.Th>
              <Table.Th>{t('schedule.types.providers')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((type) => (
              <Table.Tr key={type.id}>
                <Table.Td>
                  <Group gap={6}>
                    <Anchor component={Link} to={`/desk/schedule/types/${type.id}`} fw={600}>
                      {type.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {type.code}
                    </Text>
                    {!type.active && (
                      <Badge size="xs" color="gray" variant="outline">
                        {t('schedule.types.inactive')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{t('schedule.types.minutes', { count: type.durationMinutes })}</Table.Td>
                <Table.Td>{t(`schedule.types.modes.${type.mode}`)}</Table.Td>
                <Table.Td>
                  {t(type.bookableOnline ? 'schedule.types.online' : 'schedule.types.staffOnly')}
                </Table.Td>
                <Table.Td>{type.providerCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
