import {
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
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

const editable = [
  'preferredName',
  'pronouns',
  'preferredLanguage',
  'line',
  'city',
  'region',
  'postalCode',
  'country',
] as const;
type Editable = (typeof editable)[number];
const addressParts: readonly Editable[] = ['line', 'city', 'region', 'postalCode', 'country'];

function valuesOf(profile: PortalProfile): Record<Editable, string> {
  return {
    preferredName: profile.preferredName ?? '',
    pronouns: profile.pronouns ?? '',
    preferredLanguage: profile.preferredLanguage,
    line: profile.address.line ?? '',
    city: profile.address.city ?? '',
    region: profile.address.region ?? '',
    postalCode: profile.address.postalCode ?? '',
    country: profile.address.country ?? '',
  };
}

/** The chosen patient's details as the clinic has them, and what the person may correct. */
export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('portalPages.profile.title'));
  const { patient, data: profile, error, reload } = useChosenProfile();
  const [values, setValues] = useState<Record<Editable, string>>();
  const saving = useSubmission();
  useEffect(() => setValues(profile && valuesOf(profile)), [profile]);

  if (error) {
    return (
      <Stack>
        <Title order={1}>{t('portalPages.profile.title')}</Title>
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
    const text = (value: string) => (value.trim() === '' ? null : value.trim());
    await saving.submit(async () => {
      await callApi('PATCH', `/api/portal/patients/${profile.id}/profile`, {
        preferredName: text(values.preferredName),
        pronouns: text(values.pronouns),
        preferredLanguage: values.preferredLanguage.trim() || 'en',
        address: Object.fromEntries(addressParts.map((part) => [part, text(values[part])])),
      });
      reload();
    });
  }

  const requestField = (name: Editable) =>
    addressParts.includes(name) ? `body.address.${name}` : `body.${name}`;
  return (
    <Stack>
      <Title order={1}>{t('portalPages.profile.title')}</Title>
      <Card withBorder>
        <Stack gap={4}>
          <Text fw={600} size="lg">
            {profile.givenName} {profile.familyName}
          </Text>
          <Text c="dimmed">
            {t('patients.fields.birthDate')}: {profile.birthDate}
          </Text>
          {profile.contactPoints.map((point) => (
            <Group key={point.id} gap="xs">
              <Text>{point.value}</Text>
              {point.verified && <Badge color="teal.9">{t('patients.contact.verified')}</Badge>}
            </Group>
          ))}
          <Text size="sm" c="dimmed">
            {t('portalPages.profile.askClinic')}
          </Text>
        </Stack>
      </Card>
      <form onSubmit={save} noValidate>
        <Stack>
          <FormError error={saving.error} title={t('portalPages.profile.failed')} />
          {saving.succeeded && (
            <Text c="teal.9" role="status">
              {t('portalPages.profile.saved')}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {editable.map((name) => (
              <TextInput
                key={name}
                label={t(`patients.fields.${name}`)}
                value={values[name]}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setValues((current) => current && { ...current, [name]: value });
                }}
                error={fieldError(saving.error, requestField(name))}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={saving.busy}>
              {t('portalPages.profile.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
