import { and, eq, isNull, or } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { ConversationChannel } from '../conversations/schema.ts';
import { slaPolicies } from '../conversations/schema.ts';
import { locations } from '../organizations/schema.ts';
import { addBusinessMinutes, type BusinessHours } from './business-hours.ts';
import type { Priority } from './queue-order.ts';

/**
 * When the next answer is due: the SLA policy for the conversation's priority and channel (or
 * for its priority on every channel), counted in the business hours of the policy's location,
 * or around the clock when it names none. No policy, no due time.
 */
export async function responseDueAt(
  orm: Orm,
  conversation: { priority: Priority; channel: ConversationChannel },
  kind: 'first' | 'next',
  from: Date,
): Promise<Date | null> {
  const candidates = await orm
    .select({ policy: slaPolicies, location: locations })
    .from(slaPolicies)
    .leftJoin(locations, eq(locations.id, slaPolicies.businessHoursLocationId))
    .where(
      and(
        eq(slaPolicies.priority, conversation.priority),
        or(eq(slaPolicies.channel, conversation.channel), isNull(slaPolicies.channel)),
      ),
    );
  const chosen = candidates.find((row) => row.policy.channel !== null) ?? candidates[0];
  if (!chosen) return null;
  const minutes = kind === 'first' ? chosen.policy.firstResponseMinutes : chosen.policy.nextResponseMinutes;
  const location = chosen.location;
  if (!location?.businessHours) return new Date(from.getTime() + minutes * 60_000);
  const hours: BusinessHours = {
    timeZone: location.timeZone,
    weekly: location.businessHours,
    closedDates: location.closedDates,
  };
  return addBusinessMinutes(hours, from, minutes);
}

/** How long before a due time a warning goes out: a fifth of the target, at least a minute. */
export function warningLeadMs(targetMinutes: number): number {
  return Math.max(60_000, Math.round(targetMinutes * 60_000 * 0.2));
}
