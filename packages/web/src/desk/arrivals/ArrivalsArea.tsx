import type { SignedInStaff } from '@patientdesk/contracts';
import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { ArrivalsBoardPage } from './ArrivalsBoardPage.tsx';
import { arrivalsReaders, kioskManagers, noShowReaders } from './arrival-roles.ts';
import { KiosksPage } from './KiosksPage.tsx';
import { NoShowsPage } from './NoShowsPage.tsx';

/**
 * /desk/arrivals: the arrivals board for those who read appointments; the kiosks of each
 * location for those who manage schedules (administrators land there); the no-show report.
 */
export function ArrivalsArea({ staff }: { staff: SignedInStaff }) {
  const readsBoard = arrivalsReaders.includes(staff.role);
  const managesKiosks = kioskManagers.includes(staff.role);
  return (
    <Routes>
      <Route
        index
        element={
          readsBoard ? (
            <ArrivalsBoardPage staff={staff} />
          ) : managesKiosks ? (
            <Navigate to="kiosks" replace />
          ) : (
            <NotFoundPage />
          )
        }
      />
      {managesKiosks && <Route path="kiosks" element={<KiosksPage />} />}
      {noShowReaders.includes(staff.role) && <Route path="no-shows" element={<NoShowsPage />} />}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
