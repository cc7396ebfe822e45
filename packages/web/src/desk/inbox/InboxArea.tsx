import type { SignedInStaff } from '@patientdesk/contracts';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { FrequentRequestsPage } from '../insights/FrequentRequestsPage.tsx';
import { InboxSettingsPage } from '../settings/InboxSettingsPage.tsx';
import { InboxWorkspace } from './InboxWorkspace.tsx';
import { inboxSupervisors, inboxWorkers } from './inbox-roles.ts';
import { SupervisorOverview } from './SupervisorOverview.tsx';

/**
 * /desk/inbox: the queue and a conversation (/desk/inbox/:id); for supervisors, the overview, the
 * frequent requests (/desk/inbox/requests) and the assistant and safety settings (/desk/inbox/settings).
 */
export function InboxArea({ staff }: { staff: SignedInStaff }) {
  return (
    <Routes>
      {inboxSupervisors.includes(staff.role) && (
        <>
          <Route path="overview" element={<SupervisorOverview />} />
          <Route path="requests" element={<FrequentRequestsPage staff={staff} />} />
          <Route path="settings" element={<InboxSettingsPage />} />
        </>
      )}
      {inboxWorkers.includes(staff.role) && <Route path=":id?" element={<InboxWorkspace staff={staff} />} />}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
