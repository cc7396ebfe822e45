import { and, eq, ne, sql } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { TimeTaken, Unprocessable } from '../../../errors.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { patients, proxies } from '../../patients/schema.ts';
import { freeTimesFor } from '../availability.ts';
import {
  type AppointmentRow,
  appointmentTypeOf,
  bookAppointment,
  findAppointmentToChange,
  rescheduleAppointmentRow,
  type SchedulingDependencies,
} from '../booking.ts';
import { appointmentTypeSummary, providerDisplayName } from '../directory.ts';
import { type NoticeLanguage, noticeLanguage } from '../notices/visit-words.ts';
import { providers, type WaitlistOfferStatus, waitlistEntries, waitlistOffers } from '../schema.ts';
import { offerFreedTime, offerTokenHash } from './offers.ts';

/**
 * What happens behind an offer's link: the patient sees the time, and accepts it (the first to
 * do so books it) or says no. An offer whose time has gone to someone else reads as taken, one
 * past its deadline as expired; either way the time goes on to the next in line while it is
 * still free. The link's secret is its only credential, so the page shows nothing but the
 * offer itself.
 */

const minute = 60_000;

export type OfferRow = typeof waitlistOffers.$inferSelect;

/** An offer as its page shows it. */
export interface OfferDetails {
  offerId: string;
  organizationId: string;
  patientId: string;
  /** Who the offer's message went to, for the audit record of what they did. */
  audience: { type: 'patient' | 'proxy'; id: string };
  status: WaitlistOfferStatus;
  language: NoticeLanguage;
  clinic: string;
  startsAt: Date;
  endsAt: Date;
  expiresAt: Date;
  timeZone: string;
  provider: string;
  appointmentType: string;
  location: { name: string; address: string; phone: string | null };
  appointmentId: string | null;
}

/** The offer's tenant and the link holder's organisation, looked up before the tenant transaction. */
export async function organizationOfOffer(orm: Orm, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await orm
    .select({ organizationId: waitlistOffers.organizationId })
    .from(waitlistOffers)
    .where(eq(waitlistOffers.tokenHash, offerTokenHash(token)));
  return row?.organizationId ?? null;
}

async function offerByToken(orm: Orm, token: string): Promise<OfferRow | undefined> {
  const [row] = await orm
    .select()
    .from(waitlistOffers)
    .where(eq(waitlistOffers.tokenHash, offerTokenHash(token)));
  return row;
}

async function setOfferStatus(
  orm: Orm,
  offer: OfferRow,
  status: WaitlistOfferStatus,
  now: Date,
  answered: boolean,
) {
  const [changed] = await orm
    .update(waitlistOffers)
    .set({ status, ...(answered ? { answeredAt: now } : {}) })
    .where(and(eq(waitlistOffers.id, offer.id), eq(waitlistOffers.status, 'open')))
    .returning({ id: waitlistOffers.id });
  return changed !== undefined;
}

/** The offer's time goes on to the next in line, if it is still free. */
async function passOn(orm: Orm, deps: SchedulingDependencies, offer: OfferRow, now: Date) {
  await offerFreedTime(orm, deps, {
    providerId: offer.providerId,
    locationId: offer.locationId,
    from: offer.startsAt,
    to: offer.endsAt,
    now,
  });
}

/** Whether the offered start is still a free time of the provider (someone may have booked it directly). */
async function stillFree(orm: Orm, offer: OfferRow): Promise<boolean> {
  const type = await appointmentTypeOf(orm, offer.organizationId, offer.appointmentTypeId);
  const found = await freeTimesFor(orm, {
    organizationId: offer.organizationId,
    providerIds: [offer.providerId],
    type,
    from: offer.startsAt,
    until: new Date(offer.startsAt.getTime() + 1),
    perProvider: 1,
    locationIds: [offer.locationId],
  });
  return (found.get(offer.providerId) ?? []).length > 0;
}

/** Brings an open offer up to date: past its deadline it expires, a time booked meanwhile is taken. */
async function settle(orm: Orm, deps: SchedulingDependencies, offer: OfferRow, now: Date): Promise<void> {
  if (offer.status !== 'open') return;
  if (offer.expiresAt.getTime() <= now.getTime()) {
    if (await setOfferStatus(orm, offer, 'expired', now, false)) await passOn(orm, deps, offer, now);
    return;
  }
  if (!(await stillFree(orm, offer))) await setOfferStatus(orm, offer, 'taken', now, false);
}

