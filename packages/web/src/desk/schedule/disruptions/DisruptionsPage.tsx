import { Card, NativeSelect, Stack } from '@mantine/core';
import type { ProviderUnavailability, SchedulingDirectory } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useApiData } from '../../../api/use-api-data.ts';
import { FormError } from '../../../app/FormError.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { TimeOffForm } from './TimeOffForm.tsx';
import { TimeOffList } from './TimeOffList.tsx';

const none = '';

/**
 * /desk/schedule/disruptions: choose a provider, mark their time off (after seeing which
 * appointments it cancels), and find the time off marked before to follow the rebooking.
 */
export function DisruptionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const directory = useApiData<SchedulingDirectory>('/api/scheduling/directory');
  const providerId = params.get('provider') ?? none;
  const provider = directory.data?.providers.find((candidate) => candidate.id === providerId);

  function marked(result: ProviderUnavailability) {
    navigate(`/desk/schedule/disruptions/${result.providerId}/${result.id}`);
  }

  return (
    <Stack maw={1000} mx="auto" py="lg" gap="lg">
      <PageHeading title={t('disruptions.title')} intro={t('disruptions.intro')} />
      <FormError error={directory.error} title={t('disruptions.list.failed')} />
      {!directory.data && !directory.error && <Loading />}
      {directory.data && (
        <>
          <NativeSelect
            label={t('disruptions.provider')}
            data={[
              { value: none, label: t('disruptions.chooseProvider') },
              ...directory.data.providers.map((candidate) => ({
                value: candidate.id,
                label: candidate.displayName,
              })),
            ]}
            value={provider ? provider.id : none}
            onChange={(event) =>
              setParams(event.currentTarget.value ? { provider: event.currentTarget.value } : {}, {
                replace: true,
              })
            }
            maw={420}
          />
          {provider && (
            <>
              <Card withBorder padding="lg">
                <TimeOffForm
                  key={provider.id}
                  directory={directory.data}
                  providerId={provider.id}
                  onMarked={marked}
                />
              </Card>
              <TimeOffList providerId={provider.id} providerName={provider.displayName} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
