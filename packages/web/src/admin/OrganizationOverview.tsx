import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { OrganizationOverview as Overview } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../api/use-api-data.ts';
import { FormError } from '../app/FormError.tsx';
import { Loading } from '../ui/Loading.tsx';

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={650} size="lg">
        {value}
      </Text>
    </Card>
  );
}

/** The organisation at a glance for administrators: its locations and teams. */
export function OrganizationOverview() {
  const { t } = useTranslation();
  const { data: overview, error } = useApiData<Overview>('/api/organization');
  if (error) return <FormError error={error} title={t('admin.title')} />;
  if (!overview) return <Loading />;
  return (
    <Stack gap="lg">
      <Title order={1}>{overview.organization.name}</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={t('admin.timeZone')} value={overview.organization.timeZone} />
        <Figure label={t('admin.staffCount')} value={overview.staffCount} />
        <Figure label={t('admin.locations')} value={overview.locations.length} />
      </SimpleGrid>
      <section aria-labelledby="locations-heading">
        <Title order={2} size="h3" id="locations-heading" mb="sm">
          {t('admin.locations')}
        </Title>
        {overview.locations.length === 0 ? (
          <Text c="dimmed">{t('admin.noLocations')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped withTableBorder aria-labelledby="locations-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.location')}</Table.Th>
                  <Table.Th>{t('admin.city')}</Table.Th>
                  <Table.Th>{t('admin.phone')}</Table.Th>
                  <Table.Th>{t('admin.timeZone')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {overview.locations.map((location) => (
                  <Table.Tr key={location.id}>
                    <Table.Td>{location.name}</Table.Td>
                    <Table.Td>{location.city ?? ''}</Table.Td>
                    <Table.Td>{location.phone ?? ''}</Table.Td>
                    <Table.Td>{location.timeZone}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
      <section aria-labelledby="teams-heading">
        <Title order={2} size="h3" id="teams-heading" mb="sm">
          {t('admin.teams')}
        </Title>
        <Table.ScrollContainer minWidth={480}>
          <Table striped withTableBorder aria-labelledby="teams-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.team')}</Table.Th>
                <Table.Th>{t('admin.description')}</Table.Th>
                <Table.Th>{t('admin.members')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.teams.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>{team.name}</Table.Td>
                  <Table.Td>{team.description}</Table.Td>
                  <Table.Td>{team.memberCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
    </Stack>
  );
}
