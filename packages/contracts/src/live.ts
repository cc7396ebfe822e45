import { z } from 'zod';
import { appointmentChangedEventSchema } from './arrival.ts';
import { conversationChangedEventSchema } from './conversations.ts';
import { staffAvailabilityChangedEventSchema } from './staff.ts';
import { emergencyAlertEventSchema } from './triage.ts';

/** Every event the server pushes over the `/api/live` websocket. */
export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('live.connected'), at: z.iso.datetime() }),
  staffAvailabilityChangedEventSchema,
  conversationChangedEventSchema,
  emergencyAlertEventSchema,
  appointmentChangedEventSchema,
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
