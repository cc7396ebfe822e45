import { z } from 'zod';

/**
 * The waitlist (patients waiting for an earlier or any free time, offered freed times in order)
 * and a provider's unexpected time off (the appointments it cancelled, the patients told, and
 * who has rebooked since).
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date({ message: 'must be a date like 2026-03-08' });
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 08:30 (24-hour clock)');

export const waitlistEntryStatuses = ['waiting', 'booked', 'withdrawn', 'expired'] as const;
export type WaitlistEntryStatusName = (typeof waitlistEntryStatuses)[number];
export const waitlistOfferStatuses = ['open', 'accepted', 'declined', 'expired', 'taken'] as const;
export type WaitlistOfferStatusName = (typeof waitlistOfferStatuses)[number];

/** Joining the waitlist: for a provider or any provider of a specialty, one kind of visit. */
export const waitlistJoinRequestSchema = z
  .object({
    patientId: z.uuid({ message: 'must be the id of the patient who waits' }),
    providerId: z.uuid({ message: 'must be a provider id' }).optional(),
    specialty: z.string().trim().min(1).max(100).optional(),
    appointmentTypeId: z.uuid({ message: 'must be an appointment type id' }),
    locationId: z.uuid({ message: 'must be a location id' }).optional(),
    /** ISO weekdays that suit (1 = Monday ... 7 = Sunday). */
    weekdays: z
      .array(
        z
          .number()
          .int()
          .min(1, 'must be 1 (Monday) to 7 (Sunday)')
          .max(7, 'must be 1 (Monday) to 7 (Sunday)'),
      )
      .min(1, 'needs at least one day')
      .max(7)
      .default([1, 2, 3, 4, 5, 6, 7]),
    /** The visit starts no earlier than this, local time at the location. */
    earliestTime: clockTime.default('00:00'),
    /** The visit ends no later than this, local time at the location. */
    latestTime: clockTime.default('23:59'),
    availableFrom: localDate.optional(),
    availableUntil: localDate.optional(),
    /** An appointment the patient has and would move to an earlier time (same kind of visit). */
    currentAppointmentId: z.uuid({ message: 'must be an appointment id' }).optional(),
  })
  .refine((body) => body.providerId !== undefined || body.specialty !== undefined, {
    message: 'choose a provider or a specialty',
    path: ['providerId'],
  })
  .refine((body) => body.earliestTime < body.latestTime, {
    message: 'must be later than earliestTime',
    path: ['latestTime'],
  })
  .refine(
    (body) => !body.availableFrom || !body.availableUntil || body.availableFrom <= body.availableUntil,
    { message: 'must be on or after availableFrom', path: ['availableUntil'] },
  );
export type WaitlistJoinRequest = z.infer<typeof waitlistJoinRequestSchema>;

export const waitlistOfferSummarySchema = z.object({
  status: z.enum(waitlistOfferStatuses),
  startsAt: instant,
  expiresAt: instant,
  channel: z.enum(['sms', 'email']).nullable(),
  /** The zone of the location the time was offered at. */
  timeZone: z.string(),
});

