import type { SafetySettings } from '@patientdesk/contracts';
import { safetySettingsSchema } from '@patientdesk/contracts';
import type { Orm } from '../../db/connection.ts';
import { Forbidden } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { safetyNumbersOf } from './safety-reply.ts';
import { safetySettings } from './schema.ts';

/** An organisation's safety numbers (the US defaults until someone sets them). */
export async function readSafetySettings(orm: Orm, organizationId: string): Promise<SafetySettings> {
  return safetyNumbersOf(orm, organizationId);
}

export async function saveSafetySettings(scope: ActorScope, input: SafetySettings): Promise<SafetySettings> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff change the safety numbers.');
  const settings = safetySettingsSchema.parse(input);
  await scope.authorize('inbox.settings.manage');
  const values = { ...settings, updatedBy: actor.staffMemberId, updatedAt: new Date() };
  await orm
    .insert(safetySettings)
    .values({ organizationId: actor.organizationId, ...values })
    .onConflictDoUpdate({ target: safetySettings.organizationId, set: values });
  scope.record({
    action: 'triage.safety-settings.update',
    resourceType: 'organization',
    resourceId: actor.organizationId,
    patientIds: [],
    outcome: 'allowed',
    details: { ...settings },
  });
  return settings;
}
