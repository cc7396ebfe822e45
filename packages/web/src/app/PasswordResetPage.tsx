import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiRequestError, callApi } from '../api/client.ts';
import { FormError } from './FormError.tsx';
import { tokenFromHash } from './link-token.ts';
import { checkNewPassword, NewPasswordFields, type NewPasswordProblems } from './NewPasswordFields.tsx';
import { usePageTitle } from './page-title.ts';
import { useStaffSession } from './staff-session.tsx';

/** Moves focus to an outcome that replaced the form, so screen readers read it out. */
function Outcome({ title, children }: { title: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <Alert ref={box} tabIndex={-1} color="green" variant="light" title={title} role="status">
      {children}
    </Alert>
  );
}

/** Step one: the email to send a reset link to. The answer is the same whether or not it has an account. */
function RequestResetLink() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);

  async function request(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await callApi('POST', '/api/auth/password-reset/request', { email: email.trim() });
      setSentTo(email.trim());
    } catch (caught) {
      setError(caught);
      emailInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <Outcome title={t('passwordReset.sentTitle')}>
        <Text size="sm">{t('passwordReset.sent', { email: sentTo })}</Text>
      </Outcome>
    );
  }
  const fieldError =
    error instanceof ApiRequestError
      ? error.details.find((detail) => detail.field === 'body.email')?.message
      : undefined;
  return (
    <Paper withBorder p="lg" component="form" onSubmit={request} noValidate>
      <Stack>
        <FormError error={error} title={t('passwordReset.requestFailed')} />
        <TextInput
          ref={emailInput}
          label={t('staffSignIn.email')}
          placeholder={t('staffSignIn.emailPlaceholder')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError}
        />
        <Button type="submit" loading={busy} fullWidth>
          {t('passwordReset.send')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** Step two, from the emailed link: the new password. */
function ChooseNewPassword({ token }: { token: string }) {
  const { t } = useTranslation();
  const { state, refresh } = useStaffSession();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<NewPasswordProblems>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);
  const repeatInput = useRef<HTMLInputElement>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = checkNewPassword(password, repeat, t);
    setProblems(found);
    if (found.password) return passwordInput.current?.focus();
    if (found.repeat) return repeatInput.current?.focus();
    setBusy(true);
    setError(undefined);
    try {
      await callApi('POST', '/api/auth/password-reset/complete', { token, password });
      setDone(true);
      // The reset signed the account out everywhere, this browser included if it was signed in.
      if (state.status === 'signed-in') await refresh().catch(() => undefined);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Outcome title={t('passwordReset.doneTitle')}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('passwordReset.done')}</Text>
          <Button component={Link} to="/desk">
            {t('passwordReset.signIn')}
          </Button>
        </Stack>
      </Outcome>
    );
  }
  const linkUnusable = error instanceof ApiRequestError && error.code === 'not_found';
  return (
    <Paper withBorder p="lg" component="form" onSubmit={save} noValidate>
      <Stack>
        <FormError error={error} title={t('passwordReset.saveFailed')} />
        {linkUnusable && (
          <Anchor component={Link} to="/reset-password">
            {t('passwordReset.requestNewLink')}
          </Anchor>
        )}
        <NewPasswordFields
          password={password}
          repeat={repeat}
          onPasswordChange={setPassword}
          onRepeatChange={setRepeat}
          problems={problems}
          passwordRef={passwordInput}
          repeatRef={repeatInput}
        />
        <Button type="submit" loading={busy} fullWidth>
          {t('passwordReset.save')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** /reset-password: ask for a reset link, or, opened from that link (`#token=`), choose a new password. */
export default function PasswordResetPage() {
  const { t } = useTranslation();
  const token = tokenFromHash(useLocation().hash);
  const title = t(token ? 'passwordReset.chooseTitle' : 'passwordReset.title');
  usePageTitle(title);
  return (
    <Stack maw={420} mx="auto" py="xl">
      <Title order={1}>{title}</Title>
      <Text c="dimmed">{t(token ? 'passwordReset.chooseIntro' : 'passwordReset.intro')}</Text>
      {token ? <ChooseNewPassword token={token} /> : <RequestResetLink />}
      <Anchor component={Link} to="/desk" size="sm">
        {t('passwordReset.backToSignIn')}
      </Anchor>
    </Stack>
  );
}
