/**
 * The order of a queue: priority first (an emergency before anything), then how close each
 * conversation is to breaching its SLA (the one already breached, or about to, first), then how
 * long the person has waited. Conversations without an SLA due time come after those with one of
 * the same priority.
 */
export const priorities = ['emergency', 'urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];

export interface Queued {
  priority: Priority;
  /** When the next response is due under the SLA (first or next response); null when none applies. */
  responseDueAt: Date | null;
  /** Since when the contact has been waiting for an answer. */
  waitingSince: Date;
}

/** For Array.prototype.sort: negative when `a` should be answered before `b`. */
export function compareForQueue(a: Queued, b: Queued): number {
  const byPriority = priorities.indexOf(a.priority) - priorities.indexOf(b.priority);
  if (byPriority !== 0) return byPriority;
  if (a.responseDueAt && b.responseDueAt) {
    const byDue = a.responseDueAt.getTime() - b.responseDueAt.getTime();
    if (byDue !== 0) return byDue;
  } else if (a.responseDueAt || b.responseDueAt) {
    return a.responseDueAt ? -1 : 1;
  }
  return a.waitingSince.getTime() - b.waitingSince.getTime();
}

/** Emergencies and urgent conversations are announced to every available agent until taken. */
export function isAnnouncedToAll(priority: Priority): boolean {
  return priority === 'emergency' || priority === 'urgent';
}
