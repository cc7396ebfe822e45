import { Button, Stack } from '@mantine/core';
import type { AssistantSettingsBody, SafetySettings } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { AssistantSettingsForm } from './AssistantSettingsForm.tsx';
import { SafetySettingsForm } from './SafetySettingsForm.tsx';

/** Reads saved settings once, then keeps what the last save returned. */
function useSaved<T>(path: string) {
  const { data, error } = useApiData<T>(path);
  const [saved, setSaved] = useState<T>();
  useEffect(() => {
    if (data) setSaved(data);
  }, [data]);
  return { saved, setSaved, error };
}

/**
 * /desk/inbox/settings, for supervisors: the assistant (on or off, where, how sure, with or
 * without a language model) and the safety numbers an emergency reply gives. Each part saves
 * on its own, and the server's objections show next to the field they are about.
 */
export function InboxSettingsPage() {
  const { t } = useTranslation();
  const assistant = useSaved<AssistantSettingsBody>('/api/assistant/settings');
  const safety = useSaved<SafetySettings>('/api/triage/safety-settings');
  const [status, setStatus] = useState<string>();

  return (
    <Stack maw={900} mx="auto" py="lg" gap="lg">
      <PageHeading
        title={t('inboxSettings.title')}
        intro={t('inboxSettings.intro')}
        actions={
          <Button component={Link} to="/desk/inbox/requests" variant="default">
            {t('insights.title')}
          </Button>
        }
      />
      <StatusMessage message={status} />
      <FormError error={assistant.error} title={t('inboxSettings.assistant.loadFailed')} />
      {!assistant.saved && !assistant.error && <Loading />}
      {assistant.saved && (
        <AssistantSettingsForm
          saved={assistant.saved}
          onSaving={() => setStatus(undefined)}
          onSaved={(settings) => {
            assistant.setSaved(settings);
            setStatus(t('inboxSettings.assistant.saved'));
          }}
        />
      )}
      <FormError error={safety.error} title={t('inboxSettings.safety.loadFailed')} />
      {!safety.saved && !safety.error && <Loading />}
      {safety.saved && (
        <SafetySettingsForm
          saved={safety.saved}
          onSaving={() => setStatus(undefined)}
          onSaved={(settings) => {
            safety.setSaved(settings);
            setStatus(t('inboxSettings.safety.saved'));
          }}
        />
      )}
    </Stack>
  );
}
