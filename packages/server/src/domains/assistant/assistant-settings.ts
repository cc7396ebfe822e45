import { assistantSettingsSchema } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Forbidden } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { validInput } from '../knowledge/valid-input.ts';
import { type AssistantChannel, assistantSettings } from './schema.ts';

export interface AssistantSettings {
  enabled: boolean;
  channels: AssistantChannel[];
  /** 0 to 1: how sure the search must be before the assistant answers. */
  minConfidence: number;
  useLanguageModel: boolean;
}

export const defaultAssistantSettings: AssistantSettings = {
  enabled: true,
  channels: ['web', 'portal', 'sms'],
  minConfidence: 0.6,
  useLanguageModel: false,
};

export async function assistantSettingsOf(orm: Orm, organizationId: string): Promise<AssistantSettings> {
  const [row] = await orm
    .select()
    .from(assistantSettings)
    .where(eq(assistantSettings.organizationId, organizationId));
  return row
    ? {
        enabled: row.enabled,
        channels: row.channels,
        minConfidence: row.minConfidence,
        useLanguageModel: row.useLanguageModel,
      }
    : defaultAssistantSettings;
}

export async function saveAssistantSettings(
  scope: ActorScope,
  input: AssistantSettings,
): Promise<AssistantSettings> {
  const { actor, orm } = scope;
  if (actor.kind !== 'staff') throw new Forbidden('Only clinic staff change the assistant.');
  const settings = validInput(assistantSettingsSchema, input);
  await scope.authorize('inbox.settings.manage');
  const values = {
    ...settings,
    channels: [...new Set(settings.channels)],
    updatedBy: actor.staffMemberId,
    updatedAt: new Date(),
  };
  await orm
    .insert(assistantSettings)
    .values({ organizationId: actor.organizationId, ...values })
    .onConflictDoUpdate({ target: assistantSettings.organizationId, set: values });
  scope.record({
    action: 'assistant.settings.update',
    resourceType: 'organization',
    resourceId: actor.organizationId,
    patientIds: [],
    outcome: 'allowed',
    details: { ...settings },
  });
  return { ...settings, channels: values.channels };
}
