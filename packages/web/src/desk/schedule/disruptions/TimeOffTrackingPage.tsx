import { Anchor, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ProviderUnavailability } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiData } from '../../../api/use-api-data.ts';
import { FormError } from '../../../app/FormError.tsx';
import { formatVisitTime } from '../../../portal/appointments/visit-time.ts';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { AffectedTable } from './AffectedTable.tsx';
import { useTimeOffWhen } from './time-off-words.ts';

const countNames = ['affected', 'notified', 'notReached', 'rebooked', 'notRebooked'] as const;

/**
 * /desk/schedule/disruptions/:providerId/:exceptionId: one time off and its appointments, to
 * follow up: who was told and how, whom to call (not reached), who has rebooked and who not yet.
 */
export function TimeOffTrackingPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const { providerId, exceptionId } = useParams();
  const when = useTimeOffWhen();
  const timeOff = useApiData<ProviderUnavailability>(
    `/api/providers/${providerId}/unavailability/${exceptionId}`,
  );
  const data = timeOff.data;
  return (
    <Stack maw={1000} mx="auto" py="lg" gap="lg">
      <PageHeading title={t('disruptions.tracking.title', { name: data?.provider ?? '…' })} />
      <FormError error={timeOff.error} title={t('disruptions.tracking.failed')} />
      {!data && !timeOff.error && <Loading />}
      {data && (
        <>
          <Anchor component={Link} to={`/desk/schedule/disruptions?provider=${data.providerId}`}>
            {t('disruptions.tracking.back', { name: data.provider })}
          </Anchor>
          <Stack gap={4}>
            <Text>
              <Text span fw={600}>
                {t('disruptions.tracking.when')}:
              </Text>{' '}
              {when(data.startsAt, data.endsAt, data.timeZone)}
            </Text>
            <Text>
              <Text span fw={600}>
                {t('disruptions.tracking.reason')}:
              </Text>{' '}
              {data.reason}
            </Text>
            <Text size="sm" c="dimmed">
              {data.createdBy
                ? t('disruptions.tracking.markedBy', {
                    name: data.createdBy,
                    when: formatVisitTime(language, data.createdAt, data.timeZone),
                  })
                : t('disruptions.tracking.marked', {
                    when: formatVisitTime(language, data.createdAt, data.timeZone),
                  })}
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
            {countNames.map((name) => (
              <Card key={name} withBorder padding="sm">
                <Text size="sm" c="dimmed">
                  {t(`disruptions.tracking.counts.${name}`)}
                </Text>
                <Text
                  fz="xl"
                  fw={700}
                  aria-label={`${t(`disruptions.tracking.counts.${name}`)}: ${data.counts[name]}`}
                >
                  {data.counts[name]}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          {data.affected.length === 0 ? (
            <Text>{t('disruptions.tracking.none')}</Text>
          ) : (
            <AffectedTable affected={data.affected} caption={t('disruptions.tracking.table')} tracking />
          )}
        </>
      )}
    </Stack>
  );
}
