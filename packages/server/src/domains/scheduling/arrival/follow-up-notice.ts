import { eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { organizations } from '../../organizations/schema.ts';
import { consentsOf } from '../../patients/consents.ts';
import { patients } from '../../patients/schema.ts';
import type { AppointmentRow, SchedulingDependencies } from '../booking.ts';

/**
 * Tells a patient that follow-up instructions from their visit are waiting in the portal. The
 * instructions are health information, so neither SMS nor plain email carries them (DESIGN:
 * PHI never goes over an insecure channel): the message names the clinic and gives the portal
 * link, nothing else. Sent over the patient's preferred channel when it is reachable and not
 * refused (the latest consent for it is not revoked), else over the other one.
 */

const texts = {
  en: {
    subject: (clinic: string) => `${clinic}: instructions after your visit`,
    body: (clinic: string, link: string) =>
      `${clinic}: your care team left instructions for after your visit. Read them in the patient portal: ${link}`,
  },
  es: {
    subject: (clinic: string) => `${clinic}: indicaciones después de su consulta`,
    body: (clinic: string, link: string) =>
      `${clinic}: su equipo de atención dejó indicaciones para después de su consulta. Léalas en el portal del paciente: ${link}`,
  },
} as const;

/** The portal page of one appointment, where its follow-up instructions are shown. */
export const portalAppointmentUrl = (publicUrl: string, appointmentId: string, clinicSlug: string) =>
  `${publicUrl}/portal/appointments/${appointmentId}?clinic=${encodeURIComponent(clinicSlug)}`;

/** Sends the notice; returns the channel used, or null when the patient cannot be reached. */
export async function sendFollowUpNotice(
  orm: Orm,
  deps: Pick<SchedulingDependencies, 'sender' | 'publicUrl'>,
  appointment: AppointmentRow,
): Promise<'sms' | 'email' | null> {
  const [patient] = await orm.select().from(patients).where(eq(patients.id, appointment.patientId));
  const [clinic] = await orm
    .select({ name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, appointment.organizationId));
  if (!patient || !clinic) return null;
  const refused = new Set(
    (await consentsOf(orm, patient.id)).current
      .filter((consent) => consent.status === 'revoked')
      .map((consent) => consent.channel),
  );
  const addressOf = { sms: patient.phone, email: patient.email };
  const order: ('sms' | 'email')[] =
    patient.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  const channel = order.find((candidate) => addressOf[candidate] && !refused.has(candidate));
  if (!channel) return null;
  const words = patient.preferredLanguage === 'es' ? texts.es : texts.en;
  const link = portalAppointmentUrl(deps.publicUrl, appointment.id, clinic.slug);
  await deps.sender.send(orm, {
    organizationId: appointment.organizationId,
    channel,
    recipient: addressOf[channel]!,
    ...(channel === 'email' ? { subject: words.subject(clinic.name) } : {}),
    body: words.body(clinic.name, link),
    purpose: 'visit-follow-up',
  });
  return channel;
}
