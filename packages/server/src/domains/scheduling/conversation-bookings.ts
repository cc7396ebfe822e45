import { eq } from 'drizzle-orm';
import type { Database, Orm } from '../../db/connection.ts';
import { inTenant } from '../../db/tenant-scope.ts';
import { Invalid, NotFound } from '../../errors.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { ConversationRow } from '../conversations/inbound.ts';
import { publishConversationChange } from '../conversations/live-events.ts';
import { loadConversation } from '../conversations/replies.ts';
import { addToTimeline, type ConversationEventKind } from '../conversations/timeline.ts';
import type { AppointmentChange } from './appointment-followers.ts';
import { locationOf } from './appointment-view.ts';
import type { AppointmentRow, SchedulingDependencies } from './booking.ts';
import { appointmentTypeOf } from './booking.ts';
import { findProvider, providerDisplayName } from './directory.ts';
import { appointments } from './schema.ts';

/**
 * Booking beside a conversation: an agent books "for the patient" without leaving the thread,
 * and the conversation keeps the story. Whatever later moves or cancels that appointment (the
 * desk, the portal, a reply to a reminder, the waitlist, a provider's time off), the
 * conversation it was booked from says so in its timeline, so the next agent reading it knows
 * where things stand before answering.
 */

/** The conversation an appointment is booked from: one of this organisation's, or 400 naming the field. */
export async function conversationToBookFrom(
  orm: Orm,
  organizationId: string,
  conversationId: string,
): Promise<ConversationRow> {
  const conversation = await visibleConversation(orm, organizationId, conversationId);
  if (!conversation)
    throw new Invalid('There is no such conversation to book from. Open the conversation again.', [
      { field: 'body.conversationId', message: 'must be one of the organisation’s conversations' },
    ]);
  return conversation;
}

async function visibleConversation(orm: Orm, organizationId: string, conversationId: string) {
  const conversation = await loadConversation(orm, conversationId).catch((error: unknown) => {
    if (error instanceof NotFound) return null;
    throw error;
  });
  return conversation && conversation.organizationId === organizationId ? conversation : null;
}

const timelineKinds = {
  booked: 'appointment-booked',
  rescheduled: 'appointment-rescheduled',
  cancelled: 'appointment-cancelled',
} as const satisfies Record<string, ConversationEventKind>;

/** What the timeline entry says about a visit: kind, provider, place and time (in the location's zone). */
async function visitDetails(orm: Orm, appointment: AppointmentRow) {
  // One after the other: they share the transaction's connection.
  const type = await appointmentTypeOf(orm, appointment.organizationId, appointment.appointmentTypeId);
  const provider = await findProvider(orm, appointment.organizationId, appointment.providerId);
  const location = await locationOf(orm, appointment.locationId);
  return {
    appointmentId: appointment.id,
    appointmentType: type.name,
    mode: appointment.mode,
    provider: providerDisplayName(provider),
    location: location.name,
    startsAt: appointment.startsAt.toISOString(),
    timeZone: location.timeZone,
  };
}

/**
 * The follower (see appointment-followers.ts): a booked, moved or cancelled appointment that was
 * booked from a conversation adds an entry to that conversation's timeline, in the change's own
 * transaction.
 */
export async function noteBookingInConversation(
  orm: Orm,
  _deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<void> {
  if (change.kind !== 'booked' && change.kind !== 'rescheduled' && change.kind !== 'cancelled') return;
  const { appointment } = change;
  const conversationId =
    appointment.conversationId ?? ('previous' in change ? change.previous.conversationId : null);
  if (!conversationId) return;
  const conversation = await visibleConversation(orm, appointment.organizationId, conversationId);
  if (!conversation) return;
  const details: Record<string, unknown> = await visitDetails(orm, appointment);
  if (change.kind === 'rescheduled') {
    details.previousStartsAt = change.previous.startsAt.toISOString();
    if (change.previous.providerId !== appointment.providerId)
      details.previousProvider = providerDisplayName(
        await findProvider(orm, appointment.organizationId, change.previous.providerId),
      );
  }
  if (change.kind === 'cancelled') details.cancelledBy = appointment.cancellationReason;
  // Who booked or moved it, when that was a colleague at the desk; a cancellation does not say who.
  const byStaff =
    change.kind !== 'cancelled' && appointment.bookedByType === 'staff' ? appointment.bookedById : null;
  await addToTimeline(orm, {
    organizationId: appointment.organizationId,
    conversationId: conversation.id,
    kind: timelineKinds[change.kind],
    actorStaffId: byStaff,
    details,
  });
}

/**
 * After a booking change is committed: every desk showing the conversation the appointment was
 * booked from hears that it changed, and reads its timeline again. Nothing is said for an
 * appointment booked without a conversation.
 */
export async function announceBookingChange(
  deps: { database: Database; events: EventBus },
  organizationId: string,
  appointmentId: string,
): Promise<void> {
  const conversation = await inTenant(deps.database, organizationId, async (orm) => {
    const [row] = await orm
      .select({ conversationId: appointments.conversationId })
      .from(appointments)
      .where(eq(appointments.id, appointmentId));
    return row?.conversationId ? visibleConversation(orm, organizationId, row.conversationId) : null;
  });
  if (conversation) await publishConversationChange(deps.events, conversation, 'updated');
}
