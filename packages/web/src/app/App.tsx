import { Anchor, AppShell, Center, Loader } from '@mantine/core';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { PortalSessionProvider } from '../portal/portal-session.tsx';
import { AppHeader } from './AppHeader.tsx';
import { LandingPage } from './LandingPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { SessionFailureAlert } from './SessionFailureAlert.tsx';

// Each area loads only when visited: a patient on the portal never downloads the staff desk.
const DeskArea = lazy(() => import('../desk/DeskArea.tsx'));
const AdminArea = lazy(() => import('../admin/AdminArea.tsx'));
const PortalArea = lazy(() => import('../portal/PortalArea.tsx'));
const PasswordResetPage = lazy(() => import('./PasswordResetPage.tsx'));
const InvitationPage = lazy(() => import('./InvitationPage.tsx'));
const KioskPage = lazy(() => import('../kiosk/KioskPage.tsx'));

function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

function Area({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function App() {
  const { t } = useTranslation();
  return (
    // The portal's session is known to the whole shell, so the header can offer its sign-out.
    <PortalSessionProvider>
      <AppShell header={{ height: 60 }} padding="md">
        <Anchor href="#main" className="skip-link">
          {t('common.skipToContent')}
        </Anchor>
        <AppShell.Header bg="clinicTeal.7">
          <AppHeader />
        </AppShell.Header>
        <AppShell.Main id="main" tabIndex={-1} bg="gray.0">
          <SessionFailureAlert />
          <Routes>
            <Route path="/" element={<LandingPage />} />
            <Route
              path="/desk/*"
              element={
                <Area>
                  <DeskArea />
                </Area>
              }
            />
            <Route
              path="/admin/*"
              element={
                <Area>
                  <AdminArea />
                </Area>
              }
            />
            <Route
              path="/portal/*"
              element={
                <Area>
                  <PortalArea />
                </Area>
              }
            />
            {/* Emailed links to staff: they work signed out, so they live outside /desk. */}
            <Route
              path="/reset-password"
              element={
                <Area>
                  <PasswordResetPage />
                </Area>
              }
            />
            <Route
              path="/invitation"
              element={
                <Area>
                  <InvitationPage />
                </Area>
              }
            />
            {/* A check-in tablet at a location: no staff session, the device's own key. */}
            <Route
              path="/kiosk/:locationId"
              element={
                <Area>
                  <KioskPage />
                </Area>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </AppShell.Main>
      </AppShell>
    </PortalSessionProvider>
  );
}
