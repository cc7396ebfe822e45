import type { SignedInStaff } from '@patientdesk/contracts';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { InboxWorkspace } from './InboxWorkspace.tsx';
import { inboxSupervisors, inboxWorkers } from './inbox-roles.ts';
import { SupervisorOverview } from './SupervisorOverview.tsx';

/** /desk/inbox: the queue and a conversation (/desk/inbox/:id), and the supervisor's overview. */
export function InboxArea({ staff }: { staff: SignedInStaff }) {
  return (
    <Routes>
      {inboxSupervisors.includes(staff.role) && <Route path="overview" element={<SupervisorOverview />} />}
      {inboxWorkers.includes(staff.role) && <Route path=":id?" element={<InboxWorkspace staff={staff} />} />}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
