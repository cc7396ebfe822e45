import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { KioskWelcome } from '@patientdesk/contracts';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePageTitle } from '../app/page-title.ts';
import { KioskFlow } from './KioskFlow.tsx';
import { isKeyRefused, kioskApi } from './kiosk-api.ts';
import { takeKioskKey } from './kiosk-key.ts';

const kioskLanguages = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
] as const;

/** Big English / Español buttons: each names its language in that language. */
function KioskLanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Group gap="sm" role="group" aria-label={t('kiosk.language')}>
      {kioskLanguages.map((language) => (
        <Button
          key={language.code}
          size="lg"
          lang={language.code}
          variant={i18n.resolvedLanguage === language.code ? 'filled' : 'default'}
          aria-pressed={i18n.resolvedLanguage === language.code}
          // Not remembered: the next patient starts in the clinic's language again.
          onClick={() => void i18n.changeLanguage(language.code)}
        >
          {language.label}
        </Button>
      ))}
    </Group>
  );
}

// Above the app shell's header (z-index 100); the kiosk opens no dialogs of its own.
const screenStyle = {
  position: 'fixed',
  inset: 0,
  zIndex: 150,
  overflowY: 'auto',
  background: 'var(--mantine-color-gray-0)',
} as const;

/**
 * The kiosk takes the whole screen, above the app's shell, which is made inert and hidden from
 * assistive technology meanwhile: a patient can neither tap nor tab their way to other pages.
 */
function KioskScreen({ clinicName, children }: { clinicName: string | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  usePageTitle(t('kiosk.title'));
  useEffect(() => {
    const shell = document.getElementById('root');
    shell?.setAttribute('inert', '');
    shell?.setAttribute('aria-hidden', 'true');
    return () => {
      shell?.removeAttribute('inert');
      shell?.removeAttribute('aria-hidden');
    };
  }, []);
  return createPortal(
    <div style={screenStyle}>
      <Group component="header" justify="space-between" px="xl" py="md" bg="clinicTeal.7" wrap="nowrap">
        <Text c="white" fw={700} fz="xl">
          {clinicName ?? t('kiosk.title')}
        </Text>
        <KioskLanguageSwitch />
      </Group>
      <Stack component="main" px="xl" py="xl" maw={900} mx="auto" w="100%">
        {children}
      </Stack>
    </div>,
    document.body,
  );
}

function NotSetUp() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" py="xl">
      <Title order={1}>{t('kiosk.notSetUp.title')}</Title>
      <Text fz="xl">{t('kiosk.notSetUp.text')}</Text>
    </Stack>
  );
}

const retryMs = 30_000;

/**
 * /kiosk/:locationId: self check-in on a tablet at the clinic. Works without a staff session:
 * the device's key (kept from the address it was first opened with) lets it in.
 */
export default function KioskPage() {
  const { t, i18n } = useTranslation();
  const { locationId = '' } = useParams();
  const [key] = useState(() => takeKioskKey(locationId));
  const api = useMemo(() => (key ? kioskApi(locationId, key) : undefined), [locationId, key]);
  const [welcome, setWelcome] = useState<KioskWelcome>();
  const [problem, setProblem] = useState<'not-set-up' | 'unreachable'>();
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how a retry asks again.
  useEffect(() => {
    if (!api) {
      setProblem('not-set-up');
      return;
    }
    let current = true;
    api.welcome().then(
      (answer) => {
        if (!current) return;
        setWelcome(answer);
        setProblem(undefined);
        void i18n.changeLanguage(answer.defaultLanguage);
      },
      (error) => {
        if (current) setProblem(isKeyRefused(error) ? 'not-set-up' : 'unreachable');
      },
    );
    return () => {
      current = false;
    };
  }, [api, attempt]);

  useEffect(() => {
    if (problem !== 'unreachable') return;
    const timer = setTimeout(() => setAttempt((value) => value + 1), retryMs);
    return () => clearTimeout(timer);
  }, [problem]);

  const keyRefused = useCallback(() => setProblem('not-set-up'), []);
  const restart = useCallback(() => {
    if (welcome) void i18n.changeLanguage(welcome.defaultLanguage);
  }, [welcome, i18n]);

  let content: ReactNode;
  if (problem === 'not-set-up' || !api) content = <NotSetUp />;
  else if (problem === 'unreachable')
    content = (
      <Alert color="orange" variant="light" title={t('kiosk.unreachable.title')} role="alert">
        <Text fz="lg">{t('kiosk.unreachable.text')}</Text>
      </Alert>
    );
  else if (!welcome)
    content = (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  else content = <KioskFlow api={api} welcome={welcome} onRestart={restart} onKeyRefused={keyRefused} />;
  return <KioskScreen clinicName={welcome?.clinicName}>{content}</KioskScreen>;
}
