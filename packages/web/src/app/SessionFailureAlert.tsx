import { Box } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormError } from './FormError.tsx';
import { useStaffSession } from './staff-session.tsx';

/** Says on any staff page when a header action (availability, sign-out) did not go through. */
export function SessionFailureAlert() {
  const { t } = useTranslation();
  const { state, failure } = useStaffSession();
  if (state.status !== 'signed-in' || !failure) return null;
  return (
    <Box maw={1000} mx="auto" mb="md">
      <FormError error={failure.error} title={t(`session.${failure.action}Failed`)} />
    </Box>
  );
}
