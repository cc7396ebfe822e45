import { Alert, Stack, Text, Title } from '@mantine/core';
import type {
  Appointment,
  BookedAppointment,
  FreeTime,
  ProviderSearchResult,
  SignedInPortalUser,
} from '@patientdesk/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { usePortalSession } from '../portal-session.tsx';
import classes from './appointments.module.css';
import { BookingDone } from './BookingDone.tsx';
import { holdTime, providerSearchPath, schedulingPatients, timeTakenOffers } from './booking-api.ts';
import { ConfirmDetails } from './ConfirmDetails.tsx';
import { NotListed } from './NotListed.tsx';
import { type BookingSearch, SearchForm } from './SearchForm.tsx';
import { SearchResults, type TimesNotice } from './SearchResults.tsx';
import { useDirectory } from './use-directory.ts';

const steps = ['search', 'times', 'details', 'done'] as const;
type Step = (typeof steps)[number];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Stage =
  | { step: 'search' }
  | { step: 'times' }
  | { step: 'details'; hold: Appointment }
  | { step: 'done'; appointment: BookedAppointment };

/** Where the patient is in the four steps, for everyone (the current one is marked for screen readers). */
function StepList({ current }: { current: Step }) {
  const { t } = useTranslation();
  return (
    <ol className={classes.steps} aria-label={t('appointments.book.steps')}>
      {steps.map((step) => (
        <li key={step} aria-current={step === current ? 'step' : undefined}>
          {t(`appointments.book.step.${step}`)}
        </li>
      ))}
    </ol>
  );
}

/** The step's heading, focused when the step changes, so keyboard and screen-reader users start there. */
function StepHeading({ step }: { step: Step }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new step is what moves the focus here.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  return (
    <Title order={2} size="h3" ref={heading} tabIndex={-1}>
      {t(`appointments.book.heading.${step}`)}
    </Title>
  );
}

/**
 * /portal/appointments/book: find a provider and a time, hold it, confirm the details, done.
 * A time someone took meanwhile, or a hold that ran out, brings the patient back to the times
 * with the reason and, when there are, the next free times to choose from.
 */
export function BookPage({ user }: { user: SignedInPortalUser }) {
  const { t } = useTranslation();
  usePageTitle(t('appointments.book.title'));
  const { chosenPatient } = usePortalSession();
  const [params] = useSearchParams();
  const patients = schedulingPatients(user.patients);
  const directory = useDirectory();
  const firstPatient =
    patients.find((patient) => patient.id === params.get('patient')) ??
    patients.find((patient) => patient.id === chosenPatient?.id) ??
    patients[0];
  const [search, setSearch] = useState<BookingSearch>({
    patientId: firstPatient?.id ?? '',
    criteria: { telehealth: false, newPatient: false, withinDays: 14 },
  });
  const [stage, setStage] = useState<Stage>({ step: 'search' });
  const [notice, setNotice] = useState<TimesNotice>();
  const [holdError, setHoldError] = useState<unknown>();
  const [picking, setPicking] = useState<FreeTime>();
  const results = useApiData<ProviderSearchResult>(
    stage.step === 'times' ? providerSearchPath(search.criteria) : undefined,
  );
  const reloadResults = results.reload;
  const patient = patients.find((candidate) => candidate.id === search.patientId);

  const noticeSerial = useRef(0);
  const backToTimes = useCallback(
    (why: DistributiveOmit<TimesNotice, 'serial'> | undefined) => {
      noticeSerial.current += 1;
      setNotice(why && { ...why, serial: noticeSerial.current });
      setHoldError(undefined);
      setStage({ step: 'times' });
      reloadResults();
    },
    [reloadResults],
  );
  const holdRanOut = useCallback(() => backToTimes({ kind: 'expired' }), [backToTimes]);

  async function pick(time: FreeTime) {
    if (!patient) return;
    setPicking(time);
    setHoldError(undefined);
    try {
      const hold = await holdTime(patient.id, time);
      setNotice(undefined);
      setStage({ step: 'details', hold });
    } catch (error) {
      const offers = timeTakenOffers(error);
      if (offers) backToTimes({ kind: 'taken', offers, holdRanOut: false });
      else setHoldError(error);
    } finally {
      setPicking(undefined);
    }
  }

  const body = () => {
    if (patients.length === 0) return <Text>{t('appointments.book.nobody')}</Text>;
    if (directory.error) return <FormError error={directory.error} title={t('appointments.book.failed')} />;
    if (!directory.data || !patient) return <Loading />;
    switch (stage.step) {
      case 'search':
        return (
          <SearchForm
            directory={directory.data}
            patients={patients}
            initial={search}
            onSearch={(next) => {
              setSearch(next);
              setNotice(undefined);
              setHoldError(undefined);
              setStage({ step: 'times' });
            }}
          />
        );
      case 'times':
        return (
          <SearchResults
            results={results}
            criteria={search.criteria}
            directory={directory.data}
            notice={notice}
            holdError={holdError}
            picking={picking}
            onPick={(time) => void pick(time)}
            onChangeSearch={() => setStage({ step: 'search' })}
          />
        );
      case 'details':
        return (
          <ConfirmDetails
            hold={stage.hold}
            directory={directory.data}
            insurance={search.criteria.insurance}
            showPatient={patients.length > 1}
            onBooked={(appointment) => setStage({ step: 'done', appointment })}
            onTaken={(offers) => backToTimes({ kind: 'taken', offers, holdRanOut: true })}
            onExpired={holdRanOut}
            onChooseAnother={() => backToTimes(undefined)}
          />
        );
      case 'done':
        return (
          <BookingDone
            appointment={stage.appointment}
            patient={patient}
            directory={directory.data}
            showPatient={patients.length > 1}
            onBookAnother={() => setStage({ step: 'search' })}
          />
        );
    }
  };

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('appointments.book.title')}</Title>
        <Text c="dimmed">{t('appointments.book.intro')}</Text>
      </div>
      {/* A patient booking for chest pain must not wait for a free time: urgent help comes first. */}
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      <NotListed patients={user.patients} />
      {patients.length > 0 && <StepList current={stage.step} />}
      {patients.length > 0 && <StepHeading step={stage.step} />}
      {body()}
    </Stack>
  );
}
