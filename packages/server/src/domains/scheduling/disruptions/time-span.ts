import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Orm } from '../../../db/connection.ts';
import { Invalid } from '../../../errors.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { providerLocations } from '../schema.ts';

/**
 * The span of a provider's time off. Staff type it on the clinic's clock ("from 9:00 to 17:00
 * on March 4"): a time without an offset is read in the location's zone, or without a location,
 * in the clinic's. A time with an offset is an instant as it is.
 */

const day = 24 * 60 * 60_000;
/** Longer absences are a change of working hours, not a disruption to tell patients about one by one. */
const longestSpanDays = 92;

export interface TimeOffSpan {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  locationId: string | null;
}

function instantIn(value: string, zone: string, field: string): Date {
  const parsed = DateTime.fromISO(value, { zone });
  if (!parsed.isValid)
    throw new Invalid(`"${value}" is not a date and time.`, [
      { field, message: 'must be a date and time like 2026-03-08T09:00' },
    ]);
  return parsed.toJSDate();
}

/** Reads and checks the span: it ends after it starts, is not over yet, and is at most about three months. */
export async function timeOffSpan(
  orm: Orm,
  input: {
    organizationId: string;
    providerId: string;
    startsAt: string;
    endsAt: string;
    locationId?: string | undefined;
  },
  now: Date,
  fieldPrefix: 'body' | 'query',
): Promise<TimeOffSpan> {
  let timeZone: string;
  if (input.locationId) {
    const [place] = await orm
      .select({ timeZone: locations.timeZone })
      .from(providerLocations)
      .innerJoin(locations, eq(locations.id, providerLocations.locationId))
      .where(
        and(
          eq(providerLocations.providerId, input.providerId),
          eq(providerLocations.locationId, input.locationId),
          eq(locations.organizationId, input.organizationId),
        ),
      );
    if (!place)
      throw new Invalid(
        'This provider does not work at that location. Choose one of their locations, or none.',
        [{ field: `${fieldPrefix}.locationId`, message: 'is not one of the provider’s locations' }],
      );
    timeZone = place.timeZone;
  } else {
    const [organization] = await orm
      .select({ timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, input.organizationId));
    timeZone = organization!.timeZone;
  }
  const startsAt = instantIn(input.startsAt, timeZone, `${fieldPrefix}.startsAt`);
  const endsAt = instantIn(input.endsAt, timeZone, `${fieldPrefix}.endsAt`);
  if (endsAt <= startsAt)
    throw new Invalid('The time off must end after it starts.', [
      { field: `${fieldPrefix}.endsAt`, message: 'must be later than startsAt' },
    ]);
  if (endsAt <= now)
    throw new Invalid('That time is already over; only time off still to come can be marked.', [
      { field: `${fieldPrefix}.endsAt`, message: 'is in the past' },
    ]);
  if (endsAt.getTime() - startsAt.getTime() > longestSpanDays * day)
    throw new Invalid(
      `Time off longer than ${longestSpanDays} days is a change of working hours: end the provider's hours instead.`,
      [{ field: `${fieldPrefix}.endsAt`, message: `is more than ${longestSpanDays} days after startsAt` }],
    );
  return { startsAt, endsAt, timeZone, locationId: input.locationId ?? null };
}
