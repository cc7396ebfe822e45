import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { bookingWindow, freeTimesFor } from '../availability.ts';
import type { SchedulingDependencies } from '../booking.ts';
import type { AppointmentTypeRow } from '../directory.ts';
import {
  appointments,
  appointmentTypes,
  liveAppointmentStatuses,
  providers,
  waitlistEntries,
  waitlistOffers,
} from '../schema.ts';
import { schedulingSettingsOf } from '../settings.ts';
import { type EntryContext, type OfferableTime, timeFitsEntry, type WaitlistEntryRow } from './fits.ts';
import { offerMessageTexts } from './offer-texts.ts';
import { type Audience, patientAudience, proxyAudience, sendToAudience, shortWhen } from './patient-reach.ts';

/**
 * Offers on freed time. When a provider's time frees up (a cancellation, a visit moved away, new
 * hours), the free start times inside it are offered to the waiting patients they suit, oldest
 * entry first, a few at once (the clinic's `waitlist_offers_at_once`); the first to accept gets
 * the time. Every start time comes from the availability module, so an offer is never made for
 * a time the booking would refuse.
 */

const minute = 60_000;
const day = 24 * 60 * minute;
/** Enough start times for a whole day of new hours in 5-minute steps. */
const maxTimesPerType = 300;

export interface FreedTime {
  providerId: string;
  locationId: string;
  from: Date;
  to: Date;
  now?: Date;
}

export interface MadeOffer {
  offerId: string;
  entryId: string;
  patientId: string;
  startsAt: Date;
  channel: 'sms' | 'email';
}

/** The secret of an offer's link and what is stored of it. */
export function newOfferToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: offerTokenHash(token) };
}

export const offerTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export const offerPageUrl = (publicUrl: string, token: string) => `${publicUrl}/offers/${token}`;

/** The provider's time a visit of this type starting at `start` takes. */
function offerable(start: number, type: AppointmentTypeRow): OfferableTime {
  const end = start + type.durationMinutes * minute;
  return {
    start,
    end,
    blockedStart: start - type.bufferBeforeMinutes * minute,
    blockedEnd: end + type.bufferAfterMinutes * minute,
    appointmentTypeId: type.id,
  };
}

/** Waiting entries this provider's time could go to, oldest first, none with an offer open. */
async function waitingEntriesFor(
  orm: Orm,
  provider: typeof providers.$inferSelect,
  locationId: string,
): Promise<WaitlistEntryRow[]> {
  return orm
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.organizationId, provider.organizationId),
        eq(waitlistEntries.status, 'waiting'),
        provider.specialty
          ? or(
              eq(waitlistEntries.providerId, provider.id),
              and(
                isNull(waitlistEntries.providerId),
                sql`lower(${waitlistEntries.specialty}) = lower(${provider.specialty})`,
              ),
            )
          : eq(waitlistEntries.providerId, provider.id),
        or(isNull(waitlistEntries.locationId), eq(waitlistEntries.locationId, locationId)),
        sql`exists (select 1 from provider_appointment_types pat
          where pat.provider_id = ${provider.id} and pat.appointment_type_id = ${waitlistEntries.appointmentTypeId})`,
        sql`not exists (select 1 from waitlist_offers o
          where o.entry_id = ${waitlistEntries.id} and o.status = 'open')`,
      ),
    )
    .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
    .limit(500);
}

