import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { ProviderScheduleList } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';

/** /desk/schedule: the clinic's providers, each leading to their profile, hours and week. */
export function ScheduleHomePage({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const list = useApiData<ProviderScheduleList>('/api/scheduling/providers');
  const items = list.data?.items;
  return (
    <Stack maw={1100} mx="auto" py="lg" gap="md">
      <PageHeading
        title={t('schedule.home.title')}
        intro={t(mayManage ? 'schedule.home.introManager' : 'schedule.home.introReader')}
        actions={
          <Group gap="xs">
            <Button component={Link} to="/desk/schedule/types" variant="default">
              {t('schedule.types.title')}
            </Button>
            <Button component={Link} to="/desk/schedule/settings" variant="default">
              {t('schedule.settings.title')}
            </Button>
          </Group>
        }
      />
      <FormError error={list.error} title={t('schedule.home.loadFailed')} />
      {!items && !list.error && <Loading />}
      {items && items.length === 0 && (
        <Alert color="gray" variant="light">
          {t('schedule.home.none')}
        </Alert>
      )}
      {items && items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('schedule.home.provider')}</Table.Th>
              <Table.Th>{t('schedule.home.locations')}</Table.Th>
              <Table.Th>{t('schedule.home.hours')}</Table.Th>
              <Table.Th>{t('schedule.home.visitTypes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((provider) => (
              <Table.Tr key={provider.id}>
                <Table.Td>
                  <Stack gap={2}>
                    <Anchor component={Link} to={`/desk/schedule/providers/${provider.id}`} fw={600}>
                      {provider.displayName}
                    </Anchor>
                    <Group gap={4}>
                      {provider.specialty && (
                        <Text size="sm" c="dimmed">
                          {provider.specialty}
                        </Text>
                      )}
                      {!provider.acceptingNewPatients && (
                        <Badge size="xs" variant="outline" color="gray">
                          {t('schedule.home.noNewPatients')}
                        </Badge>
                      )}
                      {provider.offersTelehealth && (
                        <Badge size="xs" variant="outline" color="blue">
                          {t('schedule.home.telehealth')}
                        </Badge>
                      )}
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {provider.locationNames.length > 0
                      ? provider.locationNames.join(', ')
                      : t('schedule.home.noLocation')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t('schedule.home.ruleCount', { count: provider.ruleCount })}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {t('schedule.home.typeCount', { count: provider.appointmentTypeCount })}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
