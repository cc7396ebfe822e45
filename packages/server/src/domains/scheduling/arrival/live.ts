import type { AppointmentChangedEvent } from '@patientdesk/contracts';
import type { Logger } from '../../../observability/logger.ts';
import type { EventBus } from '../../../realtime/event-bus.ts';
import type { AppointmentRow } from '../booking.ts';

/**
 * Tells live screens (the arrivals board) that an appointment changed. Call it only after the
 * transaction of the change has committed: a screen that hears it reads the API at once, and on
 * the embedded database a publish inside the transaction would wait for that transaction itself.
 * A lost event only delays a screen until its next read, so a failure is logged, not thrown.
 */
export async function publishAppointmentChange(
  deps: { events: EventBus; logger?: Logger },
  appointment: Pick<AppointmentRow, 'id' | 'organizationId' | 'locationId'>,
  change: AppointmentChangedEvent['change'],
): Promise<void> {
  await deps.events
    .publish(appointment.organizationId, {
      type: 'appointment.changed',
      appointmentId: appointment.id,
      locationId: appointment.locationId,
      change,
    })
    .catch((error: unknown) =>
      deps.logger?.warn(
        { err: error, appointmentId: appointment.id },
        'an appointment live event was not sent',
      ),
    );
}
