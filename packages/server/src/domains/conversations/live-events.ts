import type { ConversationChangedEvent } from '@patientdesk/contracts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { ConversationRow } from './inbound.ts';

/**
 * Tells every desk of the organisation that a conversation changed (over every server process,
 * see event-bus.ts). Only ids and states travel; screens fetch the content through the API,
 * where access is checked and audited. Sent after the change is committed, never before.
 */
export function publishConversationChange(
  events: EventBus,
  conversation: ConversationRow,
  change: ConversationChangedEvent['change'],
  extra: Pick<ConversationChangedEvent, 'mentions' | 'typing'> = {},
): Promise<void> {
  return events.publish(conversation.organizationId, {
    type: 'conversation.changed',
    conversationId: conversation.id,
    change,
    priority: conversation.priority,
    status: conversation.status,
    assigneeId: conversation.assigneeId,
    teamId: conversation.teamId,
    contactId: conversation.contactId,
    ...extra,
    at: new Date().toISOString(),
  });
}
