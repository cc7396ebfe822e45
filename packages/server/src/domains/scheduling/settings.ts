import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { schedulingSettings } from './schema.ts';

export type SchedulingSettings = Omit<typeof schedulingSettings.$inferSelect, 'updatedBy' | 'updatedAt'>;

/** An organisation's scheduling settings; the defaults of migration 0018 until someone changes them. */
export async function schedulingSettingsOf(orm: Orm, organizationId: string): Promise<SchedulingSettings> {
  const [row] = await orm
    .select()
    .from(schedulingSettings)
    .where(eq(schedulingSettings.organizationId, organizationId));
  return {
    organizationId,
    holdMinutes: row?.holdMinutes ?? 5,
    noShowGraceMinutes: row?.noShowGraceMinutes ?? 15,
    quietHoursStart: row?.quietHoursStart ?? '21:00:00',
    quietHoursEnd: row?.quietHoursEnd ?? '08:00:00',
    waitlistOfferMinutes: row?.waitlistOfferMinutes ?? 60,
    waitlistOffersAtOnce: row?.waitlistOffersAtOnce ?? 3,
  };
}
