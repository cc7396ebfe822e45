import { Anchor, Stack, Title } from '@mantine/core';
import type { Appointment, SignedInPortalUser } from '@patientdesk/contracts';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiRequestError } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { AppointmentCard } from './AppointmentCard.tsx';
import { zoneFinder } from './AppointmentsPage.tsx';
import { movedWords } from './confirmation-words.ts';
import { useDirectory } from './use-directory.ts';
import { useVisitTime } from './visit-time.ts';

/**
 * /portal/appointments/:id: one visit, where the confirmation and reminder messages lead, with
 * the answers given when booking and the ways to move or cancel it.
 */
export function AppointmentPage({ user }: { user: SignedInPortalUser }) {
  const { t } = useTranslation();
  usePageTitle(t('appointments.one.title'));
  const { id } = useParams();
  const navigate = useNavigate();
  const time = useVisitTime();
  const directory = useDirectory();
  const visit = useApiData<Appointment>(`/api/portal/appointments/${id}`);
  const [status, setStatus] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const appointment = visit.data?.id === id ? visit.data : undefined;
  const notYours = visit.error instanceof ApiRequestError && [403, 404].includes(visit.error.status);

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/portal/appointments">
        {t('appointments.one.back')}
      </Anchor>
      <Title order={1} ref={heading} tabIndex={-1}>
        {t('appointments.one.title')}
      </Title>
      <StatusMessage message={status} />
      {notYours ? (
        <FormError error={visit.error} title={t('appointments.one.notFound')} />
      ) : (
        <FormError error={visit.error} title={t('appointments.one.failed')} />
      )}
      {!appointment && !visit.error && <Loading />}
      {appointment && (
        <AppointmentCard
          appointment={appointment}
          type={directory.data?.appointmentTypes.find((type) => type.id === appointment.appointmentType.id)}
          zoneOf={zoneFinder(directory.data, appointment.timeZone)}
          headingOrder={2}
          showPatient={user.patients.length > 1}
          showAnswers
          onChanged={(change) => {
            const when = time.when(change.appointment.startsAt, change.appointment.timeZone);
            if (change.kind === 'moved') {
              // The moved visit is a new appointment with its own page and link.
              setStatus(movedWords(t, change.appointment, when));
              navigate(`/portal/appointments/${change.appointment.id}`, { replace: true });
            } else {
              setStatus(t('appointments.list.cancelled', { when }));
              visit.reload();
            }
            // The button that did it is gone: the keyboard starts again at the top, under the news.
            heading.current?.focus();
          }}
        />
      )}
    </Stack>
  );
}
