import type { InboxColleague, SavedReply } from '@patientdesk/contracts';

/**
 * What the agent is typing right before the cursor that the composer can complete: `@dan` (a
 * colleague to mention in a note) or `/hou` (a saved reply by its shortcut). A trigger counts
 * at the start of the text or after a space, so an email address or a link is left alone.
 */
export interface ActiveToken {
  trigger: '@' | '/';
  query: string;
  start: number;
  end: number;
}

const tokenBeforeCaret = /(^|\s)([@/])([\p{L}\p{N}._-]{0,40})$/u;

export function activeToken(text: string, caret: number): ActiveToken | undefined {
  const match = tokenBeforeCaret.exec(text.slice(0, caret));
  if (!match) return undefined;
  const query = match[3]!;
  return { trigger: match[2] as '@' | '/', query, start: caret - query.length - 1, end: caret };
}

/** The text with the token replaced, and where the cursor goes (after the replacement). */
export function replaceToken(
  text: string,
  token: Pick<ActiveToken, 'start' | 'end'>,
  replacement: string,
): { text: string; caret: number } {
  return {
    text: text.slice(0, token.start) + replacement + text.slice(token.end),
    caret: token.start + replacement.length,
  };
}

/** Lower case without accents, so "jose" finds "José". */
const folded = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Colleagues whose mention name, or any word of whose name, starts with what was typed. */
export function colleaguesMatching(staff: InboxColleague[], query: string, limit = 8): InboxColleague[] {
  const typed = folded(query);
  return staff
    .filter(
      (member) =>
        folded(member.mentionName).startsWith(typed) ||
        folded(member.displayName)
          .split(/\s+/)
          .some((word) => word.startsWith(typed)) ||
        folded(member.displayName.replace(/\s+/g, '')).startsWith(typed),
    )
    .slice(0, limit);
}

/** Saved replies for `/query`: shortcuts that start with it first, then titles that contain it. */
export function savedRepliesMatching(replies: SavedReply[], query: string, limit = 8): SavedReply[] {
  const typed = folded(query);
  const byShortcut = replies.filter((reply) => reply.shortcut && folded(reply.shortcut).startsWith(typed));
  const byTitle = replies.filter(
    (reply) => !byShortcut.includes(reply) && folded(reply.title).includes(typed),
  );
  return [...byShortcut, ...byTitle].slice(0, limit);
}
