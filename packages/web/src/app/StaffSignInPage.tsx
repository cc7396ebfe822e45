import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { useClinicFromLink } from './clinic-name.ts';
import { FormError } from './FormError.tsx';
import { usePageTitle } from './page-title.ts';
import { useStaffSession } from './staff-session.tsx';

/** Which second step the person is using: the app's 6-digit code, or one of their recovery codes. */
type CodeMethod = 'app' | 'recovery';
type Step = { name: 'password' } | { name: 'code'; method: CodeMethod };

const appCodePattern = /^\d{6}$/;
const shortestRecoveryCode = 8;

/** The email a page that sent people here (an accepted invitation) already knows. */
function emailFromNavigation(state: unknown): string {
  const email = (state as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? email : '';
}

function errorTitle(error: unknown): string {
  return error instanceof ApiRequestError && error.code === 'account_locked'
    ? 'staffSignIn.lockedTitle'
    : 'staffSignIn.failedTitle';
}

/**
 * Staff sign-in in two steps: email and password, then (for accounts with two-step sign-in) the
 * authenticator or a recovery code. The password stays in this page's memory between the steps,
 * never in storage, because the server checks it again with the code.
 */
export function StaffSignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useStaffSession();
  const location = useLocation();
  const { clinic } = useClinicFromLink();
  const [email, setEmail] = useState(() => emailFromNavigation(location.state));
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [error, setError] = useState<unknown>();
  const [codeProblem, setCodeProblem] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  usePageTitle(t('staffSignIn.title'));

  // A new step, or the other kind of code: the cursor goes to the field to fill in now.
  const codeMethod = step.name === 'code' ? step.method : undefined;
  useEffect(() => {
    if (codeMethod) codeInput.current?.focus();
  }, [codeMethod]);

  const fieldError = (field: string) =>
    error instanceof ApiRequestError
      ? error.details.find((detail) => detail.field === `body.${field}`)?.message
      : undefined;

  async function attempt(request: { email: string; password: string; code?: string }) {
    setSubmitting(true);
    setError(undefined);
    try {
      await signIn(request);
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.code === 'mfa_required') {
        setCode('');
        setStep({ name: 'code', method: 'app' });
        return;
      }
      setError(caught);
      if (request.code !== undefined) {
        setCode('');
        codeInput.current?.focus();
        return;
      }
      // Send keyboard and screen-reader users to the first field that needs fixing.
      const firstBad = caught instanceof ApiRequestError ? caught.details[0]?.field : undefined;
      (firstBad === 'body.password' ? passwordInput : emailInput).current?.focus();
    } finally {
      setSubmitting(false);
    }
  }

  function submitPassword(event: FormEvent) {
    event.preventDefault();
    void attempt({ email, password });
  }

  function submitCode(event: FormEvent) {
    event.preventDefault();
    if (step.name !== 'code') return;
    const given = step.method === 'app' ? code.replace(/\s/g, '') : code.trim();
    const acceptable =
      step.method === 'app' ? appCodePattern.test(given) : given.length >= shortestRecoveryCode;
    if (!acceptable) {
      setCodeProblem(
        t(step.method === 'app' ? 'staffSignIn.codeInvalid' : 'staffSignIn.recoveryCodeInvalid'),
      );
      codeInput.current?.focus();
      return;
    }
    setCodeProblem(undefined);
    void attempt({ email, password, code: given });
  }

  function switchMethod(method: CodeMethod) {
    setCode('');
    setCodeProblem(undefined);
    setError(undefined);
    setStep({ name: 'code', method });
  }

  function startAgain() {
    setPassword('');
    setCode('');
    setCodeProblem(undefined);
    setError(undefined);
    setStep({ name: 'password' });
    // The email field is already filled; the password is what is needed again.
    requestAnimationFrame(() => passwordInput.current?.focus());
  }

  const notice = state.status === 'signed-out' ? state.notice : undefined;
  return (
    <Stack maw={420} mx="auto" py="xl">
      <Title order={1}>{t('staffSignIn.title')}</Title>
      <Text c="dimmed">{t('staffSignIn.intro')}</Text>
      {notice && (
        <Alert color="yellow" role="status">
          {t(notice === 'sessionEnded' ? 'desk.sessionEnded' : 'staffSignIn.signedOutEverywhere')}
        </Alert>
      )}
      {clinic && !clinic.staffTwoStepRequired && (
        <Alert color="blue" variant="light">
          {t('staffSignIn.twoStepOff', { clinic: clinic.name })}
        </Alert>
      )}
      {step.name === 'password' ? (
        <Paper withBorder p="lg" component="form" onSubmit={submitPassword} noValidate>
          <Stack>
            <FormError error={error} title={t(errorTitle(error))} />
            <TextInput
              ref={emailInput}
              label={t('staffSignIn.email')}
              placeholder={t('staffSignIn.emailPlaceholder')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldError('email')}
            />
            <PasswordInput
              ref={passwordInput}
              label={t('staffSignIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={fieldError('password')}
            />
            <Button type="submit" loading={submitting} fullWidth>
              {t('staffSignIn.submit')}
            </Button>
          </Stack>
        </Paper>
      ) : (
        <Paper
          withBorder
          p="lg"
          component="form"
          onSubmit={submitCode}
          noValidate
          aria-labelledby="sign-in-code-heading"
        >
          <Stack>
            <Title order={2} size="h4" id="sign-in-code-heading">
              {t('staffSignIn.codeTitle')}
            </Title>
            <Text size="sm">
              {t(step.method === 'app' ? 'staffSignIn.codeIntro' : 'staffSignIn.recoveryIntro', { email })}
            </Text>
            <FormError error={error} title={t(errorTitle(error))} />
            <TextInput
              ref={codeInput}
              key={step.method}
              label={t(step.method === 'app' ? 'staffSignIn.code' : 'staffSignIn.recoveryCode')}
              description={step.method === 'recovery' ? t('staffSignIn.recoveryHint') : undefined}
              autoComplete="one-time-code"
              inputMode={step.method === 'app' ? 'numeric' : 'text'}
              maxLength={step.method === 'app' ? 7 : 40}
              spellCheck={false}
              required
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={codeProblem}
            />
            <Button type="submit" loading={submitting} fullWidth>
              {t('staffSignIn.verify')}
            </Button>
            <Group justify="space-between" gap="xs">
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => switchMethod(step.method === 'app' ? 'recovery' : 'app')}
              >
                {t(step.method === 'app' ? 'staffSignIn.useRecoveryCode' : 'staffSignIn.useAppCode')}
              </Anchor>
              <Anchor component="button" type="button" size="sm" onClick={startAgain}>
                {t('staffSignIn.startAgain')}
              </Anchor>
            </Group>
          </Stack>
        </Paper>
      )}
      <Anchor component={Link} to="/reset-password" size="sm">
        {t('staffSignIn.forgotPassword')}
      </Anchor>
      <Text size="sm" c="dimmed">
        {t('staffSignIn.idleNotice')}
      </Text>
      <Anchor component={Link} to="/portal" size="sm">
        {t('staffSignIn.patientLink')}
      </Anchor>
    </Stack>
  );
}
