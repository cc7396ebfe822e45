import { Button, Card, Checkbox, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import type { AssistantSettingsBody } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';

type Channel = AssistantSettingsBody['channels'][number];
const channels: readonly Channel[] = ['web', 'portal', 'sms'];
const fields = ['body.enabled', 'body.channels', 'body.minConfidence', 'body.useLanguageModel'];

/** What a threshold means for patients, in three plain bands (undefined while it is out of range). */
function thresholdMeaning(value: number | string): 'eager' | 'balanced' | 'cautious' | undefined {
  const threshold = typeof value === 'number' ? value : Number.NaN;
  if (!(threshold >= 0.3 && threshold <= 1)) return undefined;
  return threshold < 0.5 ? 'eager' : threshold <= 0.8 ? 'balanced' : 'cautious';
}

/**
 * Whether and where the assistant answers routine questions, how sure the search must be before
 * it does, and whether a language model may word its answers.
 */
export function AssistantSettingsForm({
  saved,
  onSaving,
  onSaved,
}: {
  saved: AssistantSettingsBody;
  /** A save starts: the last "saved" message no longer holds. */
  onSaving(): void;
  onSaved(settings: AssistantSettingsBody): void;
}) {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [chosen, setChosen] = useState<string[]>(saved.channels);
  const [threshold, setThreshold] = useState<number | string>(saved.minConfidence);
  const [useLanguageModel, setUseLanguageModel] = useState(saved.useLanguageModel);
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const meaning = thresholdMeaning(threshold);

  function save(event: FormEvent) {
    event.preventDefault();
    onSaving();
    void submit(async () => {
      onSaved(
        await callApi<AssistantSettingsBody>('PUT', '/api/assistant/settings', {
          enabled,
          channels: chosen,
          // An empty field goes as it is, so the server says what is missing next to it.
          minConfidence: threshold === '' ? null : Number(threshold),
          useLanguageModel,
        }),
      );
    });
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="assistant-settings-heading">
      <form ref={form} onSubmit={save} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h3" id="assistant-settings-heading">
              {t('inboxSettings.assistant.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('inboxSettings.assistant.intro')}
            </Text>
          </div>
          <FormError error={formLevelError(error, fields)} title={t('inboxSettings.saveFailed')} />
          <Switch
            label={t('inboxSettings.assistant.enabled')}
            description={t('inboxSettings.assistant.enabledHint')}
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
            error={fieldError(error, 'body.enabled')}
          />
          <Checkbox.Group
            label={t('inboxSettings.assistant.channels')}
            description={t('inboxSettings.assistant.channelsHint')}
            value={chosen}
            onChange={setChosen}
            error={fieldError(error, 'body.channels')}
          >
            <Group gap="lg" mt="xs">
              {channels.map((channel) => (
                <Checkbox
                  key={channel}
                  value={channel}
                  label={t(`inboxSettings.assistant.channel.${channel}`)}
                  disabled={!enabled}
                />
              ))}
            </Group>
          </Checkbox.Group>
          <Stack gap={4}>
            <NumberInput
              label={t('inboxSettings.assistant.threshold')}
              description={t('inboxSettings.assistant.thresholdHint')}
              min={0.3}
              max={1}
              step={0.05}
              decimalScale={2}
              allowNegative={false}
              // The server explains a threshold out of range; quietly changing it on blur would not.
              clampBehavior="none"
              maw={260}
              value={threshold}
              onChange={setThreshold}
              error={fieldError(error, 'body.minConfidence')}
            />
            <Text size="sm" aria-live="polite">
              {meaning && t(`inboxSettings.assistant.meaning.${meaning}`)}
            </Text>
          </Stack>
          <Switch
            label={t('inboxSettings.assistant.languageModel')}
            description={t('inboxSettings.assistant.languageModelHint')}
            checked={useLanguageModel}
            onChange={(event) => setUseLanguageModel(event.currentTarget.checked)}
            error={fieldError(error, 'body.useLanguageModel')}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('inboxSettings.assistant.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
