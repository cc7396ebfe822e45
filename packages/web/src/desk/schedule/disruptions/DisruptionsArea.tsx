import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../../app/NotFoundPage.tsx';
import { DisruptionsPage } from './DisruptionsPage.tsx';
import { TimeOffTrackingPage } from './TimeOffTrackingPage.tsx';

/** /desk/schedule/disruptions: a provider's unexpected time off, marked and followed up. */
export function DisruptionsArea() {
  return (
    <Routes>
      <Route index element={<DisruptionsPage />} />
      <Route path=":providerId/:exceptionId" element={<TimeOffTrackingPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
