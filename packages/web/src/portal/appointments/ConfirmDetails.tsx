import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { Appointment, BookedAppointment, FreeTime, SchedulingDirectory } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { cancelVisit, confirmHeldTime, timeTakenOffers } from './booking-api.ts';
import { HoldCountdown } from './HoldCountdown.tsx';
import { useDirectoryNames } from './use-directory.ts';
import { VisitDetails } from './VisitDetails.tsx';

interface ConfirmDetailsProps {
  hold: Appointment;
  directory: SchedulingDirectory;
  /** The insurance payer the patient searched with, if any. */
  insurance: string | undefined;
  showPatient: boolean;
  onBooked(appointment: BookedAppointment): void;
  /** The hold ran out and someone else booked the time: these are the next free ones. */
  onTaken(offers: FreeTime[]): void;
  onExpired(): void;
  onChooseAnother(): void;
}

/** Answers with text only: an empty box is no answer (the server then says which are needed). */
const answered = (answers: Record<string, string>) =>
  Object.fromEntries(Object.entries(answers).filter(([, answer]) => answer.trim() !== ''));

/**
 * The third step: the held time with a countdown, the reason for the visit, the questions of
 * this kind of visit, the insurance, how to prepare; then "Confirm booking".
 */
export function ConfirmDetails({
  hold,
  directory,
  insurance,
  showPatient,
  onBooked,
  onTaken,
  onExpired,
  onChooseAnother,
}: ConfirmDetailsProps) {
  const { t } = useTranslation();
  const names = useDirectoryNames(directory);
  const type = directory.appointmentTypes.find((candidate) => candidate.id === hold.appointmentType.id);
  const questions = type?.intakeQuestions ?? [];
  const preparation = type?.preparation || hold.appointmentType.preparation;
  const [reason, setReason] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [leaving, setLeaving] = useState(false);
  const confirming = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, confirming.error);
  const fields = ['body.reason', ...questions.map((question) => `body.intakeAnswers.${question.id}`)];

  async function confirm(event: FormEvent) {
    event.preventDefault();
    await confirming.submit(async () => {
      try {
        const booked = await confirmHeldTime(hold.id, {
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          intakeAnswers: answered(answers),
        });
        onBooked(booked);
      } catch (error) {
        const offers = timeTakenOffers(error);
        if (!offers) throw error;
        onTaken(offers);
      }
    });
  }

  async function chooseAnother() {
    setLeaving(true);
    // Letting the hold go frees the time for others at once; if that call fails, the hold still
    // runs out by itself in a few minutes, and the patient's next hold replaces it anyway.
    await cancelVisit(hold.id).catch(() => undefined);
    onChooseAnother();
  }

  return (
    <Stack gap="md">
      {hold.holdExpiresAt && <HoldCountdown expiresAt={hold.holdExpiresAt} onExpired={onExpired} />}
      <Card withBorder padding="lg" component="section" aria-labelledby="held-visit-heading">
        <Stack gap="sm">
          <Title order={3} size="h4" id="held-visit-heading">
            {t('appointments.confirm.visit')}
          </Title>
          <VisitDetails appointment={hold} type={type} showPatient={showPatient} />
        </Stack>
      </Card>
      <form ref={form} onSubmit={confirm} noValidate>
        <Stack gap="md">
          <FormError
            error={formLevelError(confirming.error, fields)}
            title={t('appointments.confirm.failed')}
          />
          <Textarea
            label={t('appointments.confirm.reason')}
            description={t('appointments.confirm.reasonHint')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={1000}
            error={fieldError(confirming.error, 'body.reason')}
          />
          {questions.map((question) => (
            <Textarea
              key={question.id}
              label={question.text}
              withAsterisk={question.required}
              required={question.required}
              value={answers[question.id] ?? ''}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setAnswers((current) => ({ ...current, [question.id]: text }));
              }}
              autosize
              minRows={2}
              maxLength={2000}
              error={fieldError(confirming.error, `body.intakeAnswers.${question.id}`)}
            />
          ))}
          <Stack gap={4} component="section" aria-labelledby="insurance-heading">
            <Title order={3} size="h5" id="insurance-heading">
              {t('appointments.confirm.insurance')}
            </Title>
            <Text size="sm">
              {insurance
                ? t('appointments.confirm.insuranceChosen', { insurance: names.payer(insurance) })
                : t('appointments.confirm.insuranceNone')}
            </Text>
          </Stack>
          {preparation && (
            <Stack gap={4} component="section" aria-labelledby="preparation-heading">
              <Title order={3} size="h5" id="preparation-heading">
                {t('appointments.details.preparation')}
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                {preparation}
              </Text>
            </Stack>
          )}
          <Group justify="space-between">
            <Button
              variant="default"
              onClick={() => void chooseAnother()}
              loading={leaving}
              disabled={confirming.busy}
            >
              {t('appointments.confirm.chooseAnother')}
            </Button>
            <Button type="submit" size="md" loading={confirming.busy} disabled={leaving}>
              {t('appointments.confirm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
