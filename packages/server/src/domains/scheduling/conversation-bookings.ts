import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Database, Orm } from '../../db/connection.ts';
import { inTenant } from '../../db/tenant-scope.ts';
import { Invalid, NotFound } from '../../errors.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { ConversationRow } from '../conversations/inbound.ts';
import { publishConversationChange } from '../conversations/live-events.ts';
import { loadConversation } from '../conversations/replies.ts';
import { contacts } from '../conversations/schema.ts';
import { addToTimeline, type ConversationEventKind } from '../conversations/timeline.ts';
import { scopesAfterAgeRules } from '../identity/portal-access.ts';
import { organizations } from '../organizations/schema.ts';
import { patients, proxyAuthorizations } from '../patients/schema.ts';
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

/**
 * The conversation an appointment for `patientId` is booked from: one of this organisation's,
 * linked to that patient or written by someone who acts for them (a parent writing about a
 * child), or 400 naming the field. Any other conversation would show this patient's booking in
 * another person's timeline.
 */
export async function conversationToBookFrom(
  orm: Orm,
  organizationId: string,
  conversationId: string,
  patientId: string,
  today = new Date(),
): Promise<ConversationRow> {
  const conversation = await visibleConversation(orm, organizationId, conversationId);
  if (!conversation)
    throw new Invalid('There is no such conversation to book from. Open the conversation again.', [
      { field: 'body.conversationId', message: 'must be one of the organisation’s conversations' },
    ]);
  if (conversation.patientId === patientId) return conversation;
  const writer = await proxyWriting(orm, conversation.contactId);
  if (writer && (await actsFor(orm, writer, patientId, today))) return conversation;
  if (!conversation.patientId && !writer)
    throw new Invalid(
      'This conversation is not linked to a patient yet, so nothing can be booked from it. Link the conversation to the patient first (verify who is writing), then book.',
      [{ field: 'body.conversationId', message: 'must be linked to the patient first' }],
    );
  throw new Invalid(
    'This conversation is with someone else: it is not linked to this patient or to someone who acts for them. Book from the patient’s own conversation, or link this one to the patient first.',
    [
      {
        field: 'body.conversationId',
        message: 'must be a conversation with the patient or with someone who acts for them',
      },
    ],
  );
}

/** The proxy writing in a conversation (its contact is a known proxy), if it is one. */
async function proxyWriting(orm: Orm, contactId: string): Promise<string | null> {
  const [contact] = await orm
    .select({ proxyId: contacts.proxyId })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  return contact?.proxyId ?? null;
}

/**
 * Whether the proxy still acts for the patient in booking: an authorisation that has not expired
 * and, after the clinic's age rules (a parent's access ends when the child comes of age), still
 * covers scheduling, as it would for booking in the portal.
 */
async function actsFor(orm: Orm, proxyId: string, patientId: string, today: Date): Promise<boolean> {
  const [grant] = await orm
    .select({
      scopes: proxyAuthorizations.scopes,
      relationship: proxyAuthorizations.relationship,
      birthDate: patients.birthDate,
      adolescentAge: organizations.proxyAdolescentAge,
      adultAge: organizations.proxyAdultAge,
    })
    .from(proxyAuthorizations)
    .innerJoin(patients, eq(patients.id, proxyAuthorizations.patientId))
    .innerJoin(organizations, eq(organizations.id, patients.organizationId))
    .where(
      and(
        eq(proxyAuthorizations.proxyId, proxyId),
        eq(proxyAuthorizations.patientId, patientId),
        or(isNull(proxyAuthorizations.expiresAt), gt(proxyAuthorizations.expiresAt, today)),
      ),
    );
  if (!grant) return false;
  return scopesAfterAgeRules(grant.scopes, grant.relationship, grant.birthDate, grant, today).includes(
    'scheduling',
  );
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
