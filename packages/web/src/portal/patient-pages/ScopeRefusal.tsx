import { Alert } from '@mantine/core';
import type { PortalPatient } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';

/**
 * Explains a refusal in plain words: a proxy whose access for this patient does not cover this
 * page is told what their access does cover, instead of a bare "forbidden".
 */
export function ScopeRefusal({ error, patient }: { error: unknown; patient: PortalPatient | undefined }) {
  const { t } = useTranslation();
  if (error instanceof ApiRequestError && error.status === 403 && patient) {
    const allowed = patient.scopes.map((scope) => t(`patients.scopes.${scope}`)).join(', ');
    return (
      <Alert color="yellow" title={t('portalPages.notInScopeTitle')} role="status">
        {t('portalPages.notInScope', {
          name: patient.displayName,
          allowed: allowed || t('patients.people.noScopes'),
        })}
      </Alert>
    );
  }
  return <FormError error={error} title={t('portalPages.failed')} />;
}
