import {
  Button,
  Card,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type {
  AppointmentTypeDetail,
  ProviderProfileUpdate,
  ProviderScheduleProfile,
} from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { errorWithin, onlyAbout } from './field-errors.ts';

const fields = [
  'body.acceptedInsurance',
  'body.languages',
  'body.bio',
  'body.photoUrl',
  'body.appointmentTypeIds',
  'body.locations',
];

/** "Spanish (es)", in the interface's language; the code alone when Intl knows no name. */
function languageLabel(language: string, code: string): string {
  const name = new Intl.DisplayNames([language], { type: 'language', fallback: 'none' }).of(code);
  return name ? `${name} (${code})` : code;
}

/**
 * What patients search a provider by (insurance, languages, telehealth, new patients), what
 * they read about them (bio, photo), the kinds of visit they offer and where they work.
 */
export function ProfileForm({
  profile,
  types,
  mayManage,
  onSaving,
  onSaved,
}: {
  profile: ProviderScheduleProfile;
  types: AppointmentTypeDetail[];
  mayManage: boolean;
  onSaving(): void;
  onSaved(): void;
}) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState({
    acceptedInsurance: profile.acceptedInsurance.map((payer) => payer.name),
    languages: profile.languages,
    offersTelehealth: profile.offersTelehealth,
    acceptingNewPatients: profile.acceptingNewPatients,
    bio: profile.bio,
    photoUrl: profile.photoUrl ?? '',
    appointmentTypeIds: profile.appointmentTypeIds,
    activeLocationIds: profile.locations.filter((place) => place.active).map((place) => place.locationId),
  });
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const set = <K extends keyof typeof values>(name: K, value: (typeof values)[K]) =>
    setValues((current) => ({ ...current, [name]: value }));
  // Inactive types the provider still offers stay listed, so unticking them is possible.
  const offeredTypes = types.filter((type) => type.active || values.appointmentTypeIds.includes(type.id));

  function save(event: FormEvent) {
    event.preventDefault();
    onSaving();
    const photoUrl = values.photoUrl.trim();
    const body: ProviderProfileUpdate = {
      acceptedInsurance: values.acceptedInsurance,
      languages: values.languages,
      offersTelehealth: values.offersTelehealth,
      acceptingNewPatients: values.acceptingNewPatients,
      bio: values.bio,
      photoUrl: photoUrl === '' ? null : photoUrl,
      appointmentTypeIds: values.appointmentTypeIds,
      // Only locations linked before or ticked now: an untouched location gets no link at all.
      locations: profile.locations
        .filter((place) => place.linked || values.activeLocationIds.includes(place.locationId))
        .map((place) => ({
          locationId: place.locationId,
          active: values.activeLocationIds.includes(place.locationId),
        })),
    };
    void submit(async () => {
      await callApi('PATCH', `/api/scheduling/providers/${profile.id}`, body);
      onSaved();
    });
  }

  const readOnly = !mayManage;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="profile-heading">
      <form ref={form} onSubmit={save} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h3" id="profile-heading">
              {t('schedule.profile.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('schedule.profile.intro')}
            </Text>
          </div>
          <FormError error={onlyAbout(error, fields) ? undefined : error} title={t('schedule.saveFailed')} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TagsInput
              label={t('schedule.profile.insurance')}
              description={t('schedule.profile.insuranceHint')}
              value={values.acceptedInsurance}
              onChange={(value) => set('acceptedInsurance', value)}
              readOnly={readOnly}
              clearable={!readOnly}
              error={errorWithin(error, 'body.acceptedInsurance')}
            />
            <TagsInput
              label={t('schedule.profile.languages')}
              description={t('schedule.profile.languagesHint', {
                names: values.languages
                  .map((code) => languageLabel(i18n.resolvedLanguage ?? 'en', code))
                  .join(', '),
              })}
              value={values.languages}
              onChange={(value) =>
                set(
                  'languages',
                  value.map((code) => code.trim().toLowerCase()),
                )
              }
              readOnly={readOnly}
              error={errorWithin(error, 'body.languages')}
            />
          </SimpleGrid>
          <Group gap="xl">
            <Switch
              label={t('schedule.profile.telehealth')}
              checked={values.offersTelehealth}
              onChange={(event) => set('offersTelehealth', event.currentTarget.checked)}
              disabled={readOnly}
            />
            <Switch
              label={t('schedule.profile.newPatients')}
              checked={values.acceptingNewPatients}
              onChange={(event) => set('acceptingNewPatients', event.currentTarget.checked)}
              disabled={readOnly}
            />
          </Group>
          <Textarea
            label={t('schedule.profile.bio')}
            autosize
            minRows={2}
            value={values.bio}
            onChange={(event) => set('bio', event.currentTarget.value)}
            readOnly={readOnly}
            error={errorWithin(error, 'body.bio')}
          />
          <TextInput
            label={t('schedule.profile.photoUrl')}
            description={t('schedule.profile.photoUrlHint')}
            placeholder="https://"
            type="url"
            value={values.photoUrl}
            onChange={(event) => set('photoUrl', event.currentTarget.value)}
            readOnly={readOnly}
            error={errorWithin(error, 'body.photoUrl')}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Checkbox.Group
              label={t('schedule.profile.types')}
              value={values.appointmentTypeIds}
              onChange={(value) => set('appointmentTypeIds', value)}
              error={errorWithin(error, 'body.appointmentTypeIds')}
            >
              <Stack gap={6} mt="xs">
                {offeredTypes.map((type) => (
                  <Checkbox
                    key={type.id}
                    value={type.id}
                    disabled={readOnly}
                    label={type.active ? type.name : t('schedule.profile.inactiveType', { name: type.name })}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            <Checkbox.Group
              label={t('schedule.profile.locations')}
              description={t('schedule.profile.locationsHint')}
              value={values.activeLocationIds}
              onChange={(value) => set('activeLocationIds', value)}
              error={errorWithin(error, 'body.locations')}
            >
              <Stack gap={6} mt="xs">
                {profile.locations.map((place) => (
                  <Checkbox
                    key={place.locationId}
                    value={place.locationId}
                    label={place.name}
                    disabled={readOnly}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          </SimpleGrid>
          {mayManage && (
            <Group>
              <Button type="submit" loading={busy}>
                {t('schedule.profile.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
