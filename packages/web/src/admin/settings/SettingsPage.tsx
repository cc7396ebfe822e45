import { Alert, Button, Card, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import type { OrganizationSettings } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';

type Age = string | number;

const fields = ['body.requireStaffMfa', 'body.proxyAdolescentAge', 'body.proxyAdultAge'];

/** An age as typed: the server says what is wrong with an empty or odd one, next to the field. */
const asNumber = (age: Age): number | null => (age === '' ? null : Number(age));

function SettingsForm({
  saved,
  onSaved,
}: {
  saved: OrganizationSettings;
  onSaved(settings: OrganizationSettings): void;
}) {
  const { t } = useTranslation();
  const [requireStaffMfa, setRequireStaffMfa] = useState(saved.requireStaffMfa);
  const [adolescentAge, setAdolescentAge] = useState<Age>(saved.proxyAdolescentAge);
  const [adultAge, setAdultAge] = useState<Age>(saved.proxyAdultAge);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      onSaved(
        await callApi<OrganizationSettings>('PUT', '/api/admin/settings', {
          requireStaffMfa,
          proxyAdolescentAge: asNumber(adolescentAge),
          proxyAdultAge: asNumber(adultAge),
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={form} onSubmit={(event) => void save(event)} noValidate>
      <Stack gap="lg">
        <FormError error={formLevelError(error, fields)} title={t('adminSettings.saveFailed')} />
        <Card withBorder padding="lg" component="section" aria-labelledby="two-step-heading">
          <Stack gap="sm">
            <Title order={2} size="h3" id="two-step-heading">
              {t('adminSettings.twoStepTitle')}
            </Title>
            <Switch
              label={t('adminSettings.requireTwoStep')}
              description={t('adminSettings.requireTwoStepHint')}
              checked={requireStaffMfa}
              onChange={(event) => setRequireStaffMfa(event.currentTarget.checked)}
              error={fieldError(error, 'body.requireStaffMfa')}
            />
            {requireStaffMfa && !saved.requireStaffMfa && (
              <Alert color="yellow" variant="light">
                {t('adminSettings.twoStepConsequence')}
              </Alert>
            )}
          </Stack>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="proxy-heading">
          <Stack gap="sm">
            <Title order={2} size="h3" id="proxy-heading">
              {t('adminSettings.proxyTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('adminSettings.proxyIntro')}
            </Text>
            <Group align="flex-start" grow>
              <NumberInput
                label={t('adminSettings.adolescentAge')}
                description={t('adminSettings.adolescentAgeHint')}
                min={0}
                max={21}
                allowDecimal={false}
                allowNegative={false}
                // The server explains an age out of range; quietly changing it on blur would not.
                clampBehavior="none"
                value={adolescentAge}
                onChange={setAdolescentAge}
                error={fieldError(error, 'body.proxyAdolescentAge')}
              />
              <NumberInput
                label={t('adminSettings.adultAge')}
                description={t('adminSettings.adultAgeHint')}
                min={1}
                max={25}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                value={adultAge}
                onChange={setAdultAge}
                error={fieldError(error, 'body.proxyAdultAge')}
              />
            </Group>
          </Stack>
        </Card>
        <Group>
          <Button type="submit" loading={saving}>
            {t('adminSettings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /admin/settings: two-step sign-in for staff, and the ages at which a parent's proxy access changes. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { data, error } = useApiData<OrganizationSettings>('/api/admin/settings');
  const [saved, setSaved] = useState<OrganizationSettings>();
  const [status, setStatus] = useState<string>();
  useEffect(() => {
    if (data) setSaved(data);
  }, [data]);

  return (
    <Stack gap="lg">
      <PageHeading title={t('adminSettings.title')} intro={t('adminSettings.intro')} />
      <StatusMessage message={status} />
      <FormError error={error} title={t('adminSettings.loadFailed')} />
      {!saved && !error && <Loading />}
      {saved && (
        <SettingsForm
          saved={saved}
          onSaved={(settings) => {
            setSaved(settings);
            setStatus(t('adminSettings.saved'));
          }}
        />
      )}
    </Stack>
  );
}
