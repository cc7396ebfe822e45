import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';

interface AccessHistory {
  items: {
    id: string;
    occurredAt: string;
    actor: { name: string | null; role: string | null; type: string };
    action: string;
    outcome: 'allowed' | 'denied';
    breakGlassReason: string | null;
  }[];
}

/** Who opened this record, when, and why when they broke the glass (from the audit log). */
export function AccessHistorySection({ patientId, generation }: { patientId: string; generation: number }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const { data, error, reload } = useApiData<AccessHistory>(`/api/patients/${patientId}/access-history`);
  // The record was read again (it is a read too): show that reading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the signal to ask again.
  useEffect(() => reload(), [generation, reload]);
  return (
    <Card withBorder component="section" aria-labelledby="access-heading">
      <Title order={2} size="h4" id="access-heading" mb="sm">
        {t('patients.access.title')}
      </Title>
      <FormError error={error} title={t('patients.access.failed')} />
      {data && data.items.length === 0 && <Text c="dimmed">{t('patients.access.none')}</Text>}
      {data && data.items.length > 0 && (
        <Table aria-label={t('patients.access.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('patients.access.when')}</Table.Th>
              <Table.Th>{t('patients.access.who')}</Table.Th>
              <Table.Th>{t('patients.access.what')}</Table.Th>
              <Table.Th>{t('patients.access.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((event) => (
              <Table.Tr key={event.id}>
                <Table.Td>{formatDate(event.occurredAt)}</Table.Td>
                <Table.Td>
                  {event.actor.name ?? event.actor.type}
                  {event.actor.role && ` (${event.actor.role})`}
                </Table.Td>
                <Table.Td>
                  {event.action}
                  {event.breakGlassReason && (
                    <Text size="sm" c="red.9">
                      {t('patients.access.breakGlass', { reason: event.breakGlassReason })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={event.outcome === 'allowed' ? 'teal.9' : 'red.9'}>
                    {t(`patients.access.outcomes.${event.outcome}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