/** The offer behind a link (settled first), or undefined for a link that matches none. */
export async function readOffer(
  orm: Orm,
  deps: SchedulingDependencies,
  token: string,
  now = new Date(),
): Promise<OfferDetails | undefined> {
  const offer = await offerByToken(orm, token);
  if (!offer) return undefined;
  await settle(orm, deps, offer, now);
  return offerDetails(orm, offer.id);
}

/** Raised when another answer changed the offer while this one booked: the booking is rolled back. */
export class OfferChanged extends Error {}

/**
 * Accepts the offer: books the time for the patient (or moves their appointment to it), and the
 * other offers of the same time become "taken". A time someone else got first leaves this offer
 * taken and the patient on the waitlist.
 */
export async function acceptOffer(
  orm: Orm,
  deps: SchedulingDependencies,
  token: string,
  now = new Date(),
): Promise<OfferDetails | undefined> {
  const offer = await offerByToken(orm, token);
  if (!offer) return undefined;
  await settle(orm, deps, offer, now);
  const [fresh] = await orm.select().from(waitlistOffers).where(eq(waitlistOffers.id, offer.id));
  if (fresh!.status === 'open') await book(orm, deps, fresh!, now);
  return offerDetails(orm, offer.id);
}

async function book(orm: Orm, deps: SchedulingDependencies, offer: OfferRow, now: Date): Promise<void> {
  const [entry] = await orm.select().from(waitlistEntries).where(eq(waitlistEntries.id, offer.entryId));
  const type = await appointmentTypeOf(orm, offer.organizationId, offer.appointmentTypeId);
  // Booked on the waitlist's behalf with the staff's rules, but never sooner than the visit's notice.
  if (
    entry!.status !== 'waiting' ||
    offer.startsAt.getTime() < now.getTime() + type.minNoticeMinutes * minute
  ) {
    await setOfferStatus(orm, offer, 'expired', now, false);
    return;
  }
  const bookedBy = { type: 'waitlist' as const, id: entry!.id };
  let appointment: AppointmentRow;
  let vacated: AppointmentRow | undefined;
  try {
    if (entry!.currentAppointmentId) {
      const current = await findAppointmentToChange(orm, offer.organizationId, entry!.currentAppointmentId);
      if (current.status !== 'booked' || current.startsAt.getTime() <= offer.startsAt.getTime()) {
        await setOfferStatus(orm, offer, 'expired', now, false);
        return;
      }
      vacated = current;
      appointment = await rescheduleAppointmentRow(
        orm,
        deps,
        current,
        {
          startsAt: offer.startsAt,
          providerId: offer.providerId,
          locationId: offer.locationId,
          rules: 'staff',
          bookedBy,
        },
        now,
      );
    } else {
      appointment = await bookAppointment(orm, deps, {
        organizationId: offer.organizationId,
        patientId: entry!.patientId,
        providerId: offer.providerId,
        locationId: offer.locationId,
        appointmentTypeId: offer.appointmentTypeId,
        startsAt: offer.startsAt,
        bookedBy,
        rules: 'staff',
        now,
      });
    }
  } catch (error) {
    if (error instanceof TimeTaken || error instanceof Unprocessable) {
      await setOfferStatus(orm, offer, 'taken', now, false);
      return;
    }
    throw error;
  }
  const [accepted] = await orm
    .update(waitlistOffers)
    .set({ status: 'accepted', answeredAt: now, appointmentId: appointment.id })
    .where(and(eq(waitlistOffers.id, offer.id), eq(waitlistOffers.status, 'open')))
    .returning({ id: waitlistOffers.id });
  if (!accepted) throw new OfferChanged('The offer was answered or expired while the time was being booked.');
  await orm
    .update(waitlistEntries)
    .set({ status: 'booked', updatedAt: now })
    .where(eq(waitlistEntries.id, entry!.id));
  // Everyone else offered this provider's time (or part of it) is told it was taken when they look.
  await orm.execute(sql`
    update waitlist_offers o set status = 'taken'
    from appointment_types t
    where t.id = o.appointment_type_id and o.provider_id = ${offer.providerId}
      and o.status = 'open' and o.id <> ${offer.id}
      and tstzrange(
        o.starts_at - make_interval(mins => t.buffer_before_minutes),
        o.ends_at + make_interval(mins => t.buffer_after_minutes)
      ) && ${appointment.blocked}::tstzrange`);
  // The later time a patient moved away from was offered as it freed, while the others of this
  // offer still had theirs open; now that they are free to take it, it is offered again.
  if (vacated)
    await offerFreedTime(orm, deps, {
      providerId: vacated.providerId,
      locationId: vacated.locationId,
      from: new Date(vacated.startsAt.getTime() - vacated.bufferBeforeMinutes * minute),
      to: new Date(vacated.endsAt.getTime() + vacated.bufferAfterMinutes * minute),
      now,
    });
}

