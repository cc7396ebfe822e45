import { Alert, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type {
  Appointment,
  AppointmentConfirmation,
  BookedAppointment,
  FreeTime,
  SchedulingDirectory,
} from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { BookingFinder } from './BookingFinder.tsx';
import type { BookingFilters, UnlistedPayer } from './booking-defaults.ts';
import { nextFreeTimesOf, TimeTakenNotice } from './FreeTimeChoices.tsx';
import { visitDateTime, visitTime } from './visit-time.ts';

type Step =
  | { name: 'find' }
  | { name: 'details'; hold: Appointment }
  | { name: 'booked'; appointment: BookedAppointment };

/** "Follow-up visit with Dr. Ana Ruiz, MD, Tue, Mar 10, 10:00 AM EDT, Main Street Clinic" */
function useVisitWords() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return (appointment: Appointment) =>
    t('booking.flow.visit', {
      type: appointment.appointmentType.name,
      provider: appointment.provider.displayName,
      when: visitDateTime(appointment.startsAt, appointment.timeZone, language),
      place:
        appointment.appointmentType.mode === 'telehealth'
          ? t('booking.flow.byVideo')
          : appointment.location.name,
    });
}

/** Where the server sent the patient's confirmation, or why it sent none (then the reply must say it). */
function ConfirmationTold({ confirmation }: { confirmation: AppointmentConfirmation | null }) {
  const { t } = useTranslation();
  if (!confirmation) return null;
  return (
    <Text size="sm">
      {confirmation.status === 'not-sent'
        ? t(`booking.flow.told.notSent.${confirmation.reason}`)
        : confirmation.to
          ? t(`booking.flow.told.sent.${confirmation.channel}`, { to: confirmation.to })
          : t(`booking.flow.told.sentHidden.${confirmation.channel}`)}
    </Text>
  );
}

