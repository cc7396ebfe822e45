import { Card, Stack, Table, Text, Title } from '@mantine/core';
import type { PatientRecord } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Withheld } from './Withheld.tsx';

/** Insurance on file; member numbers only for the roles that bill and schedule. */
export function CoverageSection({ record, onBreakGlass }: { record: PatientRecord; onBreakGlass(): void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="coverage-heading">
      <Title order={2} size="h4" id="coverage-heading" mb="sm">
        {t('patients.coverage.title')}
      </Title>
      {record.coverage === null ? (
        <Withheld onBreakGlass={onBreakGlass} />
      ) : record.coverage.length === 0 ? (
        <Text c="dimmed">{t('patients.coverage.none')}</Text>
      ) : (
        <Table aria-label={t('patients.coverage.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('patients.coverage.payer')}</Table.Th>
              <Table.Th>{t('patients.coverage.memberNumber')}</Table.Th>
              <Table.Th>{t('patients.coverage.group')}</Table.Th>
              <Table.Th>{t('patients.coverage.valid')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.coverage.map((coverage) => (
              <Table.Tr key={coverage.id}>
                <Table.Td>
                  <Stack gap={0}>
                    <Text>{coverage.payerName}</Text>
                    <Text size="sm" c="dimmed">
                      {[coverage.planName, t(`patients.coverage.priorities.${coverage.priority}`)]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>{coverage.memberNumber}</Table.Td>
                <Table.Td>{coverage.groupNumber ?? ''}</Table.Td>
                <Table.Td>{[coverage.validFrom, coverage.validTo].filter(Boolean).join(' – ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
