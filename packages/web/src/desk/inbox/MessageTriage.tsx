import { Badge, Button, Group, List, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import {
  type ConversationMessage,
  type MessageTriage as MessageTriageData,
  triageIntents,
  triageUrgencies,
} from '@patientdesk/contracts';
import { Fragment, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';

const urgencyColour = { emergency: 'red.9', urgent: 'orange.9', routine: 'gray.7' } as const;

/** The decision that counts: a clinician's correction, else the engine's. */
export const effectiveTriage = (triage: MessageTriageData) => triage.corrected ?? triage;

/**
 * The message text with the phrases that made it an emergency or urgent marked, so the agent
 * sees at a glance what triage read ("clutching his chest").
 */
export function TriagedBody({ message }: { message: ConversationMessage }): ReactNode {
  const phrases = (message.triage?.reasons ?? [])
    .flatMap((reason) => (reason.kind === 'red-flag' ? reason.phrases : []))
    .sort((a, b) => a.start - b.start)
    .filter((phrase, index, all) => index === 0 || phrase.start >= all[index - 1]!.end);
  if (phrases.length === 0) return message.body;
  const parts: ReactNode[] = [];
  let at = 0;
  phrases.forEach((phrase) => {
    parts.push(<Fragment key={`text-${phrase.start}`}>{message.body.slice(at, phrase.start)}</Fragment>);
    parts.push(<mark key={`mark-${phrase.start}`}>{message.body.slice(phrase.start, phrase.end)}</mark>);
    at = phrase.end;
  });
  parts.push(<Fragment key="end">{message.body.slice(at)}</Fragment>);
  return parts;
}

/**
 * Beside a contact's message: its urgency and intent, why (the rules and phrases that fired, what
 * was set aside as negated or past, what the model leaned on), and for clinicians and
 * supervisors a one-click correction, which the conversation's priority follows.
 */
export function MessageTriage({
  conversationId,
  message,
  canCorrect,
  onCorrected,
}: {
  conversationId: string;
  message: ConversationMessage;
  canCorrect: boolean;
  onCorrected: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const reasonsId = useId();
  const triage = message.triage;
  if (!triage) return null;
  const current = effectiveTriage(triage);

  async function correct(change: Partial<{ urgency: string; intent: string }>) {
    setSaving(true);
    setError(undefined);
    try {
      await callApi('POST', `/api/conversations/${conversationId}/messages/${message.id}/triage-correction`, {
        urgency: current.urgency,
        intent: current.intent,
        ...change,
      });
      onCorrected();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap={4} mt={6}>
      <Group gap={6} wrap="wrap">
        <Badge size="sm" color={urgencyColour[current.urgency]} variant="filled">
          {t(`triage.urgency.${current.urgency}`)}
        </Badge>
        <Text size="xs" c="gray.8">
          {t(`triage.intent.${current.intent}`)}
        </Text>
        {triage.corrected && (
          <Text size="xs" c="gray.8">
            {t('triage.correctedBy', { name: triage.corrected.by })}
          </Text>
        )}
        <UnstyledButton
          onClick={() => setOpen((shown) => !shown)}
          aria-expanded={open}
          aria-controls={reasonsId}
          fz="xs"
          c="blue.9"
          td="underline"
        >
          {t(open ? 'triage.hideWhy' : 'triage.why')}
        </UnstyledButton>
      </Group>
      {open && (
        <Stack gap={6} id={reasonsId}>
          <List size="xs" spacing={2}>
            {triage.reasons.map((reason, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: reasons have no id and never reorder.
              <List.Item key={index}>{reason.summary}</List.Item>
            ))}
          </List>
          {canCorrect && (
            <Group gap={6} wrap="wrap" aria-label={t('triage.correct')} role="group">
              <Text size="xs" fw={700}>
                {t('triage.correct')}
              </Text>
              {triageUrgencies.map((urgency) => (
                <Button
                  key={urgency}
                  size="compact-xs"
                  variant={urgency === current.urgency ? 'filled' : 'default'}
                  color={urgencyColour[urgency]}
                  aria-pressed={urgency === current.urgency}
                  disabled={saving}
                  onClick={() => urgency !== current.urgency && void correct({ urgency })}
                >
                  {t(`triage.urgency.${urgency}`)}
                </Button>
              ))}
              <Select
                size="xs"
                aria-label={t('triage.intentLabel')}
                data={triageIntents.map((intent) => ({ value: intent, label: t(`triage.intent.${intent}`) }))}
                value={current.intent}
                allowDeselect={false}
                disabled={saving}
                onChange={(intent) => intent && intent !== current.intent && void correct({ intent })}
                w={190}
              />
            </Group>
          )}
          <FormError error={error} title={t('triage.correctFailed')} />
        </Stack>
      )}
    </Stack>
  );
}
