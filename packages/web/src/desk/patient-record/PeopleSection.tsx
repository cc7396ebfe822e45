import { Card, List, Stack, Text, Title } from '@mantine/core';
import type { PatientRecord } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';

/** The care team and the people who act for the patient, with what each may do. */
export function PeopleSection({ record }: { record: PatientRecord }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="people-heading">
      <Title order={2} size="h4" id="people-heading" mb="sm">
        {t('patients.people.title')}
      </Title>
      <Stack gap="xs">
        <Text>
          <Text span fw={600}>
            {t('patients.people.primaryProvider')}:{' '}
          </Text>
          {record.careTeam.primaryProvider?.displayName ?? t('patients.people.noProvider')}
        </Text>
        <Text fw={600}>{t('patients.people.proxies')}</Text>
        {record.proxies.length === 0 ? (
          <Text c="dimmed">{t('patients.people.noProxies')}</Text>
        ) : (
          <List>
            {record.proxies.map((proxy) => (
              <List.Item key={proxy.id}>
                {proxy.name} — {t(`patients.relationships.${proxy.relationship}`)}:{' '}
                {proxy.scopes.length === 0
                  ? t('patients.people.noScopes')
                  : proxy.scopes.map((scope) => t(`patients.scopes.${scope}`)).join(', ')}
                {proxy.expiresAt &&
                  ` (${t('patients.people.until', { date: proxy.expiresAt.slice(0, 10) })})`}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}
