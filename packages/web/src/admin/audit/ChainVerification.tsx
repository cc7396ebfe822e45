import { Alert, Stack } from '@mantine/core';
import type { AuditChainVerification } from '@patientdesk/contracts';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';

export interface ChainCheck {
  verify(): void;
  busy: boolean;
  result: AuditChainVerification | undefined;
  error: unknown;
}

/**
 * Recomputes the audit chain on the server: proof that no event was changed, removed or added
 * outside PatientDesk (HIPAA 164.312(c)(1), integrity), or the first link where it breaks.
 */
export function useChainVerification(): ChainCheck {
  const [result, setResult] = useState<AuditChainVerification>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const verify = useCallback(() => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    callApi<AuditChainVerification>('POST', '/api/audit/verify')
      .then(setResult, setError)
      .finally(() => setBusy(false));
  }, []);
  return { verify, busy, result, error };
}

/** What the check found: intact with the number of events, or the broken link in red. */
export function ChainVerificationResult({ check }: { check: ChainCheck }) {
  const { t } = useTranslation();
  const { result, error } = check;
  return (
    <>
      <Stack gap={0} role="status" aria-live="polite">
        {result?.intact && (
          <Alert color="green" variant="light" title={t('adminAudit.intactTitle')}>
            {t('adminAudit.intact', { count: result.events })}
          </Alert>
        )}
      </Stack>
      {result && !result.intact && (
        <Alert color="red" variant="light" title={t('adminAudit.brokenTitle')} role="alert">
          {result.brokenLink
            ? t('adminAudit.broken', {
                seq: result.brokenLink.seq,
                problem: result.brokenLink.problem,
                count: result.events,
              })
            : t('adminAudit.brokenUnknown', { count: result.events })}
        </Alert>
      )}
      <FormError error={error} title={t('adminAudit.verifyFailed')} />
    </>
  );
}
