import type { AppointmentConfirmation, BookedAppointment } from '@patientdesk/contracts';
import type { TFunction } from 'i18next';

/**
 * "We sent a confirmation by text message to •••• 0123.": the server's own answer of where the
 * notice went (after STOP, a revoked consent or a channel that refused it), in the reader's
 * words; the page does not guess it again from the profile.
 */
export function confirmationWords(
  t: TFunction,
  confirmation: AppointmentConfirmation,
  patientName: string,
): string {
  if (confirmation.status === 'not-sent')
    return t(`appointments.confirmation.notSent.${confirmation.reason}`);
  return confirmation.to
    ? t(`appointments.confirmation.sent.${confirmation.channel}`, { to: confirmation.to })
    : t(`appointments.confirmation.sentToPatient.${confirmation.channel}`, { name: patientName });
}

/** "Your visit is moved to …", then where the patient was told of the move. */
export function movedWords(t: TFunction, moved: BookedAppointment, when: string): string {
  const moving = t('appointments.list.moved', { when });
  return moved.confirmation
    ? `${moving} ${confirmationWords(t, moved.confirmation, moved.patient.displayName)}`
    : moving;
}
