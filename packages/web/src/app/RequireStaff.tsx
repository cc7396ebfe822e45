import { Center, Loader } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StaffSignInPage } from './StaffSignInPage.tsx';
import { useStaffSession } from './staff-session.tsx';
import { TwoStepEnrolment } from './TwoStepEnrolment.tsx';

/**
 * Shows its content to signed-in staff, and the sign-in page to everyone else. When the clinic
 * requires two-step sign-in and this staff member has not set it up, the server refuses every
 * other staff request, so enrolment comes first, on whichever staff page they opened.
 */
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
  if (state.staff.mfa.enrollmentRequired) return <TwoStepEnrolment staff={state.staff} required />;
  return <>{children(state.staff)}</>;
}
