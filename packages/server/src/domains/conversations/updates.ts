import type { ConversationUpdate, IdentityCheckRequest } from '@patientdesk/contracts';
import { conversationUpdateSchema } from '@patientdesk/contracts';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { Forbidden, Invalid } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { teams } from '../organizations/schema.ts';
import { verifyIdentity } from '../patients/identity-verification.ts';
import { responseDueAt } from '../routing/sla-policy.ts';
import { staffMembers } from '../staff/schema.ts';
import type { ConversationRow } from './inbound.ts';
import { conversationAuditEvent, loadConversation } from './replies.ts';
import { contacts, conversations } from './schema.ts';
import { addToTimeline, type TimelineEntry } from './timeline.ts';

/**
 * Changing a conversation: status (open, pending on the patient, snoozed until a time,
 * resolved), priority, assignee, team, tags and intent. Each change is a timeline event with who
 * made it; a bad value changes nothing.
 */
export async function updateConversation(
  scope: ActorScope,
  conversationId: string,
  input: ConversationUpdate,
): Promise<{ before: ConversationRow; after: ConversationRow }> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff change conversations.');
  const update = conversationUpdateSchema.parse(input);
  await scope.authorize('conversation.update');
  const before = await loadConversation(orm, conversationId);
  const now = new Date();
  const changes: Partial<typeof conversations.$inferInsert> = { updatedAt: now };
  const entries: Omit<TimelineEntry, 'organizationId' | 'conversationId'>[] = [];

  if (update.status !== undefined && (update.status !== before.status || update.status === 'snoozed')) {
    if (update.status === 'snoozed') {
      const until = new Date(update.snoozedUntil!);
      if (until <= now)
        throw new Invalid('A conversation is snoozed until a time in the future.', [
          { field: 'body.snoozedUntil', message: 'must be in the future' },
        ]);
      changes.snoozedUntil = until;
    } else {
      changes.snoozedUntil = null;
    }
    changes.status = update.status;
    changes.resolvedAt = update.status === 'resolved' ? now : null;
    if (update.status === 'resolved') {
      changes.waitingSince = null;
      changes.responseDueAt = null;
    }
    entries.push({
      kind: 'status-changed',
      details: {
        from: before.status,
        to: update.status,
        ...(update.status === 'snoozed' ? { until: update.snoozedUntil } : {}),
      },
    });
  }
  if (update.priority !== undefined && update.priority !== before.priority) {
    changes.priority = update.priority;
    if (before.waitingSince) {
      const due = await responseDueAt(
        orm,
        { priority: update.priority, channel: before.channel },
        before.firstResponseAt ? 'next' : 'first',
        before.waitingSince,
      );
      changes.responseDueAt = due;
      // A new target still ahead is watched afresh: warned again before it, breached after it
      // (the earlier warning or breach stays in the timeline).
      if (due && due > now) {
        changes.slaWarnedAt = null;
        changes.slaBreachedAt = null;
      }
    }
    entries.push({ kind: 'priority-changed', details: { from: before.priority, to: update.priority } });
  }
  if (update.assigneeId !== undefined && update.assigneeId !== before.assigneeId) {
    if (update.assigneeId) {
      const [assignee] = await orm
        .select({ id: staffMembers.id, displayName: staffMembers.displayName })
        .from(staffMembers)
        .where(and(eq(staffMembers.id, update.assigneeId), isNull(staffMembers.disabledAt)));
      if (!assignee)
        throw new Invalid('There is no active staff member with that id in this organisation.', [
          { field: 'body.assigneeId', message: 'is not an active staff member' },
        ]);
      entries.push({
        kind: 'assigned',
        details: { assigneeId: assignee.id, assignee: assignee.displayName },
      });
    } else {
      entries.push({ kind: 'unassigned', details: { previousAssigneeId: before.assigneeId } });
    }
    changes.assigneeId = update.assigneeId;
  }
  if (update.teamId !== undefined && update.teamId !== before.teamId) {
    if (update.teamId) {
      const [team] = await orm.select({ name: teams.name }).from(teams).where(eq(teams.id, update.teamId));
      if (!team)
        throw new Invalid('There is no team with that id in this organisation.', [
          { field: 'body.teamId', message: 'is not a team' },
        ]);
      entries.push({ kind: 'team-changed', details: { teamId: update.teamId, team: team.name } });
    } else {
      entries.push({ kind: 'team-changed', details: { teamId: null } });
    }
    changes.teamId = update.teamId;
  }
  if (update.tags !== undefined) {
    const tags = [...new Set(update.tags)];
    if (tags.join('\n') !== before.tags.join('\n')) {
      changes.tags = tags;
      entries.push({ kind: 'tags-changed', details: { from: before.tags, to: tags } });
    }
  }
  if (update.intent !== undefined && update.intent !== before.intent) {
    changes.intent = update.intent;
    entries.push({ kind: 'intent-changed', details: { from: before.intent, to: update.intent } });
  }

  const [after] = await orm
    .update(conversations)
    .set(changes)
    .where(eq(conversations.id, conversationId))
    .returning();
  await addToTimeline(
    orm,
    ...entries.map((entry) => ({
      ...entry,
      organizationId: before.organizationId,
      conversationId,
      actorStaffId: actor.staffMemberId,
    })),
  );
  scope.record(
    conversationAuditEvent(before, 'conversation.update', { changed: entries.map((entry) => entry.kind) }),
  );
  return { before, after: after! };
}

/**
 * "Verify identity" from a conversation: the contact tells two identifiers of the patient they
 * say they are (or write for), the server compares them with the record, and on success the
 * conversation is linked to the patient and the record shows beside it. The contact becomes that
 * patient's contact (a phone match is only a guess; a verification is not); a proxy stays a proxy.
 */
export async function verifyConversationIdentity(
  scope: ActorScope,
  conversationId: string,
  patientId: string,
  check: Omit<IdentityCheckRequest, 'conversationId'>,
): Promise<ConversationRow> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff verify a contact’s identity.');
  const conversation = await loadConversation(orm, conversationId);
  if (conversation.status === 'resolved')
    throw new Invalid(
      'This conversation is resolved; verify the contact in the conversation they write in now.',
    );
  const verification = await verifyIdentity(scope, patientId, { ...check, conversationId });
  const [updated] = await orm
    .update(conversations)
    .set({ patientId, identityVerificationId: verification.id, updatedAt: new Date() })
    .where(eq(conversations.id, conversationId))
    .returning();
  await orm
    .update(contacts)
    .set({ kind: 'patient', patientId, updatedAt: new Date() })
    .where(and(eq(contacts.id, conversation.contactId), ne(contacts.kind, 'proxy')));
  await addToTimeline(orm, {
    organizationId: conversation.organizationId,
    conversationId,
    kind: 'identity-verified',
    actorStaffId: actor.staffMemberId,
    details: { patientId, identifiers: verification.identifiers, method: verification.method },
  });
  return updated!;
}
