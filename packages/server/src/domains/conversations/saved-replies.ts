import type {
  NewSavedReply,
  RenderedSavedReply,
  SavedReply,
  SavedReplyListQuery,
  SavedReplyUpdate,
} from '@patientdesk/contracts';
import {
  newSavedReplySchema,
  savedReplyListQuerySchema,
  savedReplyUpdateSchema,
} from '@patientdesk/contracts';
import { and, asc, eq, ilike, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Conflict, Forbidden, NotFound, SavedReplyMissingValues } from '../../errors.ts';
import type { StaffActor } from '../access/actor.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { identityVerifications } from '../patients/schema.ts';
import { isIdentityVerified } from './queries.ts';
import { conversationAuditEvent, loadConversation } from './replies.ts';
import {
  checkTemplate,
  renderTemplate,
  type TemplateVariable,
  templateVariables,
} from './saved-reply-template.ts';
import { templateValuesFor } from './saved-reply-values.ts';
import { savedReplies } from './schema.ts';

/**
 * Saved replies: shared ones (no owner) that supervisors keep for the whole clinic, and personal
 * ones each agent keeps for themselves. A personal reply is its owner's alone: a colleague can
 * neither see nor change it. Templates are checked when saved and filled per conversation.
 */

type SavedReplyRow = typeof savedReplies.$inferSelect;

const describe = (row: SavedReplyRow): SavedReply => ({
  id: row.id,
  title: row.title,
  body: row.body,
  language: row.language,
  shortcut: row.shortcut,
  shared: row.ownerStaffId === null,
  ownerId: row.ownerStaffId,
});

function staffOf(scope: ActorScope): StaffActor {
  if (scope.actor.kind !== 'staff') throw new Forbidden('Saved replies are for clinic staff.');
  return scope.actor;
}

/** `%` and `_` typed by a person are letters, not wildcards. */
const literalPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Which replies a staff member may use: the shared ones and their own. */
const visibleTo = (staffMemberId: string) =>
  or(isNull(savedReplies.ownerStaffId), eq(savedReplies.ownerStaffId, staffMemberId));

/** The shared replies and the caller's own, optionally by language and words, by title. */
export async function listSavedReplies(
  orm: Orm,
  viewer: { staffMemberId: string },
  query: SavedReplyListQuery,
): Promise<SavedReply[]> {
  const { q, language } = savedReplyListQuerySchema.parse(query);
  const conditions: (SQL | undefined)[] = [visibleTo(viewer.staffMemberId)];
  if (language) conditions.push(eq(savedReplies.language, language));
  if (q) {
    const pattern = literalPattern(q);
    conditions.push(
      or(
        ilike(savedReplies.title, pattern),
        ilike(savedReplies.body, pattern),
        ilike(savedReplies.shortcut, pattern),
      ),
    );
  }
  const rows = await orm
    .select()
    .from(savedReplies)
    .where(and(...conditions))
    .orderBy(asc(savedReplies.title), asc(savedReplies.id));
  return rows.map(describe);
}

/** A reply the caller may see, or 404 (another's personal reply does not exist for them). */
async function visibleReply(orm: Orm, staffMemberId: string, id: string): Promise<SavedReplyRow> {
  const [row] = await orm
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.id, id), visibleTo(staffMemberId)));
  if (!row) throw new NotFound('There is no such saved reply among yours and the shared ones.');
  return row;
}

/** Changing a shared reply changes it for everyone, so it takes the permission to manage them. */
async function authorizeChange(scope: ActorScope, row: { ownerStaffId: string | null }) {
  if (row.ownerStaffId === null) await scope.authorize('saved-replies.manage-shared');
  else await scope.authorize('conversation.reply');
}

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' ||
  (error as { cause?: { code?: string } }).cause?.code === '23505';

const shortcutTaken = (shortcut: string, shared: boolean) =>
  new Conflict(
    `The shortcut "/${shortcut}" is already used by ${shared ? 'another shared reply' : 'another of your replies'}. Choose another shortcut.`,
    [{ field: 'body.shortcut', message: 'already in use' }],
  );

/** Refuses a shortcut another reply of the same owner (or of the shared ones) already has. */
async function checkShortcutFree(
  orm: Orm,
  owner: string | null,
  shortcut: string | null | undefined,
  exceptId?: string,
) {
  if (!shortcut) return;
  const [clash] = await orm
    .select({ id: savedReplies.id })
    .from(savedReplies)
    .where(
      and(
        owner === null ? isNull(savedReplies.ownerStaffId) : eq(savedReplies.ownerStaffId, owner),
        eq(savedReplies.shortcut, shortcut),
        exceptId ? ne(savedReplies.id, exceptId) : undefined,
      ),
    );
  if (clash) throw shortcutTaken(shortcut, owner === null);
}

