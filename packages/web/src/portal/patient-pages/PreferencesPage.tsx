import {
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { PortalProfile } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { fieldError } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { ScopeRefusal } from './ScopeRefusal.tsx';
import { useChosenProfile } from './use-chosen-profile.ts';

const channels = ['sms', 'email', 'phone', 'portal'] as const;
const consentChannels = ['sms', 'email', 'voice'] as const;

interface Preferences {
  preferredChannel: (typeof channels)[number];
  quietStart: string;
  quietEnd: string;
  consents: Record<(typeof consentChannels)[number], boolean>;
}

function preferencesOf(profile: PortalProfile): Preferences {
  const granted = (channel: (typeof consentChannels)[number]) =>
    profile.consents.find((consent) => consent.channel === channel)?.status === 'granted';
  return {
    preferredChannel: profile.preferences.preferredChannel,
    quietStart: profile.preferences.quietHours?.start ?? '',
    quietEnd: profile.preferences.quietHours?.end ?? '',
    consents: { sms: granted('sms'), email: granted('email'), voice: granted('voice') },
  };
}

/** How and when the clinic may reach the patient; an opt-out here is honoured everywhere. */
export function PreferencesPage() {
  const { t } = useTranslation();
  usePageTitle(t('portalPages.preferences.title'));
  const { patient, data: profile, error, reload } = useChosenProfile();
  const [values, setValues] = useState<Preferences>();
  const saving = useSubmission();
  useEffect(() => setValues(profile && preferencesOf(profile)), [profile]);

  if (error) {
    return (
      <Stack>
        <Title order={1}>{t('portalPages.preferences.title')}</Title>
        <ScopeRefusal error={error} patient={patient} />
      </Stack>
    );
  }
  if (!profile || !values) {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!values || !profile) return;
    await saving.submit(async () => {
      const quietHours =
        values.quietStart && values.quietEnd ? { start: values.quietStart, end: values.quietEnd } : null;
      await callApi('PUT', `/api/portal/patients/${profile.id}/preferences`, {
        preferredChannel: values.preferredChannel,
        quietHours,
        consents: Object.fromEntries(
          consentChannels.map((channel) => [channel, values.consents[channel] ? 'granted' : 'revoked']),
        ),
      });
      reload();
    });
  }

  return (
    <form onSubmit={save} noValidate>
      <Stack>
        <Title order={1}>{t('portalPages.preferences.title')}</Title>
        <Text c="dimmed">{t('portalPages.preferences.intro')}</Text>
        <FormError error={saving.error} title={t('portalPages.preferences.failed')} />
        {saving.succeeded && (
          <Text c="teal.9" role="status">
            {t('portalPages.preferences.saved')}
          </Text>
        )}
        <Select
          label={t('portalPages.preferences.channel')}
          data={channels.map((value) => ({ value, label: t(`patients.channels.${value}`) }))}
          value={values.preferredChannel}
          onChange={(value) =>
            value && setValues({ ...values, preferredChannel: value as Preferences['preferredChannel'] })
          }
          allowDeselect={false}
        />
        <Stack gap="xs">
          <Text fw={500}>{t('portalPages.preferences.consents')}</Text>
          {consentChannels.map((channel) => (
            <Checkbox
              key={channel}
              label={t(`portalPages.preferences.consent.${channel}`)}
              checked={values.consents[channel]}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                setValues({ ...values, consents: { ...values.consents, [channel]: checked } });
              }}
            />
          ))}
        </Stack>
        <SimpleGrid cols={2}>
          <TextInput
            type="time"
            label={t('portalPages.preferences.quietStart')}
            value={values.quietStart}
            onChange={(event) => setValues({ ...values, quietStart: event.currentTarget.value })}
            error={fieldError(saving.error, 'body.quietHours.start')}
          />
          <TextInput
            type="time"
            label={t('portalPages.preferences.quietEnd')}
            value={values.quietEnd}
            onChange={(event) => setValues({ ...values, quietEnd: event.currentTarget.value })}
            error={fieldError(saving.error, 'body.quietHours.end')}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t('portalPages.preferences.quietHint')}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={saving.busy}>
            {t('portalPages.preferences.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
