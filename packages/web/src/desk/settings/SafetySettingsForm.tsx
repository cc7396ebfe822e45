import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { SafetySettings } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';

const numbers = ['emergencyNumber', 'crisisLine', 'poisonControl'] as const;
const fields = [...numbers, 'onCallPhone'].map((name) => `body.${name}`);

/**
 * The numbers the safety reply gives a patient whose message reads as an emergency, and the
 * on-call phone paged (with a link only, never patient details) when no clinician is on duty.
 */
export function SafetySettingsForm({
  saved,
  onSaving,
  onSaved,
}: {
  saved: SafetySettings;
  /** A save starts: the last "saved" message no longer holds. */
  onSaving(): void;
  onSaved(settings: SafetySettings): void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState({
    emergencyNumber: saved.emergencyNumber,
    crisisLine: saved.crisisLine,
    poisonControl: saved.poisonControl,
    onCallPhone: saved.onCallPhone ?? '',
  });
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const set = (name: keyof typeof values) => (event: { currentTarget: HTMLInputElement }) => {
    const { value } = event.currentTarget;
    setValues((current) => ({ ...current, [name]: value }));
  };

  function save(event: FormEvent) {
    event.preventDefault();
    onSaving();
    const onCallPhone = values.onCallPhone.trim();
    void submit(async () => {
      onSaved(
        await callApi<SafetySettings>('PUT', '/api/triage/safety-settings', {
          ...values,
          // No on-call phone is a choice (clinicians on duty are alerted in the desk instead).
          onCallPhone: onCallPhone === '' ? null : onCallPhone,
        }),
      );
    });
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="safety-settings-heading">
      <form ref={form} onSubmit={save} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h3" id="safety-settings-heading">
              {t('inboxSettings.safety.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('inboxSettings.safety.intro')}
            </Text>
          </div>
          <FormError error={formLevelError(error, fields)} title={t('inboxSettings.saveFailed')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {numbers.map((name) => (
              <TextInput
                key={name}
                label={t(`inboxSettings.safety.${name}`)}
                description={t(`inboxSettings.safety.${name}Hint`)}
                type="tel"
                required
                value={values[name]}
                onChange={set(name)}
                error={fieldError(error, `body.${name}`)}
              />
            ))}
          </SimpleGrid>
          <TextInput
            label={t('inboxSettings.safety.onCallPhone')}
            description={t('inboxSettings.safety.onCallPhoneHint')}
            placeholder="+15085550111"
            type="tel"
            autoComplete="off"
            maw={320}
            value={values.onCallPhone}
            onChange={set('onCallPhone')}
            error={fieldError(error, 'body.onCallPhone')}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('inboxSettings.safety.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
