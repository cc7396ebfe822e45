import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ProviderUnavailabilityList } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../../api/use-api-data.ts';
import { FormError } from '../../../app/FormError.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { useTimeOffWhen } from './time-off-words.ts';

/** A provider's time off, latest first, each with how many were told and have rebooked. */
export function TimeOffList({ providerId, providerName }: { providerId: string; providerName: string }) {
  const { t } = useTranslation();
  const when = useTimeOffWhen();
  const list = useApiData<ProviderUnavailabilityList>(`/api/providers/${providerId}/unavailability`);
  return (
    <Stack gap="sm" component="section" aria-labelledby="time-off-list-heading">
      <Title order={2} size="h3" id="time-off-list-heading">
        {t('disruptions.list.heading', { name: providerName })}
      </Title>
      <FormError error={list.error} title={t('disruptions.list.failed')} />
      {!list.data && !list.error && <Loading />}
      {list.data?.items.length === 0 && <Text c="dimmed">{t('disruptions.list.none')}</Text>}
      {list.data?.items.map((item) => (
        <Card
          key={item.id}
          withBorder
          padding="sm"
          component="article"
          aria-label={when(item.startsAt, item.endsAt, item.timeZone)}
        >
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Text fw={600}>{when(item.startsAt, item.endsAt, item.timeZone)}</Text>
              <Text size="sm">{item.reason}</Text>
              <Text size="sm" c="dimmed">
                {t('disruptions.list.summary', {
                  affected: item.counts.affected,
                  notified: item.counts.notified,
                  rebooked: item.counts.rebooked,
                })}
              </Text>
            </Stack>
            <Anchor component={Link} to={`/desk/schedule/disruptions/${providerId}/${item.id}`}>
              {t('disruptions.list.follow')}
            </Anchor>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
