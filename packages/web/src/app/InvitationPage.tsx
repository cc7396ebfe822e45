import { Alert, Anchor, Button, Center, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Invitation } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiRequestError, callApi } from '../api/client.ts';
import { FormError } from './FormError.tsx';
import { tokenFromHash } from './link-token.ts';
import { checkNewPassword, NewPasswordFields, type NewPasswordProblems } from './NewPasswordFields.tsx';
import { usePageTitle } from './page-title.ts';

/** The form of an invitation that is still valid: the name colleagues will see, and a password. */
function AcceptInvitation({ token, invitation }: { token: string; invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const [displayName, setDisplayName] = useState(invitation.displayName);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<NewPasswordProblems & { displayName?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<string>();
  const nameInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const repeatInput = useRef<HTMLInputElement>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const until = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'long', timeStyle: 'short' });

  useEffect(() => {
    if (accepted) outcome.current?.focus();
  }, [accepted]);

  async function accept(event: FormEvent) {
    event.preventDefault();
    const found = {
      ...(displayName.trim() ? {} : { displayName: t('invitation.nameRequired') }),
      ...checkNewPassword(password, repeat, t),
    };
    setProblems(found);
    if (found.displayName) return nameInput.current?.focus();
    if (found.password) return passwordInput.current?.focus();
    if (found.repeat) return repeatInput.current?.focus();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await callApi<{ email: string }>('POST', '/api/auth/invitations/accept', {
        token,
        displayName: displayName.trim(),
        password,
      });
      setAccepted(answer.email);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (accepted) {
    return (
      <Alert
        ref={outcome}
        tabIndex={-1}
        color="green"
        variant="light"
        title={t('invitation.doneTitle')}
        role="status"
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('invitation.done', { email: accepted })}</Text>
          {/* The sign-in page fills in the email it is handed here. */}
          <Button component={Link} to="/desk" state={{ email: accepted }}>
            {t('invitation.signIn')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <>
      <Text>
        {t('invitation.intro', {
          clinic: invitation.organizationName,
          role: t(`roles.${invitation.role}`).toLowerCase(),
        })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('invitation.expires', { date: until.format(new Date(invitation.expiresAt)) })}
      </Text>
      <Paper withBorder p="lg" component="form" onSubmit={accept} noValidate>
        <Stack>
          <FormError error={error} title={t('invitation.failedTitle')} />
          <TextInput
            label={t('staffSignIn.email')}
            value={invitation.email}
            readOnly
            variant="filled"
            autoComplete="username"
          />
          <TextInput
            ref={nameInput}
            label={t('invitation.displayName')}
            description={t('invitation.displayNameHint')}
            autoComplete="name"
            required
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            error={problems.displayName}
          />
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
            {t('invitation.submit')}
          </Button>
        </Stack>
      </Paper>
    </>
  );
}

/** /invitation#token=...: a new staff member finishes the account an administrator created for them. */
export default function InvitationPage() {
  const { t } = useTranslation();
  const token = tokenFromHash(useLocation().hash);
  const [invitation, setInvitation] = useState<Invitation>();
  const [error, setError] = useState<unknown>();
  usePageTitle(t('invitation.title'));

  useEffect(() => {
    setInvitation(undefined);
    setError(undefined);
    if (!token) return;
    callApi<Invitation>('GET', `/api/auth/invitations/${encodeURIComponent(token)}`).then(
      setInvitation,
      setError,
    );
  }, [token]);

  // A token the server's rules reject outright (too short) means a link cut off in the email.
  const incomplete =
    !token || (error instanceof ApiRequestError && error.code === 'invalid_request' && !invitation);
  return (
    <Stack maw={480} mx="auto" py="xl">
      <Title order={1}>
        {invitation ? t('invitation.greeting', { name: invitation.displayName }) : t('invitation.title')}
      </Title>
      {incomplete ? (
        <Alert color="red" variant="light" title={t('invitation.failedTitle')} role="alert">
          {t('invitation.incomplete')}
        </Alert>
      ) : error ? (
        <FormError error={error} title={t('invitation.failedTitle')} />
      ) : invitation ? (
        <AcceptInvitation token={token} invitation={invitation} />
      ) : (
        <Center py="lg">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      <Anchor component={Link} to="/desk" size="sm">
        {t('invitation.alreadyHaveAccount')}
      </Anchor>
    </Stack>
  );
}
