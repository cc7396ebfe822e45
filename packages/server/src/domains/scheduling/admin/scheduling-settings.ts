import type { SchedulingSettingsBody } from '@patientdesk/contracts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { schedulingSettings } from '../schema.ts';
import { schedulingSettingsOf } from '../settings.ts';
import { hoursAndMinutes } from './hours-views.ts';

/**
 * The clinic's scheduling settings: how long a chosen time is held, the no-show grace time,
 * reminders' quiet hours, and how waitlist offers go out. Read by the booking, reminder, arrival
 * and waitlist work through `schedulingSettingsOf`; changed here.
 */

async function currentSettings(scope: ActorScope): Promise<SchedulingSettingsBody> {
  const settings = await schedulingSettingsOf(scope.orm, scope.actor.organizationId);
  return {
    holdMinutes: settings.holdMinutes,
    noShowGraceMinutes: settings.noShowGraceMinutes,
    quietHoursStart: hoursAndMinutes(settings.quietHoursStart),
    quietHoursEnd: hoursAndMinutes(settings.quietHoursEnd),
    waitlistOfferMinutes: settings.waitlistOfferMinutes,
    waitlistOffersAtOnce: settings.waitlistOffersAtOnce,
  };
}

export async function readSchedulingSettings(scope: ActorScope): Promise<SchedulingSettingsBody> {
  await scope.authorize('schedule.read');
  return currentSettings(scope);
}

/** Saves the settings (all of them); they apply to what happens next, not to holds or offers already made. */
export async function saveSchedulingSettings(
  scope: ActorScope,
  input: SchedulingSettingsBody,
  now = new Date(),
): Promise<SchedulingSettingsBody> {
  await scope.authorize('schedule.manage');
  const organizationId = scope.actor.organizationId;
  const before = await currentSettings(scope);
  const values = {
    ...input,
    quietHoursStart: hoursAndMinutes(input.quietHoursStart),
    quietHoursEnd: hoursAndMinutes(input.quietHoursEnd),
    updatedBy: scope.actor.kind === 'staff' ? scope.actor.staffMemberId : null,
    updatedAt: now,
  };
  await scope.orm
    .insert(schedulingSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: schedulingSettings.organizationId, set: values });
  const after = await currentSettings(scope);
  scope.record({
    action: 'scheduling.settings.update',
    resourceType: 'organization',
    resourceId: organizationId,
    outcome: 'allowed',
    details: { before, after },
  });
  return after;
}
