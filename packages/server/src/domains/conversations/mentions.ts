import { isNull } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { staffMembers } from '../staff/schema.ts';

/**
 * `@mentions` in internal notes: `@dana.lee` (the part of an email address before the @),
 * `@DanaLee` (the display name without spaces) or `@Dana` (a first name, when only one
 * colleague has it). Mentions are found case-insensitively; unknown ones are left as text.
 */

const mentionPattern = /(?:^|[^\p{L}\p{N}._-])@([\p{L}\p{N}][\p{L}\p{N}._-]{0,63})/gu;

export function mentionTokens(text: string): string[] {
  return [...text.matchAll(mentionPattern)].map((match) => match[1]!.replace(/[._-]+$/, '').toLowerCase());
}

export async function resolveMentions(orm: Orm, text: string): Promise<string[]> {
  const tokens = mentionTokens(text);
  if (tokens.length === 0) return [];
  const staff = await orm
    .select({ id: staffMembers.id, email: staffMembers.email, displayName: staffMembers.displayName })
    .from(staffMembers)
    .where(isNull(staffMembers.disabledAt));
  const firstNames = new Map<string, string[]>();
  for (const member of staff) {
    const first = member.displayName.split(/\s+/)[0]!.toLowerCase();
    firstNames.set(first, [...(firstNames.get(first) ?? []), member.id]);
  }
  const found = new Set<string>();
  for (const token of tokens) {
    const exact = staff.find(
      (member) =>
        member.email.split('@')[0]!.toLowerCase() === token ||
        member.displayName.replace(/\s+/g, '').toLowerCase() === token,
    );
    const byFirstName = firstNames.get(token);
    const id = exact?.id ?? (byFirstName?.length === 1 ? byFirstName[0] : undefined);
    if (id) found.add(id);
  }
  return [...found];
}
