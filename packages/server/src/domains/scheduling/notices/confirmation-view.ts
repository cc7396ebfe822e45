import type { AppointmentConfirmation } from '@patientdesk/contracts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { reportOfChange } from '../appointment-followers.ts';
import type { AppointmentRow } from '../booking.ts';
import type { AppointmentNoticeOutcome } from './confirmations.ts';
import type { Reach } from './patient-reach.ts';

/**
 * "We sent a confirmation to …", as the server knows it: the channel the notice really went by
 * (after STOP, a revoked consent or a channel that refused it) and enough of the address for the
 * person to recognise it, never the whole of it (the answer may be read over a shoulder).
 */

const hidden = '•••';

/** "•••• 0123" for a number, "m•••@example.com" for an email address. */
export function maskedAddress(way: Reach): string {
  if (way.channel === 'sms') return `${hidden}• ${way.address.replace(/\D/g, '').slice(-4)}`;
  const at = way.address.lastIndexOf('@');
  return `${way.address.slice(0, 1)}${hidden}${way.address.slice(at)}`;
}

/** The outcome of a notice for the answer, with the address only for those who may read the patient's contact details. */
function confirmationOf(
  outcome: AppointmentNoticeOutcome | undefined,
  showsAddress: boolean,
): AppointmentConfirmation | null {
  if (!outcome) return null;
  if ('failed' in outcome) return { status: 'not-sent', reason: outcome.reason };
  return {
    status: 'sent',
    channel: outcome.sent.channel,
    to: showsAddress ? maskedAddress(outcome.sent) : null,
  };
}

/**
 * Where the patient was told of the booking or move that returned `appointment`, for the person
 * who made it. The address is the patient's contact detail: shown (masked) only to those who may
 * read it, staff who may read the record and portal users with the `records` scope.
 */
export async function confirmationFor(
  scope: ActorScope,
  appointment: AppointmentRow,
): Promise<AppointmentConfirmation | null> {
  const showsAddress = await scope.allows(
    scope.actor.kind === 'staff' ? 'patient.read' : 'portal.profile.read',
    { patientId: appointment.patientId },
  );
  return confirmationOf(reportOfChange(appointment).notice, showsAddress);
}
