import { eq } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { organizations } from '../../organizations/schema.ts';
import { patients } from '../../patients/schema.ts';
import type { AppointmentRow, SchedulingDependencies } from '../booking.ts';
import { appointmentPageUrl } from '../notices/appointment-facts.ts';
import type { NoticeChannel } from '../notices/patient-reach.ts';
import { reachOf } from '../notices/patient-reach.ts';
import { clinicAddresses, sendNotice } from '../notices/send-notice.ts';

/**
 * Tells a patient that follow-up instructions from their visit are waiting in the portal. The
 * instructions are health information, so neither SMS nor plain email carries them (DESIGN:
 * PHI never goes over an insecure channel): the message names the clinic and gives the link to
 * the appointment's portal page, nothing else. Sent the way the notices module reaches patients
 * (preferred channel first, refused or opted-out channels never).
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

/** Sends the notice; returns the channel used, or null when the patient cannot be reached. */
export async function sendFollowUpNotice(
  orm: Orm,
  deps: Pick<SchedulingDependencies, 'channels' | 'publicUrl'>,
  appointment: AppointmentRow,
): Promise<NoticeChannel | null> {
  const [patient] = await orm.select().from(patients).where(eq(patients.id, appointment.patientId));
  const [clinic] = await orm
    .select({ name: organizations.name, slug: organizations.slug, country: organizations.country })
    .from(organizations)
    .where(eq(organizations.id, appointment.organizationId));
  if (!patient || !clinic) return null;
  const reach = (await reachOf(orm, [patient], clinic.country)).get(patient.id);
  if (!reach || reach.ways.length === 0) return null;
  const words = patient.preferredLanguage === 'es' ? texts.es : texts.en;
  const link = appointmentPageUrl(deps.publicUrl, clinic.slug, appointment.id);
  const outcome = await sendNotice(orm, deps.channels, {
    organizationId: appointment.organizationId,
    ways: reach.ways,
    from: await clinicAddresses(orm, appointment.organizationId, deps.publicUrl),
    purpose: 'visit-follow-up',
    compose: (channel) => ({
      ...(channel === 'email' ? { subject: words.subject(clinic.name) } : {}),
      body: words.body(clinic.name, link),
    }),
  });
  return 'sent' in outcome ? outcome.sent.channel : null;
}
