import type { Orm } from '../../db/connection.ts';
import { conversationEvents } from './schema.ts';

/** What the timeline of a conversation shows besides messages. */
export type ConversationEventKind =
  | 'created'
  | 'reopened'
  | 'status-changed'
  | 'priority-changed'
  | 'assigned'
  | 'unassigned'
  | 'team-changed'
  | 'tags-changed'
  | 'intent-changed'
  | 'identity-verified'
  | 'patient-linked'
  | 'opted-out'
  | 'opted-in'
  | 'reply-held'
  | 'delivery-failed'
  | 'sla-warning'
  | 'sla-breach'
  | 'snooze-ended'
  | 'merged'
  | 'triaged'
  | 'emergency-response'
  | 'distress'
  | 'triage-corrected'
  | 'assistant-answered'
  | 'assistant-handed-over'
  | 'assistant-not-found'
  | 'appointment-booked'
  | 'appointment-rescheduled'
  | 'appointment-cancelled';

export interface TimelineEntry {
  organizationId: string;
  conversationId: string;
  kind: ConversationEventKind;
  actorStaffId?: string | null;
  details?: Record<string, unknown>;
}

export async function addToTimeline(orm: Orm, ...entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await orm.insert(conversationEvents).values(
    entries.map((entry) => ({
      organizationId: entry.organizationId,
      conversationId: entry.conversationId,
      kind: entry.kind,
      actorStaffId: entry.actorStaffId ?? null,
      details: entry.details ?? {},
    })),
  );
}
