import { Alert, Anchor, Button, Paper, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiRequestError, callApi } from '../api/client.ts';
import { FormError } from '../app/FormError.tsx';

type Step = { name: 'contact' } | { name: 'code'; contact: string };

/**
 * Patient and proxy sign-in with a one-time code sent by email or SMS: no password to forget.
 * The code endpoints belong to patient identity; until a clinic has them the API answers "not
 * found", and the page says so plainly instead of pretending a code was sent.
 */
function PatientSignIn() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ name: 'contact' });
  const [contact, setContact] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string>();

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
    if (contact.trim().length < 5) return setInvalid(t('patientSignIn.contactRequired'));
    setInvalid(undefined);
    void send(async () => {
      await callApi('POST', '/api/auth/patient/request-code', { contact: contact.trim() });
      setStep({ name: 'code', contact: contact.trim() });
    });
  }

  function verifyCode(event: FormEvent) {
    event.preventDefault();
    if (step.name !== 'code') return;
    if (!/^\d{6}$/.test(code)) return setInvalid(t('patientSignIn.codeInvalid'));
    setInvalid(undefined);
    void send(() => callApi('POST', '/api/auth/patient/verify-code', { contact: step.contact, code }));
  }

  return (
    <Paper withBorder p="lg">
      {step.name === 'contact' ? (
        <form onSubmit={requestCode} noValidate>
          <Stack>
            <FormError error={error} title={t('patientSignIn.failedTitle')} />
            <TextInput
              label={t('patientSignIn.contact')}
              description={t('patientSignIn.contactHint')}
              autoComplete="email tel"
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
            <Text component="label" htmlFor="one-time-code" fw={500}>
              {t('patientSignIn.code')}
            </Text>
            <PinInput
              id="one-time-code"
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              error={Boolean(invalid)}
            />
            {invalid && (
              <Text c="red" size="sm" role="alert">
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

/** The patient portal at /portal. */
export default function PortalArea() {
  const { t } = useTranslation();
  return (
    <Stack maw={440} mx="auto" py="xl">
      <Title order={1}>{t('patientSignIn.title')}</Title>
      <Text c="dimmed">{t('patientSignIn.intro')}</Text>
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      <PatientSignIn />
      <Text size="sm" c="dimmed">
        {t('patientSignIn.proxyNote')}
      </Text>
      <Anchor component={Link} to="/desk" size="sm">
        {t('patientSignIn.staffLink')}
      </Anchor>
    </Stack>
  );
}
