import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type {
  Appointment,
  FreeTime,
  PortalPatient,
  SchedulingDirectory,
  SignedInPortalUser,
} from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { AppointmentCard, type VisitChange } from './AppointmentCard.tsx';
import classes from './appointments.module.css';
import { schedulingPatients } from './booking-api.ts';
import { movedWords } from './confirmation-words.ts';
import { NotListed } from './NotListed.tsx';
import { useDirectory } from './use-directory.ts';
import { useVisitTime } from './visit-time.ts';

const pastShownFirst = 5;

/**
 * The visits a patient booked: holds never confirmed are no visits, and a visit moved to
 * another time lives on as the new one.
 */
export const bookedVisits = (items: Appointment[]) =>
  items.filter((item) => item.bookedAt !== null && item.cancellationReason !== 'rescheduled');

/** The zone of a free time's location (the clinic's when the directory does not know it). */
export function zoneFinder(directory: SchedulingDirectory | undefined, fallback: string) {
  return (time: FreeTime) =>
    directory?.locations.find((location) => location.id === time.locationId)?.timeZone ??
    directory?.organization.timeZone ??
    fallback;
}

function VisitList({
  title,
  headingOrder,
  path,
  directory,
  limit,
  generation,
  onChanged,
}: {
  title: string;
  headingOrder: 2 | 3;
  path: string;
  directory: SchedulingDirectory | undefined;
  limit?: number;
  generation: number;
  onChanged(change: VisitChange): void;
}) {
  const { t } = useTranslation();
  const list = useApiData<{ items: Appointment[] }>(path);
  const reload = list.reload;
  // A change to one visit can move others between lists (a moved visit): every list asks again,
  // keeping what it shows until the answer comes.
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const [showAll, setShowAll] = useState(false);
  const visits = list.data && bookedVisits(list.data.items);
  const shown = visits && limit && !showAll ? visits.slice(0, limit) : visits;
  const headingId = `visits-${path.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={headingOrder} size={headingOrder === 2 ? 'h3' : 'h4'} id={headingId}>
        {title}
      </Title>
      <FormError error={list.error} title={t('appointments.list.failed')} />
      {!visits && !list.error && <Loading />}
      {visits?.length === 0 && <Text c="dimmed">{t('appointments.list.none')}</Text>}
      {shown && shown.length > 0 && (
        <ul className={classes.plainList}>
          {shown.map((appointment) => (
            <li key={appointment.id}>
              <AppointmentCard
                appointment={appointment}
                type={directory?.appointmentTypes.find((type) => type.id === appointment.appointmentType.id)}
                zoneOf={zoneFinder(directory, appointment.timeZone)}
                headingOrder={headingOrder === 2 ? 3 : 4}
                linkToPage
                onChanged={onChanged}
              />
            </li>
          ))}
        </ul>
      )}
      {visits && shown && visits.length > shown.length && (
        <Group>
          <Button variant="subtle" onClick={() => setShowAll(true)}>
            {t('appointments.list.showAll', { count: visits.length })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** One patient's upcoming and past visits. */
function PatientVisits({
  patient,
  named,
  directory,
  generation,
  onChanged,
}: {
  patient: PortalPatient;
  named: boolean;
  directory: SchedulingDirectory | undefined;
  generation: number;
  onChanged(change: VisitChange): void;
}) {
  const { t } = useTranslation();
  const order = named ? 3 : 2;
  const base = `/api/portal/patients/${patient.id}/appointments`;
  const lists = (
    <>
      <VisitList
        title={t('appointments.list.upcoming')}
        headingOrder={order}
        path={`${base}?when=upcoming`}
        directory={directory}
        generation={generation}
        onChanged={onChanged}
      />
      <VisitList
        title={t('appointments.list.past')}
        headingOrder={order}
        path={`${base}?when=past`}
        directory={directory}
        limit={pastShownFirst}
        generation={generation}
        onChanged={onChanged}
      />
    </>
  );
  if (!named) return <Stack gap="xl">{lists}</Stack>;
  return (
    <Stack gap="md" component="section" aria-labelledby={`patient-visits-${patient.id}`}>
      <Title order={2} size="h3" id={`patient-visits-${patient.id}`}>
        {patient.displayName}
      </Title>
      <Group>
        <Button
          component={Link}
          to={`/portal/appointments/book?patient=${patient.id}`}
          variant="light"
          size="sm"
        >
          {t('appointments.list.bookFor', { name: patient.displayName })}
        </Button>
      </Group>
      {lists}
    </Stack>
  );
}

/** /portal/appointments: upcoming and past visits of every patient the person books for. */
export function AppointmentsPage({ user }: { user: SignedInPortalUser }) {
  const { t } = useTranslation();
  usePageTitle(t('appointments.list.title'));
  const time = useVisitTime();
  const directory = useDirectory();
  const patients = schedulingPatients(user.patients);
  const [status, setStatus] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  function changed(change: VisitChange) {
    const { appointment } = change;
    setStatus(
      change.kind === 'cancelled'
        ? t('appointments.list.cancelled', { when: time.when(appointment.startsAt, appointment.timeZone) })
        : movedWords(t, change.appointment, time.when(appointment.startsAt, appointment.timeZone)),
    );
    setGeneration((value) => value + 1);
    // The button that did it is gone with the change: the keyboard starts again at the top, where
    // the outcome is announced.
    heading.current?.focus();
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} ref={heading} tabIndex={-1}>
            {t('appointments.list.title')}
          </Title>
          <Text c="dimmed">{t('appointments.list.intro')}</Text>
        </div>
        {patients.length > 0 && (
          <Button component={Link} to="/portal/appointments/book">
            {t('appointments.list.book')}
          </Button>
        )}
      </Group>
      <StatusMessage message={status} />
      <NotListed patients={user.patients} />
      {patients.length === 0 && <Text>{t('appointments.book.nobody')}</Text>}
      {patients.map((patient) => (
        <PatientVisits
          key={patient.id}
          patient={patient}
          named={patients.length > 1}
          directory={directory.data}
          generation={generation}
          onChanged={changed}
        />
      ))}
    </Stack>
  );
}
