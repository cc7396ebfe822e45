import { Alert, Badge, Button, Card, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { ActiveSession } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { callApi } from '../api/client.ts';
import { FormError } from '../app/FormError.tsx';
import { useStaffSession } from '../app/staff-session.tsx';
import { describeDevice } from './device-name.ts';

const knownMethods = new Set(['password', 'password+totp', 'password+recovery-code', 'one-time-code']);

function useDeviceName(): (userAgent: string | null) => string {
  const { t } = useTranslation();
  return (userAgent) => {
    const { browser, system } = describeDevice(userAgent);
    if (browser && system) return t('account.deviceOn', { browser, system });
    return browser ?? system ?? userAgent ?? t('account.unknownDevice');
  };
}

/** Where this staff member is signed in, and the way to end all of it (a lost laptop, a shared PC). */
export function LiveSessions() {
  const { t, i18n } = useTranslation();
  const { signOutEverywhere } = useStaffSession();
  const navigate = useNavigate();
  const deviceName = useDeviceName();
  const [sessions, setSessions] = useState<ActiveSession[]>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const time = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });

  useEffect(() => {
    callApi<{ items: ActiveSession[] }>('GET', '/api/auth/sessions').then(
      (answer) => setSessions(answer.items),
      setError,
    );
  }, []);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function endEverywhere() {
    setBusy(true);
    setError(undefined);
    try {
      await signOutEverywhere();
      // Signed out here too: the desk's start shows the sign-in page with a notice.
      navigate('/desk');
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sessions-heading">
      <Stack>
        <Title order={2} size="h3" id="sessions-heading">
          {t('account.sessionsTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('account.sessionsIntro')}
        </Text>
        <FormError error={error} title={t('account.sessionsFailed')} />
        {!sessions && !error && (
          <Center py="md">
            <Loader aria-label={t('common.loading')} />
          </Center>
        )}
        {sessions && (
          <Table.ScrollContainer minWidth={560}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.device')}</Table.Th>
                  <Table.Th>{t('account.ipAddress')}</Table.Th>
                  <Table.Th>{t('account.signedInAt')}</Table.Th>
                  <Table.Th>{t('account.lastSeen')}</Table.Th>
                  <Table.Th>{t('account.method')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{deviceName(session.userAgent)}</Text>
                        {session.current && (
                          <Badge variant="light" color="green">
                            {t('account.thisDevice')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{session.ip ?? t('account.unknown')}</Table.Td>
                    <Table.Td>{time.format(new Date(session.createdAt))}</Table.Td>
                    <Table.Td>{time.format(new Date(session.lastSeenAt))}</Table.Td>
                    <Table.Td>
                      {knownMethods.has(session.authenticatedBy)
                        ? t(`account.methods.${session.authenticatedBy}`)
                        : session.authenticatedBy}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {confirming ? (
          <Alert color="red" variant="light" title={t('account.signOutEverywhereTitle')}>
            <Stack gap="sm">
              <Text size="sm">{t('account.signOutEverywhereWarning')}</Text>
              <Group gap="sm">
                <Button ref={confirmButton} color="red.9" loading={busy} onClick={() => void endEverywhere()}>
                  {t('account.signOutEverywhereConfirm')}
                </Button>
                <Button
                  variant="default"
                  disabled={busy}
                  onClick={() => {
                    setConfirming(false);
                    requestAnimationFrame(() => startButton.current?.focus());
                  }}
                >
                  {t('account.cancel')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group>
            <Button ref={startButton} variant="outline" color="red.9" onClick={() => setConfirming(true)}>
              {t('account.signOutEverywhere')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