/** The held time: the reason for the visit and its questions, then "Book". */
function HeldVisit({
  hold,
  directory,
  busy,
  error,
  onConfirm,
  onRelease,
}: {
  hold: Appointment;
  directory: SchedulingDirectory;
  busy: boolean;
  error: unknown;
  onConfirm(details: { reason?: string; intakeAnswers: Record<string, string> }): void;
  onRelease(): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const visitWords = useVisitWords();
  const questions =
    directory.appointmentTypes.find((type) => type.id === hold.appointmentType.id)?.intakeQuestions ?? [];
  const [reason, setReason] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const fields = ['body.reason', ...questions.map((question) => `body.intakeAnswers.${question.id}`)];

  function submit(event: FormEvent) {
    event.preventDefault();
    const intakeAnswers = Object.fromEntries(
      Object.entries(answers).filter(([, answer]) => answer.trim() !== ''),
    );
    onConfirm({ ...(reason.trim() ? { reason: reason.trim() } : {}), intakeAnswers });
  }

  return (
    <form ref={form} onSubmit={submit} aria-label={t('booking.flow.detailsLabel')}>
      <Stack gap="sm">
        <Alert color="blue" variant="light" title={t('booking.flow.held')}>
          <Text size="sm">{visitWords(hold)}</Text>
          {hold.holdExpiresAt && (
            <Text size="xs">
              {t('booking.flow.heldUntil', { time: visitTime(hold.holdExpiresAt, hold.timeZone, language) })}
            </Text>
          )}
        </Alert>
        <Textarea
          label={t('booking.flow.reason')}
          description={t('booking.flow.reasonHint')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={2}
          error={fieldError(error, 'body.reason')}
        />
        {questions.map((question) => (
          <Textarea
            key={question.id}
            label={question.text}
            required={question.required}
            value={answers[question.id] ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setAnswers((current) => ({ ...current, [question.id]: value }));
            }}
            maxLength={2000}
            autosize
            minRows={1}
            error={fieldError(error, `body.intakeAnswers.${question.id}`)}
          />
        ))}
        <FormError error={formLevelError(error, fields)} title={t('booking.flow.failed')} />
        <Group gap="xs">
          <Button type="submit" loading={busy}>
            {t('booking.flow.book')}
          </Button>
          <Button variant="default" onClick={onRelease} disabled={busy}>
            {t('booking.flow.another')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Booking for a patient, step by step: find a time, hold it (nobody else can take it while the
 * details are asked), give the reason and the visit's questions, book. A time someone took a
 * moment earlier is answered with the next free times, to choose from at once.
 */
export function BookingFlow({
  patientId,
  directory,
  initialFilters,
  unlistedPayer,
  conversationId,
  onBooked,
  onInsertSummary,
}: {
  patientId: string;
  directory: SchedulingDirectory;
  initialFilters: BookingFilters;
  unlistedPayer: UnlistedPayer | null;
  /** The conversation the agent books from: the booking shows in its timeline. */
  conversationId?: string;
  onBooked(appointment: Appointment): void;
  /** Offers to put the day, time and place into the reply (beside a conversation). */
  onInsertSummary?(appointment: Appointment): void;
}) {
  const { t } = useTranslation();
  const visitWords = useVisitWords();
  const [filters, setFilters] = useState(initialFilters);
  const [step, setStep] = useState<Step>({ name: 'find' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [inserted, setInserted] = useState(false);
  // A time still held when the agent closes the panel or opens another conversation is let go at
  // once, rather than kept from other patients until the hold runs out.
  const heldNow = useRef<string>(undefined);
  useEffect(() => {
    heldNow.current = step.name === 'details' ? step.hold.id : undefined;
  }, [step]);
  useEffect(
    () => () => {
      if (heldNow.current)
        void callApi('POST', `/api/appointments/${heldNow.current}/cancel`, {}).catch(() => undefined);
    },
    [],
  );

  async function hold(time: FreeTime) {
    setBusy(true);
    setError(undefined);
    try {
      const held = await callApi<Appointment>('POST', '/api/appointments/holds', {
        patientId,
        providerId: time.providerId,
        locationId: time.locationId,
        appointmentTypeId: time.appointmentTypeId,
        startsAt: time.startsAt,
        ...(conversationId ? { conversationId } : {}),
      });
      setStep({ name: 'details', hold: held });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(
    hold: Appointment,
    details: { reason?: string; intakeAnswers: Record<string, string> },
  ) {
    setBusy(true);
    setError(undefined);
    try {
      const booked = await callApi<BookedAppointment>(
        'POST',
        `/api/appointments/${hold.id}/confirm`,
        details,
      );
      setStep({ name: 'booked', appointment: booked });
      setInserted(false);
      onBooked(booked);
    } catch (caught) {
      setError(caught);
      // The hold ran out and someone took the time: back to choosing, with the next free times.
      if (nextFreeTimesOf(caught)) setStep({ name: 'find' });
    } finally {
      setBusy(false);
    }
  }

  async function release(hold: Appointment) {
    setBusy(true);
    setError(undefined);
    // Letting the hold go frees the time for others; if it already ran out there is nothing to free.
    await callApi('POST', `/api/appointments/${hold.id}/cancel`, {}).catch(() => undefined);
    setBusy(false);
    setStep({ name: 'find' });
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="booking-flow-heading">
      <Title order={3} size="h6" id="booking-flow-heading">
        {t('booking.flow.title')}
      </Title>
      {step.name === 'booked' ? (
        <Stack gap="xs" align="flex-start">
          <Alert color="green" variant="light" role="status" title={t('booking.flow.booked')} w="100%">
            {visitWords(step.appointment)}
            <ConfirmationTold confirmation={step.appointment.confirmation} />
          </Alert>
          <Group gap="xs">
            {onInsertSummary && (
              <Button
                size="compact-sm"
                onClick={() => {
                  onInsertSummary(step.appointment);
                  setInserted(true);
                }}
                disabled={inserted}
              >
                {inserted ? t('booking.flow.inserted') : t('booking.flow.insert')}
              </Button>
            )}
            <Button size="compact-sm" variant="default" onClick={() => setStep({ name: 'find' })}>
              {t('booking.flow.bookAnother')}
            </Button>
          </Group>
        </Stack>
      ) : step.name === 'details' ? (
        <HeldVisit
          hold={step.hold}
          directory={directory}
          busy={busy}
          error={error}
          onConfirm={(details) => void confirm(step.hold, details)}
          onRelease={() => void release(step.hold)}
        />
      ) : (
        <>
          <TimeTakenNotice
            error={error}
            directory={directory}
            disabled={busy}
            onChoose={(time) => void hold(time)}
          />
          {!nextFreeTimesOf(error) && <FormError error={error} title={t('booking.flow.holdFailed')} />}
          <BookingFinder
            directory={directory}
            filters={filters}
            onFiltersChange={setFilters}
            unlistedPayer={unlistedPayer}
            clearedFilters={{
              ...filters,
              providerId: '',
              specialty: '',
              language: '',
              insurance: '',
            }}
            disabled={busy}
            onChoose={(time) => void hold(time)}
          />
        </>
      )}
    </Stack>
  );
}
