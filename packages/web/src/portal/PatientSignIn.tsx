import { Alert, Button, Paper, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { SignedIn } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, callApi } from '../api/client.ts';
import { rememberClinic, useClinicFromLink } from '../app/clinic-name.ts';
import { FormError } from '../app/FormError.tsx';
import { usePortalSession } from './portal-session.tsx';

type Step = { name: 'contact' } | { name: 'code'; organization: string; contact: string };

const codeLength = 6;
// The server's rule for a clinic's short name (contracts: portalCodeRequestSchema).
const clinicShortName = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Patient and proxy sign-in with a one-time code sent by email or SMS: no password to forget.
 * The clinic comes from the link the person followed (`/portal?clinic=demo`); without one, they
 * type its short name.
 */
export function PatientSignIn() {
  const { t } = useTranslation();
  const { signedIn } = usePortalSession();
  const fromLink = useClinicFromLink();
  const [step, setStep] = useState<Step>({ name: 'contact' });
  const [typedClinic, setTypedClinic] = useState('');
  const [contact, setContact] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<{ clinic?: string; contact?: string; code?: string }>({});
  const clinicInput = useRef<HTMLInputElement>(null);
  const contactInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLDivElement>(null);
  const focusFirstDigit = () => codeInput.current?.querySelector('input')?.focus();

  const askForClinic = !fromLink.slug || fromLink.unknown;
  const organization = askForClinic ? typedClinic.trim().toLowerCase() : fromLink.slug!;

  async function send(work: () => Promise<void>, onError?: (caught: unknown) => void) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught);
      onError?.(caught);
    } finally {
      setBusy(false);
    }
  }

  const requestCode = (clinic: string, to: string) =>
    callApi('POST', '/api/auth/portal/request-code', { organization: clinic, contact: to });

  function submitContact(event: FormEvent) {
    event.preventDefault();
    const trimmed = contact.trim();
    const problems = {
      ...(askForClinic && !clinicShortName.test(organization)
        ? { clinic: t('patientSignIn.clinicRequired') }
        : {}),
      ...(trimmed.length < 5 ? { contact: t('patientSignIn.contactRequired') } : {}),
    };
    setInvalid(problems);
    if (problems.clinic) return clinicInput.current?.focus();
    if (problems.contact) return contactInput.current?.focus();
    void send(
      async () => {
        await requestCode(organization, trimmed);
        if (askForClinic) rememberClinic(organization);
        setCode('');
        setStep({ name: 'code', organization, contact: trimmed });
      },
      (caught) => {
        const unknownClinic = caught instanceof ApiRequestError && caught.code === 'not_found';
        (unknownClinic && askForClinic ? clinicInput : contactInput).current?.focus();
      },
    );
  }

  function sendAnotherCode() {
    if (step.name !== 'code') return;
    void send(async () => {
      await requestCode(step.organization, step.contact);
      setCode('');
      setNotice(t('patientSignIn.codeResent'));
      focusFirstDigit();
    });
  }

  function verifyCode(event: FormEvent) {
    event.preventDefault();
    if (step.name !== 'code') return;
    if (!new RegExp(`^\\d{${codeLength}}$`).test(code)) {
      setInvalid({ code: t('patientSignIn.codeInvalid') });
      focusFirstDigit();
      return;
    }
    setInvalid({});
    void send(
      async () => {
        const me = await callApi<SignedIn>('POST', '/api/auth/portal/verify-code', {
          organization: step.organization,
          contact: step.contact,
          code,
        });
        if (me.kind === 'portal') signedIn(me);
      },
      () => {
        setCode('');
        focusFirstDigit();
      },
    );
  }

  function changeContact() {
    setStep({ name: 'contact' });
    setError(undefined);
    setNotice(undefined);
    requestAnimationFrame(() => contactInput.current?.focus());
  }

  const contactError =
    invalid.contact ??
    (error instanceof ApiRequestError
      ? error.details.find((detail) => detail.field === 'body.contact')?.message
      : undefined);

  return (
    <Paper withBorder p="lg">
      {step.name === 'contact' ? (
        <form onSubmit={submitContact} noValidate>
          <Stack>
            <FormError error={error} title={t('patientSignIn.failedTitle')} />
            {askForClinic && (
              <>
                {fromLink.unknown && (
                  <Alert color="yellow" variant="light">
                    {t('patientSignIn.clinicNotFound', { clinic: fromLink.slug })}
                  </Alert>
                )}
                <TextInput
                  ref={clinicInput}
                  label={t('patientSignIn.clinic')}
                  description={t('patientSignIn.clinicHint')}
                  placeholder="demo"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  value={typedClinic}
                  onChange={(event) => setTypedClinic(event.currentTarget.value)}
                  error={invalid.clinic}
                />
              </>
            )}
            <TextInput
              ref={contactInput}
              label={t('patientSignIn.contact')}
              description={t('patientSignIn.contactHint')}
              autoComplete="email"
              required
              value={contact}
              onChange={(event) => setContact(event.currentTarget.value)}
              error={contactError}
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
            {notice && (
              <Alert color="green" variant="light" role="status">
                {notice}
              </Alert>
            )}
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
              error={Boolean(invalid.code)}
              getInputProps={(index) => ({
                'aria-label': t('patientSignIn.codeDigit', { position: index + 1, total: codeLength }),
              })}
            />
            {invalid.code && (
              <Text c="red.8" size="sm" role="alert">
                {invalid.code}
              </Text>
            )}
            <Button type="submit" loading={busy} fullWidth>
              {t('patientSignIn.verify')}
            </Button>
            <Button variant="subtle" onClick={sendAnotherCode} disabled={busy}>
              {t('patientSignIn.sendAgain')}
            </Button>
            <Button variant="subtle" onClick={changeContact}>
              {t('patientSignIn.useOther')}
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
