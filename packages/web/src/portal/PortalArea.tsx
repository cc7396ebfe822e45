import { Alert, Anchor, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import { FormError } from '../app/FormError.tsx';
import { NotFoundPage } from '../app/NotFoundPage.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { AppointmentPage } from './appointments/AppointmentPage.tsx';
import { AppointmentsPage } from './appointments/AppointmentsPage.tsx';
import { BookPage } from './appointments/BookPage.tsx';
import { MessagesPage } from './messages/MessagesPage.tsx';
import { ThreadPage } from './messages/ThreadPage.tsx';
import { PatientSignIn } from './PatientSignIn.tsx';
import { PortalHome } from './PortalHome.tsx';
import { PreferencesPage } from './patient-pages/PreferencesPage.tsx';
import { ProfilePage } from './patient-pages/ProfilePage.tsx';
import { usePortalSession } from './portal-session.tsx';
import { WaitlistPage } from './waitlist/WaitlistPage.tsx';

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

/** The portal's pages for the chosen patient. */
function PortalNavigation() {
  const { t } = useTranslation();
  const links = [
    { to: '/portal', label: t('portalPages.nav.home'), end: true },
    { to: '/portal/appointments', label: t('appointments.nav'), end: false },
    { to: '/portal/waitlist', label: t('waitlist.nav'), end: false },
    { to: '/portal/messages', label: t('portalMessages.nav'), end: false },
    { to: '/portal/profile', label: t('portalPages.nav.profile'), end: false },
    { to: '/portal/preferences', label: t('portalPages.nav.preferences'), end: false },
  ];
  return (
    <Group component="nav" aria-label={t('portalPages.nav.label')} gap="lg">
      {links.map((link) => (
        <Anchor key={link.to} component={NavLink} to={link.to} end={link.end} fw={500}>
          {link.label}
        </Anchor>
      ))}
    </Group>
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
        <>
          <PortalNavigation />
          <Routes>
            <Route index element={<PortalHome user={state.user} />} />
            <Route path="appointments" element={<AppointmentsPage user={state.user} />} />
            <Route path="appointments/book" element={<BookPage user={state.user} />} />
            <Route path="appointments/:id" element={<AppointmentPage user={state.user} />} />
            <Route path="waitlist" element={<WaitlistPage user={state.user} />} />
            <Route path="messages" element={<MessagesPage user={state.user} />} />
            <Route path="messages/:id" element={<ThreadPage user={state.user} />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="preferences" element={<PreferencesPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </>
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
