import type { ConversationSummary } from '@patientdesk/contracts';

/** How long a contact has waited, in the units a person reads at a glance ("4 min", "2 h 5 min"). */
export type WaitLength =
  | { unit: 'underMinute' }
  | { unit: 'minutes'; minutes: number }
  | { unit: 'hours'; hours: number; minutes: number }
  | { unit: 'days'; days: number; hours: number };

const minuteMs = 60_000;

/** The wait from `since` (an instant from the API) to `now` (ms since the epoch). */
export function waitLength(since: string, now: number): WaitLength {
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / minuteMs));
  if (minutes < 1) return { unit: 'underMinute' };
  if (minutes < 60) return { unit: 'minutes', minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: 'hours', hours, minutes: minutes % 60 };
  return { unit: 'days', days: Math.floor(hours / 24), hours: hours % 24 };
}

/** How close to its response target a conversation is. */
export type SlaState =
  | { state: 'breached'; since: string }
  | { state: 'dueSoon'; dueAt: string; minutes: number }
  | { state: 'onTrack'; dueAt: string };

/** Within this many minutes of its due time a conversation is flagged, so it is answered in time. */
export const dueSoonMinutes = 15;

/**
 * Where a conversation stands against its SLA: breached (the server said so, or the due time
 * passed since the last refresh), due soon, or on track; nothing when no answer is due.
 */
export function slaStateOf(
  conversation: Pick<ConversationSummary, 'responseDueAt' | 'slaBreachedAt' | 'status' | 'waitingSince'>,
  now: number,
): SlaState | undefined {
  if (conversation.status === 'resolved' || !conversation.waitingSince) return undefined;
  if (conversation.slaBreachedAt) return { state: 'breached', since: conversation.slaBreachedAt };
  if (!conversation.responseDueAt) return undefined;
  const left = Date.parse(conversation.responseDueAt) - now;
  if (left <= 0) return { state: 'breached', since: conversation.responseDueAt };
  if (left <= dueSoonMinutes * minuteMs)
    return { state: 'dueSoon', dueAt: conversation.responseDueAt, minutes: Math.ceil(left / minuteMs) };
  return { state: 'onTrack', dueAt: conversation.responseDueAt };
}
