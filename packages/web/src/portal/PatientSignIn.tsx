import { Alert, Button, Paper, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, callApi } from '../api/client.ts';
import { FormError } from '../app/FormError.tsx';

type Step = { name: 'contact' } | { name: 'code'; contact: string } | { name: 'signed-in' };

const codeLength = 6;

/**
 * Patient and proxy sign-in with a one-time code sent by email or SMS: no password to forget.
 * Until a clinic has the code endpoints the API answers "no such route"; the page says so in
 * words a patient understands instead of pretending a code was sent.
 */
export function PatientSignIn() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ name: 'contact' });
  const [contact, setContact] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string>();
  const contactInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLDivElement>(null);

  async function send(work: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      const unavailable = caught instanceof ApiRequestError && caught.code === 'route_not_found';
      setError(unavailable ? new ApiRequestError(404, 'not_found', t('patientSignIn.unavailable')) : caught);
    } finally {
      setBusy(false);
    }
  }

  function requestCode(event: FormEvent) {
    event.preventDefault();
    const trimmed = contact.trim();
    if (trimmed.length < 5) {
      setInvalid(t('patientSignIn.contactRequired'));
      contactInput.current?.focus();
      return;
    }
    setInvalid(undefined);
    void send(async () => {
      await callApi('POST', '/api/auth/patient/request-code', { contact: trimmed });
      setCode('');
      setStep({ name: 'code', contact: trimmed });
    });
  }

  function verifyCode(event: FormEvent) {
    event.preventDefault();
    if (step.name !== 'code') return;
    if (!new RegExp(`^\\d{${codeLength}}$`).test(code)) {
      setInvalid(t('patientSignIn.codeInvalid'));
      codeInput.current?.querySelector('input')?.focus();
      return;
    }
    setInvalid(undefined);
    void send(async () => {
      await callApi('POST', '/api/auth/patient/verify-code', { contact: step.contact, code });
      setStep({ name: 'signed-in' });
    });
  }

  if (step.name === 'signed-in') {
    return (
      <Alert color="green" role="status">
        {t('patientSignIn.signedIn')}
      </Alert>
    );
  }

  return (
    <Paper withBorder p="lg">
      {step.name === 'contact' ? (
        <form onSubmit={requestCode} noValidate>
          <Stack>
            <FormError error={error} title={t('patientSignIn.failedTitle')} />
            <TextInput
              ref={contactInput}
              label={t('patientSignIn.contact')}
              description={t('patientSignIn.contactHint')}
              autoComplete="email"
              required
              value={contact}
              onChange={(event) => setContact(event.currentTarget.value)}
              error={invalid}
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('patientSignIn.sendCode')}
            </Button>
          </Stack>
        </form>
      ) : (
        <form onSubmit={verifyCode} noValidate>
          <Stack>
            <Title order={2} size="h4">
              {t('patientSignIn.codeTitle')}
            </Title>
            <Text>{t('patientSignIn.codeSentTo', { contact: step.contact })}</Text>
            <FormError error={error} title={t('patientSignIn.failedTitle')} />
            <Text id="one-time-code-label" fw={500}>
              {t('patientSignIn.code')}
            </Text>
            <PinInput
              rootRef={codeInput}
              aria-labelledby="one-time-code-label"
              length={codeLength}
              type="number"
              oneTimeCode
              autoFocus
              value={code}
              onChange={setCode}
              error={Boolean(invalid)}
              getInputProps={(index) => ({
                'aria-label': t('patientSignIn.codeDigit', { position: index + 1, total: codeLength }),
              })}
            />
            {invalid && (
              <Text c="red.8" size="sm" role="alert">
                {invalid}
              </Text>
            )}
            <Button type="submit" loading={busy} fullWidth>
              {t('patientSignIn.verify')}
            </Button>
            <Button variant="subtle" onClick={() => setStep({ name: 'contact' })}>
              {t('patientSignIn.useOther')}
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
