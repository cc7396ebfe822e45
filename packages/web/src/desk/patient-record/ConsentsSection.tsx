import { Badge, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { PatientRecord } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';

const channels = ['sms', 'email', 'voice'] as const;

/**
 * Consent to be contacted per channel, with when and how it was given or withdrawn. A change is a
 * new entry in the history, never an edit of an old one.
 */
export function ConsentsSection({
  record,
  mayChange,
  onChanged,
}: {
  record: PatientRecord;
  mayChange: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();

  async function change(channel: (typeof channels)[number], status: 'granted' | 'revoked') {
    setBusy(channel);
    try {
      await callApi('PUT', `/api/patients/${record.id}/consents/${channel}`, { status, source: 'staff' });
      setError(undefined);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="consents-heading">
      <Title order={2} size="h4" id="consents-heading" mb="sm">
        {t('patients.consents.title')}
      </Title>
      <Stack gap="xs">
        <FormError error={error} title={t('patients.consents.failed')} />
        <Table aria-label={t('patients.consents.title')}>
          <Table.Tbody>
            {channels.map((channel) => {
              const current = record.consents.current.find((entry) => entry.channel === channel);
              return (
                <Table.Tr key={channel}>
                  <Table.Td>{t(`patients.consents.channels.${channel}`)}</Table.Td>
                  <Table.Td>
                    {current ? (
                      <Badge
                        color={current.status === 'granted' ? 'teal.9' : 'red.9'}
                        style={{ minWidth: 'max-content' }}
                      >
                        {t(`patients.consents.status.${current.status}`)}
                      </Badge>
                    ) : (
                      <Badge color="gray.7" style={{ minWidth: 'max-content' }}>
                        {t('patients.consents.status.unknown')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {current && (
                      <Text size="sm" c="dimmed">
                        {t('patients.consents.recorded', {
                          when: formatDate(current.recordedAt),
                          source: t(`patients.consents.sources.${current.source}`),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {mayChange && (
                      <Button
                        size="xs"
                        variant="subtle"
                        loading={busy === channel}
                        onClick={() =>
                          void change(channel, current?.status === 'granted' ? 'revoked' : 'granted')
                        }
                      >
                        {current?.status === 'granted'
                          ? t('patients.consents.recordOptOut')
                          : t('patients.consents.recordConsent')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