export const waitlistEntrySchema = z.object({
  id: z.uuid(),
  status: z.enum(waitlistEntryStatuses),
  patient: z.object({ id: z.uuid(), displayName: z.string() }),
  provider: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  specialty: z.string().nullable(),
  appointmentType: z.object({ id: z.uuid(), name: z.string(), durationMinutes: z.number().int() }),
  location: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The appointment to move earlier, when the patient has one. */
  currentAppointment: z.object({ id: z.uuid(), startsAt: instant, timeZone: z.string() }).nullable(),
  weekdays: z.array(z.number().int()),
  earliestTime: z.string(),
  latestTime: z.string(),
  availableFrom: localDate.nullable(),
  availableUntil: localDate.nullable(),
  createdAt: instant,
  createdBy: z.enum(['patient', 'proxy', 'staff']),
  /** The most recent time offered to this entry. */
  lastOffer: waitlistOfferSummarySchema.nullable(),
  /** The appointment it was booked into (or moved to). */
  bookedAppointmentId: z.uuid().nullable(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;

export const waitlistEntryListSchema = z.object({ items: z.array(waitlistEntrySchema) });

export const waitlistEntryIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a waitlist entry id' }),
});

/** The staff's view of a waitlist: who waits, in the order offers go out (oldest first). */
export const waitlistQuerySchema = z.object({
  providerId: z.uuid({ message: 'must be a provider id' }).optional(),
  specialty: z.string().trim().min(1).max(100).optional(),
  appointmentTypeId: z.uuid({ message: 'must be an appointment type id' }).optional(),
  status: z.enum(waitlistEntryStatuses).default('waiting'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type WaitlistQuery = z.infer<typeof waitlistQuerySchema>;

/**
 * Marking a provider unavailable (illness, an emergency). Times with an offset are instants;
 * times without one are read on the clock of the location (or, without one, of the clinic).
 */
const instantOrLocal = z.iso.datetime({
  offset: true,
  local: true,
  message: 'must be a date and time like 2026-03-08T09:00 (or with an offset, 2026-03-08T09:00-05:00)',
});

export const providerUnavailabilityRequestSchema = z.object({
  startsAt: instantOrLocal,
  endsAt: instantOrLocal,
  reason: z.string().trim().min(1, 'say why, in a few words (patients are not shown it)').max(500),
  locationId: z.uuid({ message: 'must be a location id' }).optional(),
});
export type ProviderUnavailabilityRequest = z.infer<typeof providerUnavailabilityRequestSchema>;

export const providerUnavailabilityPreviewQuerySchema = z.object({
  startsAt: instantOrLocal,
  endsAt: instantOrLocal,
  locationId: z.uuid({ message: 'must be a location id' }).optional(),
});

export const providerUnavailabilityParamsSchema = z.object({
  id: z.uuid({ message: 'must be a provider id' }),
  exceptionId: z.uuid({ message: 'must be the id of a time off' }),
});

/** One appointment a provider's time off touches: who, when, and what has happened since. */
export const affectedAppointmentSchema = z.object({
  appointmentId: z.uuid(),
  status: z.string(),
  /** Null for staff whose role does not read patients' appointments. */
  patient: z.object({ id: z.uuid(), displayName: z.string(), phone: z.string().nullable() }).nullable(),
  startsAt: instant,
  endsAt: instant,
  timeZone: z.string(),
  appointmentType: z.string(),
  location: z.string(),
  /** How the patient was told (null until the time off is marked, or when they could not be reached). */
  notice: z
    .object({
      channel: z.enum(['sms', 'email']).nullable(),
      sentAt: instant.nullable(),
      /** Why nobody could be told by message: call them. */
      skipReason: z.string().nullable(),
    })
    .nullable(),
  /** The appointment the patient booked again, if they have. */
  rebookedAs: z
    .object({ appointmentId: z.uuid(), startsAt: instant, provider: z.string(), status: z.string() })
    .nullable(),
});
export type AffectedAppointment = z.infer<typeof affectedAppointmentSchema>;

export const providerUnavailabilityPreviewSchema = z.object({
  providerId: z.uuid(),
  provider: z.string(),
  startsAt: instant,
  endsAt: instant,
  /** The zone the times were read in and are best shown in. */
  timeZone: z.string(),
  affected: z.array(affectedAppointmentSchema),
});
export type ProviderUnavailabilityPreview = z.infer<typeof providerUnavailabilityPreviewSchema>;

export const providerUnavailabilitySchema = providerUnavailabilityPreviewSchema.extend({
  id: z.uuid(),
  reason: z.string(),
  locationId: z.uuid().nullable(),
  createdAt: instant,
  createdBy: z.string().nullable(),
  counts: z.object({
    affected: z.number().int(),
    notified: z.number().int(),
    notReached: z.number().int(),
    rebooked: z.number().int(),
    notRebooked: z.number().int(),
  }),
});
export type ProviderUnavailability = z.infer<typeof providerUnavailabilitySchema>;

export const providerUnavailabilityListSchema = z.object({
  items: z.array(providerUnavailabilitySchema.omit({ affected: true })),
});
export type ProviderUnavailabilityList = z.infer<typeof providerUnavailabilityListSchema>;
