import {
  Alert,
  Anchor,
  Button,
  Center,
  CopyButton,
  Image,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { MfaEnrollment, SignedInStaff } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiRequestError, callApi } from '../api/client.ts';
import { FormError } from './FormError.tsx';
import { usePageTitle } from './page-title.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { useStaffSession } from './staff-session.tsx';

/**
 * The QR code as an image. The SVG comes from our server's QR library, but an <img> never runs
 * anything inside an SVG, whereas inserting it as markup would trust it with the page.
 */
const svgAsImageSource = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function ScanAndConfirm({
  enrollment,
  onConfirmed,
}: {
  enrollment: MfaEnrollment;
  onConfirmed(codes: string[]): void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const given = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(given)) {
      setProblem(t('twoStep.codeInvalid'));
      codeInput.current?.focus();
      return;
    }
    setProblem(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const { recoveryCodes } = await callApi<{ recoveryCodes: string[] }>(
        'POST',
        '/api/auth/mfa/enrollment/confirm',
        { code: given },
      );
      onConfirmed(recoveryCodes);
    } catch (caught) {
      setError(caught);
      setCode('');
      codeInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      <List type="ordered" spacing="xs">
        <List.Item>{t('twoStep.stepInstall')}</List.Item>
        <List.Item>{t('twoStep.stepScan')}</List.Item>
        <List.Item>{t('twoStep.stepCode')}</List.Item>
      </List>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Center>
          <Image
            src={svgAsImageSource(enrollment.qrCodeSvg)}
            alt={t('twoStep.qrAlt')}
            w={220}
            h={220}
            bg="white"
          />
        </Center>
        <Stack gap="xs" justify="center">
          <TextInput
            label={t('twoStep.setupKey')}
            description={t('twoStep.setupKeyHint')}
            value={enrollment.secret}
            readOnly
            variant="filled"
            spellCheck={false}
            ff="monospace"
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={enrollment.secret}>
            {({ copied, copy }) => (
              <Button variant="outline" size="xs" onClick={copy}>
                {t(copied ? 'twoStep.keyCopied' : 'twoStep.copyKey')}
              </Button>
            )}
          </CopyButton>
        </Stack>
      </SimpleGrid>
      <form onSubmit={confirm} noValidate>
        <Stack>
          <FormError error={error} title={t('twoStep.confirmFailed')} />
          <TextInput
            ref={codeInput}
            label={t('twoStep.code')}
            description={t('twoStep.codeHint')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={7}
            required
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={problem}
          />
          <Button type="submit" loading={busy}>
            {t('twoStep.confirm')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

/**
 * Setting up two-step sign-in: a new secret as QR code and as text, the first code to prove the
 * app has it, then the recovery codes. `required` is the clinic's rule, shown before anything else.
 */
export function TwoStepEnrolment({ staff, required = false }: { staff: SignedInStaff; required?: boolean }) {
  const { t } = useTranslation();
  const { refresh } = useStaffSession();
  const navigate = useNavigate();
  const [enrollment, setEnrollment] = useState<MfaEnrollment>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [error, setError] = useState<unknown>();
  const [finishing, setFinishing] = useState(false);
  const started = useRef(false);
  usePageTitle(t('twoStep.title'));

  const alreadyOn = staff.mfa.enabled && !recoveryCodes;
  // Each start makes a new secret, so it happens once per visit (React may run effects twice).
  function start() {
    started.current = true;
    setError(undefined);
    callApi<MfaEnrollment>('POST', '/api/auth/mfa/enrollment').then(setEnrollment, setError);
  }
  useEffect(() => {
    if (!alreadyOn && !started.current) start();
  });

  async function finish() {
    setFinishing(true);
    try {
      await refresh();
      // Required enrolment was shown in place of the page asked for, which now appears.
      if (!required) navigate('/desk/account');
    } catch (caught) {
      setError(caught);
    } finally {
      setFinishing(false);
    }
  }

  return (
    <Stack maw={720} mx="auto" py="lg" gap="lg">
      <Title order={1}>{t('twoStep.title')}</Title>
      {required && !recoveryCodes && (
        <Alert color="blue" variant="light" title={t('twoStep.requiredTitle')}>
          {t('twoStep.required', { clinic: staff.organization.name })}
        </Alert>
      )}
      <Paper withBorder p="lg">
        {alreadyOn ? (
          <Stack align="flex-start">
            <Text>{t('twoStep.alreadyOn')}</Text>
            <Anchor component={Link} to="/desk/account">
              {t('twoStep.backToAccount')}
            </Anchor>
          </Stack>
        ) : recoveryCodes ? (
          <Stack>
            <FormError error={error} title={t('twoStep.confirmFailed')} />
            <RecoveryCodes
              codes={recoveryCodes}
              staff={staff}
              onContinue={() => void finish()}
              busy={finishing}
            />
          </Stack>
        ) : enrollment ? (
          <ScanAndConfirm enrollment={enrollment} onConfirmed={setRecoveryCodes} />
        ) : error ? (
          <Stack align="flex-start">
            <FormError error={error} title={t('twoStep.startFailed')} />
            {!(error instanceof ApiRequestError && error.code === 'conflict') && (
              <Button onClick={start}>{t('twoStep.tryAgain')}</Button>
            )}
          </Stack>
        ) : (
          <Center py="lg">
            <Loader aria-label={t('common.loading')} />
          </Center>
        )}
      </Paper>
    </Stack>
  );
}
