import { eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { type AppointmentRow, appointmentTypeOf, type SchedulingDependencies } from '../booking.ts';
import type { ProviderRow } from '../directory.ts';
import { providerDisplayName } from '../directory.ts';
import { visitDay, visitTime } from '../notices/visit-words.ts';
import { patientAudience, sendToAudience, shortWhen } from '../waitlist/patient-reach.ts';
import { disruptionTexts } from './notice-texts.ts';
import { rebookingOptions } from './rebooking-options.ts';
import { disruptionNotices } from './schema.ts';

/**
 * Tells one patient at once that their visit is cancelled because the provider is away, with
 * times to rebook (the same provider once back, and colleagues of the same specialty sooner)
 * and the portal's booking page; what was sent, or why nothing could be, is kept for the desk.
 */
export async function tellDisruptedPatient(
  orm: Orm,
  deps: SchedulingDependencies,
  input: {
    appointment: AppointmentRow;
    exceptionId: string;
    provider: ProviderRow;
    backFrom: Date;
    now: Date;
  },
): Promise<void> {
  const { appointment, provider } = input;
  const type = await appointmentTypeOf(orm, appointment.organizationId, appointment.appointmentTypeId);
  const options = await rebookingOptions(orm, { provider, type, backFrom: input.backFrom, now: input.now });
  const [organization] = await orm
    .select({ name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, appointment.organizationId));
  const places = await orm
    .select({ id: locations.id, timeZone: locations.timeZone, phone: locations.phone })
    .from(locations)
    .where(eq(locations.organizationId, appointment.organizationId));
  const place = new Map(places.map((row) => [row.id, row]));
  const here = place.get(appointment.locationId)!;
  const audience = await patientAudience(orm, appointment.patientId);
  const { language } = audience;
  const zoneOf = (locationId: string) => place.get(locationId)?.timeZone ?? here.timeZone;
  const words = {
    clinic: organization!.name,
    provider: providerDisplayName(provider),
    when: visitTime(appointment.startsAt, here.timeZone, language),
    day: visitDay(appointment.startsAt, here.timeZone, language),
    sameProvider: options.sameProvider.map((time) =>
      shortWhen(time.startsAt, zoneOf(time.locationId), language),
    ),
    otherProviders: options.otherProviders.map(
      (time) => `${time.provider}, ${shortWhen(time.startsAt, zoneOf(time.locationId), language)}`,
    ),
    bookUrl: `${deps.publicUrl}/portal/appointments/book?clinic=${encodeURIComponent(organization!.slug)}`,
    phone: here.phone,
  };
  const texts = disruptionTexts[language];
  const outcome = await sendToAudience(orm, deps, {
    organizationId: appointment.organizationId,
    audience,
    purpose: 'provider-unavailable',
    compose: (channel) =>
      channel === 'sms'
        ? { body: texts.sms(words) }
        : { subject: texts.subject(words), body: texts.email(words) },
  });
  await orm.insert(disruptionNotices).values({
    organizationId: appointment.organizationId,
    exceptionId: input.exceptionId,
    appointmentId: appointment.id,
    ...('sent' in outcome
      ? { channel: outcome.sent.channel, sentAt: input.now }
      : { skipReason: outcome.failed.slice(0, 500) }),
  });
}
