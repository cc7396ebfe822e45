import { Anchor, Button, Card, Group, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { SchedulingSettingsBody } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useSubmission } from '../../ui/use-submission.ts';

const numberFields = [
  'holdMinutes',
  'noShowGraceMinutes',
  'waitlistOfferMinutes',
  'waitlistOffersAtOnce',
] as const;
const timeFields = ['quietHoursStart', 'quietHoursEnd'] as const;
const fields = [...numberFields, ...timeFields].map((name) => `body.${name}`);

function SettingsForm({ saved, mayManage }: { saved: SchedulingSettingsBody; mayManage: boolean }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string | number>>({ ...saved });
  const [status, setStatus] = useState<string>();
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);

  function save(event: FormEvent) {
    event.preventDefault();
    setStatus(undefined);
    void submit(async () => {
      const answer = await callApi<SchedulingSettingsBody>('PUT', '/api/scheduling/settings', values);
      setValues({ ...answer });
      setStatus(t('schedule.settings.saved'));
    });
  }

  return (
    <Stack gap="md">
      <StatusMessage message={status} />
      <Card withBorder padding="lg">
        <form ref={form} onSubmit={save} noValidate>
          <Stack gap="md">
            <FormError error={formLevelError(error, fields)} title={t('schedule.saveFailed')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {numberFields.map((name) => (
                <NumberInput
                  key={name}
                  label={t(`schedule.settings.${name}`)}
                  description={t(`schedule.settings.${name}Hint`)}
                  value={values[name]}
                  onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
                  allowDecimal={false}
                  readOnly={!mayManage}
                  error={fieldError(error, `body.${name}`)}
                />
              ))}
              {timeFields.map((name) => (
                <TextInput
                  key={name}
                  type="time"
                  label={t(`schedule.settings.${name}`)}
                  description={t(`schedule.settings.${name}Hint`)}
                  value={String(values[name] ?? '')}
                  onChange={(event) => {
                    const { value } = event.currentTarget;
                    setValues((current) => ({ ...current, [name]: value }));
                  }}
                  readOnly={!mayManage}
                  error={fieldError(error, `body.${name}`)}
                />
              ))}
            </SimpleGrid>
            {mayManage && (
              <Group>
                <Button type="submit" loading={busy}>
                  {t('schedule.settings.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

/** /desk/schedule/settings: holds, no-show grace, reminders' quiet hours, waitlist offers. */
export function SchedulingSettingsPage({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const settings = useApiData<SchedulingSettingsBody>('/api/scheduling/settings');
  const [loaded, setLoaded] = useState<SchedulingSettingsBody>();
  useEffect(() => {
    if (settings.data) setLoaded(settings.data);
  }, [settings.data]);
  return (
    <Stack maw={900} mx="auto" py="lg" gap="md">
      <Anchor component={Link} to="/desk/schedule" size="sm">
        {t('schedule.provider.back')}
      </Anchor>
      <PageHeading title={t('schedule.settings.title')} intro={t('schedule.settings.intro')} />
      <FormError error={settings.error} title={t('schedule.settings.loadFailed')} />
      {!loaded && !settings.error && <Loading />}
      {loaded && <SettingsForm saved={loaded} mayManage={mayManage} />}
    </Stack>
  );
}
