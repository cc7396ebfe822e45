import { Alert, Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../app/FormError.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { PatientSignIn } from './PatientSignIn.tsx';
import { PortalHome } from './PortalHome.tsx';
import { usePortalSession } from './portal-session.tsx';

function SignInPage({ sessionEnded }: { sessionEnded: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('patientSignIn.title'));
  return (
    <>
      <Title order={1}>{t('patientSignIn.title')}</Title>
      <Text c="dimmed">{t('patientSignIn.intro')}</Text>
      {/* Patients write to the clinic in a crisis; the way to urgent help comes before any form. */}
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      {sessionEnded && (
        <Alert color="yellow" role="status">
          {t('portal.sessionEnded')}
        </Alert>
      )}
      <PatientSignIn />
      <Text size="sm" c="dimmed">
        {t('patientSignIn.proxyNote')}
      </Text>
      <Anchor component={Link} to="/desk" size="sm">
        {t('patientSignIn.staffLink')}
      </Anchor>
    </>
  );
}

/** The patient portal at /portal: sign-in with a one-time code, then the people the person acts for. */
export default function PortalArea() {
  const { t } = useTranslation();
  const { state, signOutError } = usePortalSession();
  const signedIn = state.status === 'signed-in';
  return (
    <Stack maw={signedIn ? 880 : 440} mx="auto" py="xl">
      <FormError error={signOutError} title={t('session.signOutFailed')} />
      {signedIn ? (
        <PortalHome user={state.user} />
      ) : state.status === 'signed-out' ? (
        <SignInPage sessionEnded={state.notice === 'sessionEnded'} />
      ) : (
        <Center py="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
    </Stack>
  );
}
