import { eq } from 'drizzle-orm';
import { NotFound } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { patientEvent } from '../../patients/patient-access.ts';
import type { SchedulingDependencies } from '../booking.ts';
import { appointments } from '../schema.ts';
import { appointmentFacts, visitWords } from './appointment-facts.ts';
import { appointmentCalendarFile, calendarIdentity } from './calendar.ts';
import { clinicAddresses } from './send-notice.ts';

/**
 * "Add to calendar" in the portal and at the desk: the same entry the confirmation email
 * carried (same UID, so importing it again updates rather than duplicates), published as a file
 * to import; a cancelled appointment's file removes the entry. Read under the policy like the
 * appointment itself, and audited.
 */
export async function appointmentCalendarDownload(
  scope: ActorScope,
  deps: Pick<SchedulingDependencies, 'publicUrl'>,
  appointmentId: string,
): Promise<{ filename: string; content: string }> {
  const [row] = await scope.orm.select().from(appointments).where(eq(appointments.id, appointmentId));
  if (!row || row.status === 'held')
    throw new NotFound(
      `There is no appointment ${appointmentId}. Check the link, or look at the list again.`,
    );
  await scope.authorize(scope.actor.kind === 'staff' ? 'appointment.read' : 'portal.appointments.read', {
    patientId: row.patientId,
  });
  const facts = (await appointmentFacts(scope.orm, [row])).get(row.id)!;
  const from = await clinicAddresses(scope.orm, row.organizationId, deps.publicUrl);
  const content = appointmentCalendarFile(
    facts,
    visitWords(facts, deps.publicUrl),
    await calendarIdentity(scope.orm, row.id, deps.publicUrl),
    row.status === 'cancelled' ? 'CANCEL' : 'PUBLISH',
    from.email,
  );
  scope.record(
    patientEvent(scope, row.patientId, 'appointment.calendar', {
      resourceType: 'appointment',
      resourceId: row.id,
    }),
  );
  return { filename: `appointment-${row.startsAt.toISOString().slice(0, 10)}.ics`, content };
}