/** Each entry's appointment to move and the patient's other live appointments around the range. */
async function entryContexts(
  orm: Orm,
  entries: WaitlistEntryRow[],
  around: { from: number; to: number },
): Promise<EntryContext[]> {
  const patientIds = [...new Set(entries.map((entry) => entry.patientId))];
  const visits = await orm
    .select({
      id: appointments.id,
      patientId: appointments.patientId,
      status: appointments.status,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
    })
    .from(appointments)
    .where(
      and(
        inArray(appointments.patientId, patientIds),
        or(
          and(
            inArray(appointments.status, [...liveAppointmentStatuses]),
            lt(appointments.startsAt, new Date(around.to + day)),
            gte(appointments.endsAt, new Date(around.from - day)),
          ),
          inArray(
            appointments.id,
            entries.flatMap((entry) => (entry.currentAppointmentId ? [entry.currentAppointmentId] : [])),
          ),
        ),
      ),
    );
  return entries.map((entry) => {
    const current = visits.find((visit) => visit.id === entry.currentAppointmentId);
    return {
      entry,
      current: current ? { startsAt: current.startsAt.getTime(), booked: current.status === 'booked' } : null,
      busy: visits
        .filter(
          (visit) =>
            visit.patientId === entry.patientId &&
            visit.id !== entry.currentAppointmentId &&
            (liveAppointmentStatuses as readonly string[]).includes(visit.status),
        )
        .map((visit) => ({ start: visit.startsAt.getTime(), end: visit.endsAt.getTime() })),
    };
  });
}

/**
 * Offers the free times inside `from`..`to` of a provider at a location to the waiting patients
 * they suit. Times that overlap an offer still open for another start are left to that offer;
 * a start already offered gets only as many more offers as make up the clinic's number at once.
 */
export async function offerFreedTime(
  orm: Orm,
  deps: SchedulingDependencies,
  freed: FreedTime,
): Promise<MadeOffer[]> {
  const now = freed.now ?? new Date();
  const [provider] = await orm.select().from(providers).where(eq(providers.id, freed.providerId));
  if (!provider) return [];
  const entries = await waitingEntriesFor(orm, provider, freed.locationId);
  if (entries.length === 0) return [];
  const organizationId = provider.organizationId;
  const types = await orm
    .select()
    .from(appointmentTypes)
    .where(
      and(
        inArray(appointmentTypes.id, [...new Set(entries.map((entry) => entry.appointmentTypeId))]),
        eq(appointmentTypes.active, true),
      ),
    );
  const times: OfferableTime[] = [];
  for (const type of types) {
    const window = bookingWindow(type, now);
    const from = new Date(Math.max(freed.from.getTime(), window.from.getTime()));
    const until = new Date(Math.min(freed.to.getTime(), window.until.getTime()));
    if (from >= until) continue;
    const found = await freeTimesFor(orm, {
      organizationId,
      providerIds: [provider.id],
      type,
      from,
      until,
      perProvider: maxTimesPerType,
      locationIds: [freed.locationId],
    });
    for (const time of found.get(provider.id) ?? []) times.push(offerable(Date.parse(time.startsAt), type));
  }
  if (times.length === 0) return [];
  times.sort((a, b) => a.start - b.start || a.end - b.end);

  const [place] = await orm
    .select({ timeZone: locations.timeZone, clinic: organizations.name })
    .from(locations)
    .innerJoin(organizations, eq(organizations.id, locations.organizationId))
    .where(eq(locations.id, freed.locationId));
  const zone = place!.timeZone;
  const rangeFrom = Math.min(...times.map((time) => time.blockedStart));
  const rangeTo = Math.max(...times.map((time) => time.blockedEnd));
  const contexts = await entryContexts(orm, entries, { from: rangeFrom, to: rangeTo });
  const earlier = await orm
    .select()
    .from(waitlistOffers)
    .where(
      and(
        eq(waitlistOffers.providerId, provider.id),
        gte(waitlistOffers.startsAt, new Date(rangeFrom - day)),
        lt(waitlistOffers.startsAt, new Date(rangeTo)),
      ),
    );
  const typeOf = new Map(types.map((type) => [type.id, type]));
  const missingTypes = [...new Set(earlier.map((offer) => offer.appointmentTypeId))].filter(
    (id) => !typeOf.has(id),
  );
  if (missingTypes.length > 0)
    for (const type of await orm
      .select()
      .from(appointmentTypes)
      .where(inArray(appointmentTypes.id, missingTypes)))
      typeOf.set(type.id, type);
  const open = earlier
    .filter((offer) => offer.status === 'open')
    .map((offer) => offerable(offer.startsAt.getTime(), typeOf.get(offer.appointmentTypeId)!));
  const offeredBefore = new Set(earlier.map((offer) => `${offer.entryId}|${offer.startsAt.getTime()}`));

  const settings = await schedulingSettingsOf(orm, organizationId);
  const made: MadeOffer[] = [];
  const passedOver = new Set<string>();
  const patientsOffered = new Set<string>();
  for (const time of times) {
    const overlapping = open.filter(
      (offer) => offer.blockedStart < time.blockedEnd && offer.blockedEnd > time.blockedStart,
    );
    if (overlapping.some((offer) => offer.start !== time.start)) continue;
    let room = settings.waitlistOffersAtOnce - overlapping.length;
    for (const context of contexts) {
      if (room <= 0) break;
      const { entry } = context;
      if (passedOver.has(entry.id) || patientsOffered.has(entry.patientId)) continue;
      if (offeredBefore.has(`${entry.id}|${time.start}`)) continue;
      if (!timeFitsEntry(time, context, zone)) continue;
      const type = typeOf.get(time.appointmentTypeId)!;
      const offer = await makeOffer(orm, deps, {
        entry,
        providerId: provider.id,
        locationId: freed.locationId,
        type,
        time,
        zone,
        clinic: place!.clinic,
        expiresAt: new Date(
          Math.min(
            now.getTime() + settings.waitlistOfferMinutes * minute,
            time.start - type.minNoticeMinutes * minute,
          ),
        ),
      });
      passedOver.add(entry.id);
      if (!offer) continue;
      made.push(offer);
      open.push(time);
      patientsOffered.add(entry.patientId);
      room -= 1;
    }
  }
  return made;
}

