import { Anchor, Badge, Text } from '@mantine/core';
import type { Appointment, AppointmentTypeSummary } from '@patientdesk/contracts';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './appointments.module.css';
import { useVisitTime } from './visit-time.ts';

const statusColor = {
  held: 'yellow',
  booked: 'clinicTeal',
  arrived: 'blue',
  fulfilled: 'gray',
  cancelled: 'red',
  noshow: 'orange',
} as const;

/** "Booked", "Cancelled", "Missed": where the visit stands. */
export function VisitStatus({ status }: { status: Appointment['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColor[status]}>
      {t(`appointments.status.${status}`)}
    </Badge>
  );
}

/** One line of an address, left out where the clinic gave no part of it. */
function addressOf(location: Appointment['location']): string {
  const town = [location.city, [location.region, location.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [location.addressLine, town].filter(Boolean).join(', ');
}

interface VisitDetailsProps {
  appointment: Appointment;
  /** The kind of visit as the directory has it, in the interface's language (names, questions). */
  type?: AppointmentTypeSummary | undefined;
  /** Name the patient: the person acts for several. */
  showPatient?: boolean;
  /** The reason and the answers given when booking (the visit's own page, and just after booking). */
  showAnswers?: boolean;
}

/**
 * Everything a patient needs to know about a visit: when (in the location's zone), where, with
 * whom, what kind, how to prepare, how to join a video visit or check in, and what the provider
 * asked them to do afterwards.
 */
export function VisitDetails({ appointment, type, showPatient, showAnswers }: VisitDetailsProps) {
  const { t } = useTranslation();
  const time = useVisitTime();
  const live = appointment.status === 'booked' || appointment.status === 'arrived';
  const video = appointment.appointmentType.mode === 'telehealth';
  const preparation = type?.preparation || appointment.appointmentType.preparation;
  const location = appointment.location;
  const rows: [string, ReactNode][] = [];

  if (showPatient) rows.push([t('appointments.details.patient'), appointment.patient.displayName]);
  rows.push([
    t('appointments.details.when'),
    <>
      <time dateTime={appointment.startsAt}>{time.when(appointment.startsAt, appointment.timeZone)}</time>
      {' · '}
      {t('appointments.details.minutes', { count: appointment.appointmentType.durationMinutes })}
    </>,
  ]);
  rows.push([
    t('appointments.details.where'),
    video ? (
      t('appointments.details.byVideo')
    ) : (
      <>
        {location.name}
        {addressOf(location) && (
          <Text span display="block">
            {addressOf(location)}
          </Text>
        )}
        {location.phone && (
          <Anchor href={`tel:${location.phone}`} display="block">
            {location.phone}
          </Anchor>
        )}
      </>
    ),
  ]);
  rows.push([
    t('appointments.details.with'),
    [appointment.provider.displayName, appointment.provider.specialty].filter(Boolean).join(' · '),
  ]);
  rows.push([t('appointments.details.kind'), type?.name ?? appointment.appointmentType.name]);
  if (live && preparation) rows.push([t('appointments.details.preparation'), preparation]);
  if (live && appointment.videoVisitUrl)
    rows.push([
      t('appointments.details.videoLink'),
      <>
        <Anchor href={appointment.videoVisitUrl} target="_blank" rel="noopener">
          {t('appointments.details.joinVideo')}
        </Anchor>
        <Text span display="block" size="sm" c="dimmed">
          {t('appointments.details.videoWhen')}
        </Text>
      </>,
    ]);
  if (live && appointment.checkInCode && !video)
    rows.push([
      t('appointments.details.checkInCode'),
      <>
        <Text span ff="monospace" fw={700} size="lg">
          {appointment.checkInCode}
        </Text>
        <Text span display="block" size="sm" c="dimmed">
          {t('appointments.details.checkInHint')}
        </Text>
      </>,
    ]);
  if (showAnswers && appointment.reason) rows.push([t('appointments.details.reason'), appointment.reason]);
  if (showAnswers)
    for (const [questionId, answer] of Object.entries(appointment.intakeAnswers)) {
      const question = type?.intakeQuestions.find((candidate) => candidate.id === questionId);
      rows.push([question?.text ?? questionId, answer]);
    }
  if (appointment.followUp) rows.push([t('appointments.details.followUp'), appointment.followUp]);
  if (appointment.status === 'cancelled' && appointment.cancelledAt)
    rows.push([
      t('appointments.details.cancelledAt'),
      <time key="cancelledAt" dateTime={appointment.cancelledAt}>
        {time.when(appointment.cancelledAt, appointment.timeZone)}
      </time>,
    ]);

  return (
    <dl className={classes.details}>
      {rows.map(([term, description]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{description}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
