import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { NotFoundPage } from '../app/NotFoundPage.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { RequireStaff } from '../app/RequireStaff.tsx';
import { TwoStepEnrolment } from '../app/TwoStepEnrolment.tsx';
import { AvailabilityControl } from './AvailabilityControl.tsx';
import { ArrivalsArea } from './arrivals/ArrivalsArea.tsx';
import { InboxArea } from './inbox/InboxArea.tsx';
import { InboxHomeCard } from './inbox/InboxHomeCard.tsx';
import { InboxLiveProvider } from './inbox/inbox-live.tsx';
import { inboxWorkers } from './inbox/inbox-roles.ts';
import { UrgentBanner } from './inbox/UrgentBanner.tsx';
import { KnowledgeArea } from './knowledge/KnowledgeArea.tsx';
import { knowledgeReaders } from './knowledge/knowledge-roles.ts';
import { LiveUpdates } from './LiveUpdates.tsx';
import { MyAccountPage } from './MyAccountPage.tsx';
import { NewPatientPage } from './patient-record/NewPatientPage.tsx';
import { PatientRecordPage } from './patient-record/PatientRecordPage.tsx';
import { PatientSearchPage } from './patient-record/PatientSearchPage.tsx';
import { recordReaders, registrars } from './patient-record/patient-roles.ts';
import { DisruptionsArea } from './schedule/disruptions/DisruptionsArea.tsx';
import { DisruptionsHomeCard } from './schedule/disruptions/DisruptionsHomeCard.tsx';
import { disruptionManagers } from './schedule/disruptions/disruption-roles.ts';
import { ScheduleArea } from './schedule/ScheduleArea.tsx';
import { ScheduleHomeCard } from './schedule/ScheduleHomeCard.tsx';
import { scheduleReaders } from './schedule/schedule-roles.ts';

function DeskHome({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  usePageTitle(t('desk.title'));
  return (
    <Stack maw={1000} mx="auto" py="lg" gap="lg">
      <div>
        <Title order={1}>{t('desk.greeting', { name: staff.displayName })}</Title>
        <Text c="dimmed">
          {t('desk.roleAt', { role: t(`roles.${staff.role}`), clinic: staff.organization.name })}
        </Text>
      </div>
      {inboxWorkers.includes(staff.role) && <InboxHomeCard staff={staff} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg">
          <AvailabilityControl availability={staff.availability} />
        </Card>
        <LiveUpdates staffMemberId={staff.id} />
      </SimpleGrid>
      {recordReaders.includes(staff.role) && (
        <Card withBorder padding="lg">
          <Stack gap="xs" align="flex-start">
            <Title order={2} size="h4">
              {t('patients.search.title')}
            </Title>
            <Text c="dimmed">{t('patients.search.hint')}</Text>
            <Button component={Link} to="/desk/patients">
              {t('patients.search.label')}
            </Button>
          </Stack>
        </Card>
      )}
      {disruptionManagers.includes(staff.role) && <DisruptionsHomeCard />}
      {scheduleReaders.includes(staff.role) && <ScheduleHomeCard />}
      {knowledgeReaders.includes(staff.role) && (
        <Card withBorder padding="lg">
          <Stack gap="xs" align="flex-start">
            <Title order={2} size="h4">
              {t('knowledge.list.title')}
            </Title>
            <Text c="dimmed">{t('knowledge.home.hint')}</Text>
            <Button component={Link} to="/desk/knowledge" variant="default">
              {t('knowledge.home.open')}
            </Button>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** The desk's pages, with the live inbox beneath them for the staff who work it. */
function DeskRoutes({ staff }: { staff: SignedInStaff }) {
  const routes = (
    <Routes>
      <Route index element={<DeskHome staff={staff} />} />
      <Route path="inbox/*" element={<InboxArea staff={staff} />} />
      <Route path="account" element={<MyAccountPage staff={staff} />} />
      {disruptionManagers.includes(staff.role) && (
        <Route path="schedule/disruptions/*" element={<DisruptionsArea />} />
      )}
      <Route path="arrivals/*" element={<ArrivalsArea staff={staff} />} />
      {recordReaders.includes(staff.role) && (
        <>
          <Route
            path="patients"
            element={<PatientSearchPage mayRegister={registrars.includes(staff.role)} />}
          />
          <Route path="patients/:id" element={<PatientRecordPage staff={staff} />} />
        </>
      )}
      {registrars.includes(staff.role) && <Route path="patients/new" element={<NewPatientPage />} />}
      {scheduleReaders.includes(staff.role) && (
        <Route path="schedule/*" element={<ScheduleArea staff={staff} />} />
      )}
      {knowledgeReaders.includes(staff.role) && (
        <Route path="knowledge/*" element={<KnowledgeArea staff={staff} />} />
      )}
      <Route path="account/two-step" element={<TwoStepEnrolment staff={staff} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
  if (!inboxWorkers.includes(staff.role)) return routes;
  // One live connection for every inbox screen, and the urgent banner on every desk page.
  return (
    <InboxLiveProvider>
      <UrgentBanner staff={staff} />
      {routes}
    </InboxLiveProvider>
  );
}

/** The staff desk at /desk: sign-in first, then the desk and the staff member's own account. */
export default function DeskArea() {
  return <RequireStaff>{(staff) => <DeskRoutes staff={staff} />}</RequireStaff>;
}
