import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../api/client.ts';
import { FormError } from '../app/FormError.tsx';
import { RecoveryCodes } from '../app/RecoveryCodes.tsx';
import { useStaffSession } from '../app/staff-session.tsx';

// Below this many unused recovery codes, the page suggests new ones before they run out.
const fewRecoveryCodes = 3;

/** Replaces the recovery codes; the server asks for a current app code, so a stolen session cannot. */
function ReplaceRecoveryCodes({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const { refresh } = useStaffSession();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[]>();
  const codeInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  async function replace(event: FormEvent) {
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
      const answer = await callApi<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/recovery-codes', {
        code: given,
      });
      setCode('');
      setCodes(answer.recoveryCodes);
    } catch (caught) {
      setError(caught);
      setCode('');
      codeInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function done() {
    setBusy(true);
    // The count of codes left changed; the session knows it once asked again.
    await refresh().catch(setError);
    setCodes(undefined);
    setBusy(false);
    // The codes leave the screen; keyboard and screen-reader users go back to where they started.
    requestAnimationFrame(() => heading.current?.focus());
  }

  if (codes) return <RecoveryCodes codes={codes} staff={staff} onContinue={() => void done()} busy={busy} />;
  return (
    <form onSubmit={replace} noValidate aria-labelledby="replace-codes-heading">
      <Stack gap="sm">
        <Title order={3} size="h5" id="replace-codes-heading" ref={heading} tabIndex={-1}>
          {t('account.replaceCodesTitle')}
        </Title>
        <Text size="sm">{t('account.replaceCodesIntro')}</Text>
        <FormError error={error} title={t('account.replaceCodesFailed')} />
        <TextInput
          ref={codeInput}
          label={t('twoStep.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          required
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          error={problem}
          maw={260}
        />
        <Group>
          <Button type="submit" variant="outline" loading={busy}>
            {t('account.replaceCodes')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Whether two-step sign-in is on, what the clinic requires, and how many recovery codes are left. */
export function TwoStepStatus({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const { mfa } = staff;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="two-step-heading">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="two-step-heading">
            {t('account.twoStepTitle')}
          </Title>
          <Badge color={mfa.enabled ? 'green' : 'gray'} variant="light">
            {t(mfa.enabled ? 'account.twoStepOn' : 'account.twoStepOff')}
          </Badge>
        </Group>
        <Text size="sm">
          {t(mfa.required ? 'account.twoStepRequired' : 'account.twoStepOptional', {
            clinic: staff.organization.name,
          })}
        </Text>
        {mfa.enabled ? (
          <>
            <Text size="sm">{t('account.codesLeft', { count: mfa.recoveryCodesLeft })}</Text>
            {mfa.recoveryCodesLeft <= fewRecoveryCodes && (
              <Alert color="yellow" variant="light">
                {t('account.fewCodesLeft')}
              </Alert>
            )}
            <ReplaceRecoveryCodes staff={staff} />
          </>
        ) : (
          <Group>
            <Button component={Link} to="/desk/account/two-step">
              {t('account.setUpTwoStep')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