/** Who hears about an entry's offers: the proxy who added it (while they still may), else the patient. */
async function audienceFor(orm: Orm, entry: WaitlistEntryRow): Promise<Audience> {
  if (entry.createdByType === 'proxy' && entry.createdById) {
    const proxy = await proxyAudience(orm, entry.createdById, entry.patientId);
    if (proxy) return proxy;
  }
  return patientAudience(orm, entry.patientId);
}

async function makeOffer(
  orm: Orm,
  deps: SchedulingDependencies,
  input: {
    entry: WaitlistEntryRow;
    providerId: string;
    locationId: string;
    type: AppointmentTypeRow;
    time: OfferableTime;
    zone: string;
    clinic: string;
    expiresAt: Date;
  },
): Promise<MadeOffer | null> {
  // Nobody to tell (no address, or opted out of every channel): the next in line is asked instead.
  const audience = await audienceFor(orm, input.entry);
  if (audience.ways.length === 0) return null;
  const { token, tokenHash } = newOfferToken();
  const [offer] = await orm
    .insert(waitlistOffers)
    .values({
      organizationId: input.entry.organizationId,
      entryId: input.entry.id,
      providerId: input.providerId,
      locationId: input.locationId,
      appointmentTypeId: input.type.id,
      startsAt: new Date(input.time.start),
      endsAt: new Date(input.time.end),
      tokenHash,
      expiresAt: input.expiresAt,
    })
    .returning({ id: waitlistOffers.id });
  const texts = offerMessageTexts[audience.language];
  const body = texts.body({
    clinic: input.clinic,
    when: shortWhen(new Date(input.time.start), input.zone, audience.language),
    expires: shortWhen(input.expiresAt, input.zone, audience.language),
    link: offerPageUrl(deps.publicUrl, token),
  });
  const outcome = await sendToAudience(orm, deps, {
    organizationId: input.entry.organizationId,
    audience,
    purpose: 'waitlist-offer',
    compose: () => ({ subject: texts.subject, body }),
  });
  if ('failed' in outcome) {
    // Every channel refused it (Twilio or the mail server): an offer nobody heard of is no offer.
    await orm.delete(waitlistOffers).where(eq(waitlistOffers.id, offer!.id));
    return null;
  }
  await orm
    .update(waitlistOffers)
    .set({ channel: outcome.sent.channel })
    .where(eq(waitlistOffers.id, offer!.id));
  return {
    offerId: offer!.id,
    entryId: input.entry.id,
    patientId: input.entry.patientId,
    startsAt: new Date(input.time.start),
    channel: outcome.sent.channel,
  };
}
