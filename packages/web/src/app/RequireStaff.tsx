import { Center, Loader } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StaffSignInPage } from './StaffSignInPage.tsx';
import { useStaffSession } from './staff-session.tsx';

/** Shows its content to signed-in staff, and the sign-in page to everyone else. */
export function RequireStaff({ children }: { children: (staff: SignedInStaff) => ReactNode }) {
  const { t } = useTranslation();
  const { state } = useStaffSession();
  if (state.status === 'loading') {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (state.status === 'signed-out') return <StaffSignInPage />;
  return <>{children(state.staff)}</>;
}