/** Stores a row, turning a shortcut clash that slipped past the check (a race) into the same 409. */
async function withShortcutGuard<T>(
  shortcut: string | null | undefined,
  shared: boolean,
  work: () => Promise<T>,
) {
  try {
    return await work();
  } catch (error) {
    if (shortcut && isUniqueViolation(error)) throw shortcutTaken(shortcut, shared);
    throw error;
  }
}

/** Saves a new reply: personal for anyone who answers, shared only with the permission. */
export async function createSavedReply(scope: ActorScope, input: NewSavedReply): Promise<SavedReply> {
  const actor = staffOf(scope);
  const reply = newSavedReplySchema.parse(input);
  const owner = reply.shared ? null : actor.staffMemberId;
  await authorizeChange(scope, { ownerStaffId: owner });
  checkTemplate(reply.body);
  await checkShortcutFree(scope.orm, owner, reply.shortcut);
  const [row] = await withShortcutGuard(reply.shortcut, reply.shared, () =>
    scope.orm
      .insert(savedReplies)
      .values({
        organizationId: actor.organizationId,
        ownerStaffId: owner,
        title: reply.title,
        body: reply.body,
        language: reply.language,
        shortcut: reply.shortcut ?? null,
      })
      .returning(),
  );
  return describe(row!);
}

/** Changes one of the caller's own replies, or a shared one with the permission. */
export async function updateSavedReply(
  scope: ActorScope,
  id: string,
  input: SavedReplyUpdate,
): Promise<SavedReply> {
  const actor = staffOf(scope);
  const update = savedReplyUpdateSchema.parse(input);
  const row = await visibleReply(scope.orm, actor.staffMemberId, id);
  await authorizeChange(scope, row);
  if (update.body !== undefined) checkTemplate(update.body);
  await checkShortcutFree(scope.orm, row.ownerStaffId, update.shortcut, row.id);
  const [updated] = await withShortcutGuard(update.shortcut, row.ownerStaffId === null, () =>
    scope.orm
      .update(savedReplies)
      .set({ ...update, updatedAt: new Date() })
      .where(eq(savedReplies.id, row.id))
      .returning(),
  );
  return describe(updated!);
}

/** Deletes one of the caller's own replies, or a shared one with the permission. */
export async function deleteSavedReply(scope: ActorScope, id: string): Promise<void> {
  const actor = staffOf(scope);
  const row = await visibleReply(scope.orm, actor.staffMemberId, id);
  await authorizeChange(scope, row);
  await scope.orm.delete(savedReplies).where(eq(savedReplies.id, row.id));
}

/**
 * Fills a saved reply for one conversation. The patient's name goes in only once the contact's
 * identity is verified: in an unverified chat the person may not be the patient the phone or
 * email matched, so those variables count as missing. Any missing value refuses the whole reply
 * (422 naming them) rather than sending "Hi ,".
 */
export async function renderSavedReply(
  scope: ActorScope,
  deps: { publicUrl: string },
  conversationId: string,
  savedReplyId: string,
): Promise<RenderedSavedReply> {
  const actor = staffOf(scope);
  await scope.authorize('conversation.reply');
  const conversation = await loadConversation(scope.orm, conversationId);
  const reply = await visibleReply(scope.orm, actor.staffMemberId, savedReplyId);
  const used = checkTemplate(reply.body);

  const [verification] = conversation.identityVerificationId
    ? await scope.orm
        .select({ until: identityVerifications.expiresAt, patientId: identityVerifications.patientId })
        .from(identityVerifications)
        .where(eq(identityVerifications.id, conversation.identityVerificationId))
    : [];
  const verified = isIdentityVerified(conversation, verification ?? { until: null, patientId: null });
  const values = await templateValuesFor(scope.orm, {
    conversation,
    agentName: actor.displayName,
    publicUrl: deps.publicUrl,
    patientId: verified ? conversation.patientId : null,
    needs: used,
  });

  const missing = used.filter((name) => !values[name]?.trim());
  if (missing.length > 0)
    throw new SavedReplyMissingValues(
      `This reply needs ${missing.map((name) => templateVariables[name]).join(' and ')}, which this conversation does not have${
        missing.some((name) => name.startsWith('patient.')) && !verified
          ? ' (the patient’s name is filled in only after you verify the contact’s identity)'
          : ''
      }. Verify the contact, choose another reply, or write the text yourself.`,
      missing.map((name) => ({ field: `template.${name}`, message: templateVariables[name] })),
    );

  const patientRead = used.some((name: TemplateVariable) => name.startsWith('patient.'));
  scope.record(
    conversationAuditEvent(conversation, 'conversation.saved-reply.render', {
      savedReplyId: reply.id,
      patientDetailsFilled: patientRead,
    }),
  );
  return { body: renderTemplate(reply.body, values), missing: [] };
}
