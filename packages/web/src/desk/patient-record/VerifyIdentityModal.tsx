import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { IdentityCheckRequest } from '@patientdesk/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { useSubmission } from '../../ui/use-submission.ts';

const identifiers = ['name', 'birthDate', 'phone', 'email', 'address', 'mrn'] as const;
type Identifier = (typeof identifiers)[number];
const methods = ['phone-call', 'chat', 'in-person', 'video', 'email', 'sms'] as const;

/**
 * Records that the person in contact is the patient: the agent types what the person said for
 * two or more identifiers, and the server compares them with the record (without showing it).
 */
export function VerifyIdentityModal({
  patientId,
  opened,
  onClose,
  onVerified,
}: {
  patientId: string;
  opened: boolean;
  onClose(): void;
  onVerified(): void;
}) {
  const { t } = useTranslation();
  const [said, setSaid] = useState<Partial<Record<Identifier, string>>>({});
  const [method, setMethod] = useState<(typeof methods)[number]>('phone-call');
  const { busy, error, submit: check } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const given = Object.fromEntries(
      Object.entries(said).filter(([, value]) => value && value.trim() !== ''),
    ) as IdentityCheckRequest['identifiers'];
    await check(async () => {
      await callApi('POST', `/api/patients/${patientId}/verifications`, { identifiers: given, method });
      setSaid({});
      onVerified();
    });
  }

  const notMatched = error instanceof ApiRequestError && error.code === 'unprocessable';
  return (
    <AdminModal opened={opened} onClose={onClose} title={t('patients.verify.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Alert color="blue">{t('patients.verify.explain')}</Alert>
          {notMatched ? (
            <Alert color="red.9" title={t('patients.verify.notVerified')} role="alert">
              {(error as ApiRequestError).message}
            </Alert>
          ) : (
            <FormError error={error} title={t('patients.verify.failed')} />
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
            onChange={(value) => value && setMethod(value as (typeof methods)[number])}
            allowDeselect={false}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('patients.common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('patients.verify.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AdminModal>
  );
}
