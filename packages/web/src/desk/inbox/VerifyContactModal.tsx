import { Alert, Button, Group, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type {
  ConversationChannel,
  ConversationIdentityCheck,
  ConversationSummary,
  PatientSearchResult,
} from '@patientdesk/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { useSubmission } from '../../ui/use-submission.ts';
import { ageInYears, displayName } from '../patient-record/age.ts';

const identifiers = ['name', 'birthDate', 'phone', 'email', 'address', 'mrn'] as const;
type Identifier = (typeof identifiers)[number];
const methods = ['phone-call', 'chat', 'in-person', 'video', 'email', 'sms'] as const;
type Method = (typeof methods)[number];
const methodOf: Record<ConversationChannel, Method> = {
  sms: 'sms',
  email: 'email',
  web: 'chat',
  portal: 'chat',
};
const typingPauseMs = 300;

/** Finds the patient the contact says they are, as the agent types. */
function usePatientSearch(query: string) {
  const [found, setFound] = useState<{ query: string; answer: PatientSearchResult }>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const typed = query.trim();
    if (typed.length < 2) return;
    let current = true;
    const timer = setTimeout(() => {
      callApi<PatientSearchResult>('GET', `/api/patients?q=${encodeURIComponent(typed)}&limit=8`).then(
        (answer) => {
          if (!current) return;
          setFound({ query: typed, answer });
          setError(undefined);
        },
        (caught) => current && setError(caught),
      );
    }, typingPauseMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);
  return { items: found?.query === query.trim() ? found.answer.items : undefined, error };
}

/**
 * "Verify identity" from a conversation: find the patient the contact says they are (or write
 * for), type two or more answers the contact gives, and the server compares them with the
 * record. Only then does the record show beside the conversation.
 */
export function VerifyContactModal({
  conversation,
  opened,
  onClose,
  onVerified,
}: {
  conversation: ConversationSummary;
  opened: boolean;
  onClose(): void;
  onVerified(summary: ConversationSummary): void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [patientId, setPatientId] = useState<string>();
  const [said, setSaid] = useState<Partial<Record<Identifier, string>>>({});
  const [method, setMethod] = useState<Method>(methodOf[conversation.channel]);
  const search = usePatientSearch(query);
  const { busy, error, submit: check } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!patientId) return;
    const given = Object.fromEntries(
      Object.entries(said).filter(([, value]) => value && value.trim() !== ''),
    ) as ConversationIdentityCheck['identifiers'];
    await check(async () => {
      const summary = await callApi<ConversationSummary>(
        'POST',
        `/api/conversations/${conversation.id}/verify-identity`,
        { patientId, identifiers: given, method } satisfies ConversationIdentityCheck,
      );
      setSaid({});
      onVerified(summary);
    });
  }

  const notMatched = error instanceof ApiRequestError && error.code === 'unprocessable';
  return (
    <AdminModal opened={opened} onClose={onClose} title={t('inbox.verify.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('inbox.verify.explain')}</Text>
          <TextInput
            label={t('inbox.verify.findPatient')}
            description={t('inbox.verify.findHint')}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <FormError error={search.error} title={t('inbox.verify.searchFailed')} />
          {search.items && search.items.length === 0 && (
            <Alert color="gray" variant="light" role="status">
              {t('inbox.verify.noPatient', { query: query.trim() })}
            </Alert>
          )}
          {search.items && search.items.length > 0 && (
            <Radio.Group
              label={t('inbox.verify.whichPatient')}
              value={patientId ?? null}
              onChange={setPatientId}
            >
              <Stack gap={6} mt={6}>
                {search.items.map((patient) => (
                  <Radio
                    key={patient.id}
                    value={patient.id}
                    label={`${displayName(patient)} · ${patient.birthDate} (${t('patients.age', { count: ageInYears(patient.birthDate) })}) · ${t('inbox.verify.mrn', { mrn: patient.mrn })}`}
                  />
                ))}
              </Stack>
            </Radio.Group>
          )}
          {patientId && (
            <>
              <Alert color="blue" variant="light">
                {t('patients.verify.explain')}
              </Alert>
              {notMatched ? (
                <Alert color="red.9" variant="light" title={t('inbox.verify.notVerified')} role="alert">
                  {(error as ApiRequestError).message}
                </Alert>
              ) : (
                <FormError error={error} title={t('inbox.verify.failed')} />
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {identifiers.map((identifier) => (
                  <TextInput
                    key={identifier}
                    label={t(`patients.verify.identifiers.${identifier}`)}
                    value={said[identifier] ?? ''}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setSaid((current) => ({ ...current, [identifier]: value }));
                    }}
                    autoComplete="off"
                  />
                ))}
              </SimpleGrid>
              <Select
                label={t('patients.verify.method')}
                data={methods.map((value) => ({ value, label: t(`patients.verify.methods.${value}`) }))}
                value={method}
                onChange={(value) => value && setMethod(value as Method)}
                allowDeselect={false}
              />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('inbox.common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!patientId}>
              {t('inbox.verify.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AdminModal>
  );
}
