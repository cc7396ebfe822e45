import { Anchor, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { NoShowReport } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';

/**
 * /desk/arrivals/no-shows: for a period (the last 30 days unless chosen), the share of visits
 * missed per kind of visit, and the patients who missed two or more (a call may help them keep
 * the next one).
 */
export function NoShowsPage() {
  const { t, i18n } = useTranslation();
  const formatInstant = useDateTimeFormat();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const { data, error } = useApiData<NoShowReport>(`/api/scheduling/no-shows?${query}`);
  const percent = (rate: number) =>
    new Intl.NumberFormat(i18n.resolvedLanguage, { style: 'percent', maximumFractionDigits: 1 }).format(rate);

  return (
    <Stack maw={1000} mx="auto" py="lg" gap="lg">
      <PageHeading title={t('arrivals.noShows.title')} intro={t('arrivals.noShows.intro')} />
      <Group align="flex-end">
        <TextInput
          type="date"
          label={t('arrivals.noShows.from')}
          value={from || data?.from || ''}
          onChange={(event) => setFrom(event.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('arrivals.noShows.to')}
          value={to || data?.to || ''}
          onChange={(event) => setTo(event.currentTarget.value)}
        />
      </Group>
      <FormError error={error} title={t('arrivals.loadFailed')} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <Text fw={600} aria-live="polite">
            {t('arrivals.noShows.totals', {
              booked: data.totals.booked,
              noShows: data.totals.noShows,
              rate: percent(data.totals.rate),
            })}
          </Text>
          <Stack gap="xs" component="section" aria-labelledby="no-shows-by-type">
            <Title order={2} size="h4" id="no-shows-by-type">
              {t('arrivals.noShows.byType')}
            </Title>
            {data.byAppointmentType.length === 0 ? (
              <Text c="dimmed">{t('arrivals.noShows.noVisits')}</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('arrivals.noShows.type')}</Table.Th>
                    <Table.Th scope="col">{t('arrivals.noShows.booked')}</Table.Th>
                    <Table.Th scope="col">{t('arrivals.noShows.missed')}</Table.Th>
                    <Table.Th scope="col">{t('arrivals.noShows.rate')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.byAppointmentType.map((row) => (
                    <Table.Tr key={row.appointmentType.id}>
                      <Table.Td>{row.appointmentType.name}</Table.Td>
                      <Table.Td>{row.booked}</Table.Td>
                      <Table.Td>{row.noShows}</Table.Td>
                      <Table.Td>{percent(row.rate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="no-shows-patients">
            <Title order={2} size="h4" id="no-shows-patients">
              {t('arrivals.noShows.repeatPatients')}
            </Title>
            {data.repeatPatients.length === 0 ? (
              <Text c="dimmed">{t('arrivals.noShows.noRepeat')}</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('arrivals.columns.patient')}</Table.Th>
                    <Table.Th scope="col">{t('arrivals.noShows.missed')}</Table.Th>
                    <Table.Th scope="col">{t('arrivals.noShows.last')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.repeatPatients.map((row) => (
                    <Table.Tr key={row.patient.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/desk/patients/${row.patient.id}`}>
                          {row.patient.displayName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{row.noShows}</Table.Td>
                      <Table.Td>{formatInstant(row.lastNoShowAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
