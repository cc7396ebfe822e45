import type { ConversationChangedEvent } from '@patientdesk/contracts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { ConversationRow, InboundResult } from './inbound.ts';

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

/**
 * After an inbound message is committed: the desks hear of the new or changed conversation, and
 * for an emergency the clinicians on duty get the alert (an unassigned emergency also shows in
 * every desk's banner). A duplicate delivery changed nothing, so says nothing.
 */
export async function publishInbound(events: EventBus, result: InboundResult): Promise<void> {
  if (result.duplicate) return;
  await publishConversationChange(
    events,
    result.conversation,
    result.started === 'new' ? 'created' : 'message',
  );
  if (result.emergency && result.emergency.alertedStaffIds.length > 0)
    await events.publish(result.conversation.organizationId, {
      type: 'triage.emergency',
      conversationId: result.conversation.id,
      alertedStaffIds: result.emergency.alertedStaffIds,
      at: new Date().toISOString(),
    });
}