/** Says no to the offer; the time goes on to the next in line. The patient stays on the waitlist. */
export async function declineOffer(
  orm: Orm,
  deps: SchedulingDependencies,
  token: string,
  now = new Date(),
): Promise<OfferDetails | undefined> {
  const offer = await offerByToken(orm, token);
  if (!offer) return undefined;
  await settle(orm, deps, offer, now);
  if (await setOfferStatus(orm, offer, 'declined', now, true)) await passOn(orm, deps, offer, now);
  return offerDetails(orm, offer.id);
}

/** Lets an entry's open offers go (the patient left the waitlist) and passes their times on. */
export async function releaseOffersOf(
  orm: Orm,
  deps: SchedulingDependencies,
  entryId: string,
  now: Date,
): Promise<void> {
  const released = await orm
    .update(waitlistOffers)
    .set({ status: 'declined', answeredAt: now })
    .where(and(eq(waitlistOffers.entryId, entryId), eq(waitlistOffers.status, 'open')))
    .returning();
  for (const offer of released) await passOn(orm, deps, offer, now);
}

async function offerDetails(orm: Orm, offerId: string): Promise<OfferDetails> {
  const [row] = await orm
    .select({
      offer: waitlistOffers,
      entry: waitlistEntries,
      provider: providers,
      location: locations,
      clinic: organizations.name,
      patientLanguage: patients.preferredLanguage,
    })
    .from(waitlistOffers)
    .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
    .innerJoin(providers, eq(providers.id, waitlistOffers.providerId))
    .innerJoin(locations, eq(locations.id, waitlistOffers.locationId))
    .innerJoin(organizations, eq(organizations.id, waitlistOffers.organizationId))
    .innerJoin(patients, eq(patients.id, waitlistEntries.patientId))
    .where(eq(waitlistOffers.id, offerId));
  const { offer, entry, provider, location } = row!;
  let language = noticeLanguage(row!.patientLanguage);
  let audience: OfferDetails['audience'] = { type: 'patient', id: entry.patientId };
  if (entry.createdByType === 'proxy' && entry.createdById) {
    const [proxy] = await orm
      .select({ language: proxies.preferredLanguage })
      .from(proxies)
      .where(and(eq(proxies.id, entry.createdById), ne(proxies.id, entry.patientId)));
    if (proxy) {
      language = noticeLanguage(proxy.language);
      audience = { type: 'proxy', id: entry.createdById };
    }
  }
  const type = await appointmentTypeOf(orm, offer.organizationId, offer.appointmentTypeId);
  return {
    offerId: offer.id,
    organizationId: offer.organizationId,
    patientId: entry.patientId,
    audience,
    status: offer.status,
    language,
    clinic: row!.clinic,
    startsAt: offer.startsAt,
    endsAt: offer.endsAt,
    expiresAt: offer.expiresAt,
    timeZone: location.timeZone,
    provider: providerDisplayName(provider),
    appointmentType: appointmentTypeSummary(type, language).name,
    location: {
      name: location.name,
      address: [location.addressLine, location.city, location.region, location.postalCode]
        .filter(Boolean)
        .join(', '),
      phone: location.phone,
    },
    appointmentId: offer.appointmentId,
  };
}
