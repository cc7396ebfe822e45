import { Alert, Stack, Title } from '@mantine/core';
import type { StaffRoleName } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../app/page-title.ts';

/** A section opened by its address that this staff member's role may not use. */
export function SectionNotAllowed({ role }: { role: StaffRoleName }) {
  const { t } = useTranslation();
  usePageTitle(t('adminNav.notAllowedTitle'));
  return (
    <Stack>
      <Title order={1}>{t('adminNav.notAllowedTitle')}</Title>
      <Alert color="yellow" role="status">
        {t('adminNav.notAllowed', { role: t(`roles.${role}`) })}
      </Alert>
    </Stack>
  );
}
