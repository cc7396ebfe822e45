import { Alert, Card, Center, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { OrganizationOverview, SignedInStaff } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client.ts';
import { FormError } from '../app/FormError.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { RequireStaff } from '../app/RequireStaff.tsx';

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

function OrganizationOverviewPage() {
  const { t } = useTranslation();
  const [overview, setOverview] = useState<OrganizationOverview>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    callApi<OrganizationOverview>('GET', '/api/organization').then(setOverview, setError);
  }, []);
  if (error) return <FormError error={error} title={t('admin.title')} />;
  if (!overview) {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
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
          <Table striped withTableBorder>
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
        )}
      </section>
      <section aria-labelledby="teams-heading">
        <Title order={2} size="h3" id="teams-heading" mb="sm">
          {t('admin.teams')}
        </Title>
        <Table striped withTableBorder>
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
      </section>
    </Stack>
  );
}

function AdminHome({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  usePageTitle(t('admin.pageTitle'));
  return (
    <Stack maw={1000} mx="auto" py="lg">
      {staff.role === 'admin' ? (
        <OrganizationOverviewPage />
      ) : (
        <>
          <Title order={1}>{t('admin.pageTitle')}</Title>
          <Alert color="yellow" title={t('admin.needsAdminTitle')} role="status">
            {t('admin.needsAdmin')}
          </Alert>
        </>
      )}
    </Stack>
  );
}

/** Administration at /admin: sign-in first; only administrators see the organisation settings. */
export default function AdminArea() {
  return <RequireStaff>{(staff) => <AdminHome staff={staff} />}</RequireStaff>;
}
