import type { Orm } from '../../../db/connection.ts';
import type { AppointmentChange } from '../appointment-followers.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { offerFreedTime } from './offers.ts';

const minute = 60_000;

/**
 * A cancelled or moved appointment frees its time (with its buffers): it is offered to the
 * waitlist at once. A cancellation because the provider is away frees nothing.
 */
export async function offerTimeFreedByChange(
  orm: Orm,
  deps: SchedulingDependencies,
  change: AppointmentChange,
): Promise<void> {
  if (change.kind !== 'cancelled' && change.kind !== 'rescheduled') return;
  if (change.kind === 'cancelled' && change.appointment.cancellationReason === 'provider-unavailable') return;
  const freed = change.previous;
  await offerFreedTime(orm, deps, {
    providerId: freed.providerId,
    locationId: freed.locationId,
    from: new Date(freed.startsAt.getTime() - freed.bufferBeforeMinutes * minute),
    to: new Date(freed.endsAt.getTime() + freed.bufferAfterMinutes * minute),
    now: change.now,
  });
}
