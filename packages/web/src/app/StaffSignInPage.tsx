import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { FormError } from './FormError.tsx';
import { usePageTitle } from './page-title.ts';
import { useStaffSession } from './staff-session.tsx';

/** Email and password sign-in for clinic staff, wired to the API. */
export function StaffSignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useStaffSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  usePageTitle(t('staffSignIn.title'));

  const fieldError = (field: string) =>
    error instanceof ApiRequestError
      ? error.details.find((detail) => detail.field === `body.${field}`)?.message
      : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      await signIn({ email, password });
    } catch (caught) {
      setError(caught);
      // Send keyboard and screen-reader users to the first field that needs fixing.
      const firstBad = caught instanceof ApiRequestError ? caught.details[0]?.field : undefined;
      (firstBad === 'body.password' ? passwordInput : emailInput).current?.focus();
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Stack maw={420} mx="auto" py="xl">
      <Title order={1}>{t('staffSignIn.title')}</Title>
      <Text c="dimmed">{t('staffSignIn.intro')}</Text>
      {state.status === 'signed-out' && state.notice === 'sessionEnded' && (
        <Alert color="yellow" role="status">
          {t('desk.sessionEnded')}
        </Alert>
      )}
      <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} title={t('staffSignIn.failedTitle')} />
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
      <Text size="sm" c="dimmed">
        {t('staffSignIn.idleNotice')}
      </Text>
      <Anchor component={Link} to="/portal" size="sm">
        {t('staffSignIn.patientLink')}
      </Anchor>
    </Stack>
  );
}
