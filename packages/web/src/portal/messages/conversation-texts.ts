import type { PortalConversation, PortalPatient } from '@patientdesk/contracts';
import type { TFunction } from 'i18next';

/** The patients this person may write about: their own record, and those whose messaging they hold. */
export function messagingPatients(patients: readonly PortalPatient[]): PortalPatient[] {
  return patients.filter(
    (patient) => patient.relationship === 'self' || patient.scopes.includes('messaging'),
  );
}

/** What a thread is called: its subject, or what kind of thread it is when it has none. */
export function conversationTitle(t: TFunction, conversation: PortalConversation): string {
  if (conversation.subject) return conversation.subject;
  if (conversation.channel === 'sms' || conversation.channel === 'email')
    return t(`portalMessages.secureAnswer.${conversation.channel}`);
  return t('portalMessages.list.untitled', { number: conversation.number });
}

/**
 * The status as a patient understands it: `snoozed` is the care team's own reminder, so to the
 * patient the conversation is simply still open.
 */
export function statusKey(status: PortalConversation['status']): 'open' | 'pending' | 'resolved' {
  return status === 'snoozed' ? 'open' : status;
}
