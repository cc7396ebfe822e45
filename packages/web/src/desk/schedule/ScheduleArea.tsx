import type { SignedInStaff } from '@patientdesk/contracts';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { AppointmentTypePage } from './AppointmentTypePage.tsx';
import { AppointmentTypesPage } from './AppointmentTypesPage.tsx';
import { ProviderPage } from './ProviderPage.tsx';
import { ScheduleHomePage } from './ScheduleHomePage.tsx';
import { SchedulingSettingsPage } from './SchedulingSettingsPage.tsx';
import { scheduleManagers } from './schedule-roles.ts';

/**
 * /desk/schedule: the providers and their hours, the kinds of visit, the scheduling settings.
 * Schedulers, supervisors and admins change them; everyone else who may read them reads.
 */
export function ScheduleArea({ staff }: { staff: SignedInStaff }) {
  const mayManage = scheduleManagers.includes(staff.role);
  return (
    <Routes>
      <Route index element={<ScheduleHomePage mayManage={mayManage} />} />
      <Route path="providers/:id" element={<ProviderPage mayManage={mayManage} />} />
      <Route path="types" element={<AppointmentTypesPage mayManage={mayManage} />} />
      <Route path="types/:id" element={<AppointmentTypePage mayManage={mayManage} />} />
      <Route path="settings" element={<SchedulingSettingsPage mayManage={mayManage} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
