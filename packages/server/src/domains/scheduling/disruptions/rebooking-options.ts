import { and, eq, ne, sql } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { bookingWindow, freeTimesFor } from '../availability.ts';
import { nextFreeTimesAfter } from '../booking.ts';
import { type AppointmentTypeRow, type ProviderRow, providerDisplayName } from '../directory.ts';
import { providerAppointmentTypes, providers } from '../schema.ts';

/**
 * Times a patient whose visit was cancelled can rebook: the next free ones with the same
 * provider once they are back, and the soonest with the other providers of the same specialty
 * who offer the same kind of visit.
 */

export interface RebookingTime {
  startsAt: Date;
  providerId: string;
  provider: string;
  locationId: string;
}

export interface RebookingOptions {
  sameProvider: RebookingTime[];
  otherProviders: RebookingTime[];
}

const howMany = 3;

export async function rebookingOptions(
  orm: Orm,
  input: { provider: ProviderRow; type: AppointmentTypeRow; backFrom: Date; now: Date },
): Promise<RebookingOptions> {
  const { provider, type, now } = input;
  const same = await nextFreeTimesAfter(orm, {
    organizationId: provider.organizationId,
    providerId: provider.id,
    type,
    after: input.backFrom,
    now,
    count: howMany,
  });
  const colleagues = provider.specialty
    ? await orm
        .select()
        .from(providers)
        .innerJoin(providerAppointmentTypes, eq(providerAppointmentTypes.providerId, providers.id))
        .where(
          and(
            eq(providers.organizationId, provider.organizationId),
            ne(providers.id, provider.id),
            sql`lower(${providers.specialty}) = lower(${provider.specialty})`,
            eq(providerAppointmentTypes.appointmentTypeId, type.id),
          ),
        )
    : [];
  const nameOf = new Map(colleagues.map((row) => [row.providers.id, providerDisplayName(row.providers)]));
  const window = bookingWindow(type, now);
  const found =
    colleagues.length > 0
      ? await freeTimesFor(orm, {
          organizationId: provider.organizationId,
          providerIds: [...nameOf.keys()],
          type,
          from: window.from,
          until: window.until,
          perProvider: howMany,
        })
      : new Map();
  const others = [...found.values()]
    .flat()
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .slice(0, howMany);
  return {
    sameProvider: same.map((time) => ({
      startsAt: new Date(time.startsAt),
      providerId: provider.id,
      provider: providerDisplayName(provider),
      locationId: time.locationId,
    })),
    otherProviders: others.map((time) => ({
      startsAt: new Date(time.startsAt),
      providerId: time.providerId,
      provider: nameOf.get(time.providerId)!,
      locationId: time.locationId,
    })),
  };
}
