import { Alert, Box, Flex, Stack, Title } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Route, Routes } from 'react-router';
import { NotFoundPage } from '../app/NotFoundPage.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { RequireStaff } from '../app/RequireStaff.tsx';
import { AdminHome } from './AdminHome.tsx';
import { AdminNavigation } from './AdminNavigation.tsx';
import { type AdminSection, adminSections, sectionsFor } from './admin-sections.ts';
import { AuditLogPage } from './audit/AuditLogPage.tsx';
import { EmergencyAccessPage } from './emergency-access/EmergencyAccessPage.tsx';
import { OutboxPage } from './outbox/OutboxPage.tsx';
import { SectionNotAllowed } from './SectionNotAllowed.tsx';
import { SessionsPage } from './sessions/SessionsPage.tsx';
import { SettingsPage } from './settings/SettingsPage.tsx';
import { ApiTokensPage } from './tokens/ApiTokensPage.tsx';
import { StaffPage } from './users/StaffPage.tsx';

const sectionPages: Record<AdminSection['id'], (staff: SignedInStaff) => ReactNode> = {
  users: (staff) => <StaffPage staff={staff} />,
  sessions: () => <SessionsPage />,
  tokens: () => <ApiTokensPage />,
  audit: () => <AuditLogPage />,
  emergencyAccess: () => <EmergencyAccessPage />,
  outbox: () => <OutboxPage />,
  settings: () => <SettingsPage />,
};

function AdminLayout({ sections }: { sections: readonly AdminSection[] }) {
  return (
    <Flex direction={{ base: 'column', sm: 'row' }} gap="lg" maw={1280} mx="auto" py="lg">
      <Box w={{ base: '100%', sm: 220 }} style={{ flexShrink: 0 }}>
        <AdminNavigation sections={sections} />
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Outlet />
      </Box>
    </Flex>
  );
}

/** Front-line roles have no administration sections; the area tells them who to ask. */
function NoAdminSections() {
  const { t } = useTranslation();
  usePageTitle(t('admin.pageTitle'));
  return (
    <Stack maw={1000} mx="auto" py="lg">
      <Title order={1}>{t('admin.pageTitle')}</Title>
      <Alert color="yellow" title={t('admin.needsAdminTitle')} role="status">
        {t('admin.needsAdmin')}
      </Alert>
    </Stack>
  );
}

function AdminRoutes({ staff }: { staff: SignedInStaff }) {
  const sections = sectionsFor(staff.role);
  if (sections.length === 0) return <NoAdminSections />;
  return (
    <Routes>
      <Route element={<AdminLayout sections={sections} />}>
        <Route index element={<AdminHome role={staff.role} sections={sections} />} />
        {adminSections.map((section) => (
          <Route
            key={section.id}
            path={`${section.path}/*`}
            element={
              sections.includes(section) ? (
                sectionPages[section.id](staff)
              ) : (
                <SectionNotAllowed role={staff.role} />
              )
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * Administration at /admin: sign-in first; then the sections the staff member's role may use,
 * in a side navigation (administrators: staff, sessions, API tokens, audit, outbox, settings;
 * compliance: staff list, audit log, emergency-access review; supervisors: the staff list).
 */
export default function AdminArea() {
  return <RequireStaff>{(staff) => <AdminRoutes staff={staff} />}</RequireStaff>;
}
