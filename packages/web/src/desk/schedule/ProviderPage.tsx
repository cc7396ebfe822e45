import { Anchor, Stack, Text } from '@mantine/core';
import type { AppointmentTypeDetail, ProviderScheduleProfile } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { ExtraHoursSection } from './ExtraHoursSection.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { TimeOffSection } from './TimeOffSection.tsx';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.tsx';
import { WeekView } from './WeekView.tsx';

/**
 * /desk/schedule/providers/:id: one provider's profile (what patients search by), their weekly
 * hours per location, extra hours, time off, and their week as booked. Every change of hours
 * reloads the week, whose free time the server has already recomputed.
 */
export function ProviderPage({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const profile = useApiData<ProviderScheduleProfile>(`/api/scheduling/providers/${id}`);
  const types = useApiData<{ items: AppointmentTypeDetail[] }>('/api/scheduling/appointment-types');
  const [weekVersion, setWeekVersion] = useState(0);
  const [status, setStatus] = useState<string>();

  const changed = (message: string) => {
    setStatus(message);
    profile.reload();
    setWeekVersion((version) => version + 1);
  };

  if (!profile.data)
    return (
      <Stack maw={1200} mx="auto" py="lg">
        {profile.error ? (
          <FormError error={profile.error} title={t('schedule.provider.loadFailed')} />
        ) : (
          <Loading />
        )}
      </Stack>
    );
  const provider = profile.data;
  return (
    <Stack maw={1200} mx="auto" py="lg" gap="lg">
      <Anchor component={Link} to="/desk/schedule" size="sm">
        {t('schedule.provider.back')}
      </Anchor>
      <PageHeading title={provider.displayName} intro={provider.specialty ?? undefined} />
      {!mayManage && (
        <Text size="sm" c="dimmed">
          {t('schedule.provider.readOnly')}
        </Text>
      )}
      <StatusMessage message={status} />
      <ProfileForm
        key={provider.id}
        profile={provider}
        types={types.data?.items ?? []}
        mayManage={mayManage}
        onSaving={() => setStatus(undefined)}
        onSaved={() => changed(t('schedule.profile.saved'))}
      />
      <WeeklyHoursEditor
        profile={provider}
        mayManage={mayManage}
        onChanging={() => setStatus(undefined)}
        onChanged={changed}
      />
      <ExtraHoursSection
        profile={provider}
        mayManage={mayManage}
        onChanging={() => setStatus(undefined)}
        onChanged={changed}
      />
      <TimeOffSection profile={provider} />
      <WeekView providerId={provider.id} version={weekVersion} />
    </Stack>
  );
}
