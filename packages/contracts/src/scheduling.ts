import { z } from 'zod';

/**
 * Scheduling: the provider directory and its search, free times, and booking (hold, confirm,
 * reschedule, cancel) for patients in the portal and for staff on a patient's behalf.
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date({ message: 'must be a date like 2026-03-08' });
const queryBoolean = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((value) => value === 'true');

export const appointmentModes = ['in-person', 'telehealth'] as const;
export type AppointmentModeName = (typeof appointmentModes)[number];
export const appointmentStatusNames = [
  'held',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
] as const;
export type AppointmentStatusName = (typeof appointmentStatusNames)[number];

export const intakeQuestionSchema = z.object({
  id: z.string(),
  /** In the language asked for (English when there is no translation). */
  text: z.string(),
  required: z.boolean(),
});

export const appointmentTypeSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(appointmentModes),
  /** Who may book it: new patients, established ones, or anyone. */
  patientStatus: z.enum(['new', 'established', 'any']),
  bookableOnline: z.boolean(),
  preparation: z.string(),
  intakeQuestions: z.array(intakeQuestionSchema),
});
export type AppointmentTypeSummary = z.infer<typeof appointmentTypeSummarySchema>;

export const locationSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  addressLine: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type LocationSummary = z.infer<typeof locationSummarySchema>;

export const providerSummarySchema = z.object({
  id: z.uuid(),
  /** "Dr. Ana Ruiz, MD" */
  displayName: z.string(),
  specialty: z.string().nullable(),
  languages: z.array(z.string()),
  /** Insurance payer keys (`aetna`, `medicare`); names are in the directory. */
  acceptedInsurance: z.array(z.string()),
  acceptingNewPatients: z.boolean(),
  offersTelehealth: z.boolean(),
  bio: z.string(),
  photoUrl: z.string().nullable(),
  locationIds: z.array(z.uuid()),
  appointmentTypeIds: z.array(z.uuid()),
});
export type ProviderSummary = z.infer<typeof providerSummarySchema>;

export const insurancePayerSchema = z.object({ key: z.string(), name: z.string() });

/** Everything a booking form needs to offer its choices. */
export const schedulingDirectorySchema = z.object({
  organization: z.object({ slug: z.string(), name: z.string(), timeZone: z.string() }),
  specialties: z.array(z.string()),
  languages: z.array(z.string()),
  insurance: z.array(insurancePayerSchema),
  locations: z.array(locationSummarySchema),
  appointmentTypes: z.array(appointmentTypeSummarySchema),
  providers: z.array(providerSummarySchema),
});
export type SchedulingDirectory = z.infer<typeof schedulingDirectorySchema>;

export const directoryQuerySchema = z.object({
  /** The clinic's short name; not needed when signed in. */
  clinic: z.string().trim().min(1).max(63).optional(),
  language: z.enum(['en', 'es']).optional(),
});

/** A time that can be booked: the visit itself (buffers are the clinic's business). */
export const freeTimeSchema = z.object({
  startsAt: instant,
  endsAt: instant,
  providerId: z.uuid(),
  locationId: z.uuid(),
  appointmentTypeId: z.uuid(),
});
export type FreeTime = z.infer<typeof freeTimeSchema>;

export const providerSearchQuerySchema = z
  .object({
    clinic: z.string().trim().min(1).max(63).optional(),
    specialty: z.string().trim().min(1).max(100).optional(),
    /** An insurance payer key or name ("aetna", "Blue Cross Blue Shield"). */
    insurance: z.string().trim().min(1).max(100).optional(),
    /** A language the provider speaks: `es`, `vi`. */
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}$/, 'must be a language code like es')
      .optional(),
    appointmentType: z.string().trim().min(1).max(64).optional(),
    locationId: z.uuid({ message: 'must be the id of one of the clinic’s locations' }).optional(),
    latitude: z.coerce.number().min(-90).max(90).optional(),
    longitude: z.coerce.number().min(-180).max(180).optional(),
    withinKm: z.coerce.number().positive().max(500).optional(),
    newPatient: queryBoolean.optional(),
    telehealth: queryBoolean.optional(),
    withinDays: z.coerce.number().int().min(1).max(180).default(14),
    timesPerProvider: z.coerce.number().int().min(1).max(10).default(3),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((query) => (query.latitude === undefined) === (query.longitude === undefined), {
    message: 'latitude and longitude go together',
    path: ['latitude'],
  })
  .refine((query) => query.withinKm === undefined || query.latitude !== undefined, {
    message: 'withinKm needs latitude and longitude (where the patient is)',
    path: ['withinKm'],
  });
export type ProviderSearchQuery = z.infer<typeof providerSearchQuerySchema>;

export const providerSearchHitSchema = z.object({
  provider: providerSummarySchema,
  /** The kind of visit the times are for: the one asked for, or the provider's shortest online one. */
  appointmentType: z.object({ id: z.uuid(), name: z.string(), durationMinutes: z.number().int() }),
  /** From the point given, to the nearest location where the provider works. */
  distanceKm: z.number().nullable(),
  nextFreeTimes: z.array(freeTimeSchema),
});
export type ProviderSearchHit = z.infer<typeof providerSearchHitSchema>;

export const providerSearchResultSchema = z.object({
  /** Soonest available first; providers with no free time in the window last. */
  items: z.array(providerSearchHitSchema),
  from: instant,
  until: instant,
});
export type ProviderSearchResult = z.infer<typeof providerSearchResultSchema>;

export const providerIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a provider id' }),
});

export const providerCalendarQuerySchema = z.object({
  clinic: z.string().trim().min(1).max(63).optional(),
  appointmentType: z.string().trim().min(1).max(64),
  /** The first day, in the clinic's time zone (today when left out). */
  from: localDate.optional(),
  days: z.coerce.number().int().min(1).max(62).default(30),
  locationId: z.uuid().optional(),
});

export const providerCalendarSchema = z.object({
  providerId: z.uuid(),
  appointmentType: z.object({ id: z.uuid(), name: z.string(), durationMinutes: z.number().int() }),
  timeZone: z.string(),
  days: z.array(z.object({ date: localDate, times: z.array(freeTimeSchema) })),
});
export type ProviderCalendar = z.infer<typeof providerCalendarSchema>;

export const appointmentHoldRequestSchema = z.object({
  patientId: z.uuid({ message: 'must be the id of the patient the visit is for' }),
  providerId: z.uuid({ message: 'must be a provider id' }),
  locationId: z.uuid({ message: 'must be a location id' }),
  appointmentTypeId: z.uuid({ message: 'must be an appointment type id' }),
  startsAt: instant,
  /** The conversation a staff member books from (the booking shows in its timeline). */
  conversationId: z.uuid().optional(),
});
export type AppointmentHoldRequest = z.infer<typeof appointmentHoldRequestSchema>;

export const appointmentConfirmRequestSchema = z.object({
  reason: z.string().trim().max(1000).optional(),
  /** Answers to the appointment type's intake questions, by question id. */
  intakeAnswers: z.record(z.string(), z.string().trim().max(2000)).default({}),
});
export type AppointmentConfirmRequest = z.infer<typeof appointmentConfirmRequestSchema>;

export const appointmentRescheduleRequestSchema = z.object({
  startsAt: instant,
  providerId: z.uuid().optional(),
  locationId: z.uuid().optional(),
});
export type AppointmentRescheduleRequest = z.infer<typeof appointmentRescheduleRequestSchema>;

export const appointmentCancelRequestSchema = z.object({
  reason: z.string().trim().max(500).optional(),
});

export const appointmentIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be an appointment id' }),
});

export const appointmentSchema = z.object({
  id: z.uuid(),
  status: z.enum(appointmentStatusNames),
  patient: z.object({ id: z.uuid(), displayName: z.string() }),
  provider: z.object({ id: z.uuid(), displayName: z.string(), specialty: z.string().nullable() }),
  location: locationSummarySchema,
  appointmentType: z.object({
    id: z.uuid(),
    name: z.string(),
    durationMinutes: z.number().int(),
    mode: z.enum(appointmentModes),
    preparation: z.string(),
  }),
  startsAt: instant,
  endsAt: instant,
  timeZone: z.string(),
  holdExpiresAt: instant.nullable(),
  reason: z.string().nullable(),
  intakeAnswers: z.record(z.string(), z.string()),
  /** The page that opens the video visit near its time (telehealth only). */
  videoVisitUrl: z.string().nullable(),
  checkInCode: z.string().nullable(),
  bookedAt: instant.nullable(),
  confirmedAt: instant.nullable(),
  checkedInAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancellationReason: z.string().nullable(),
  rescheduledFromId: z.uuid().nullable(),
  /** Until when the patient may still change it themselves. */
  changeableUntil: instant.nullable(),
  canCancel: z.boolean(),
  canReschedule: z.boolean(),
  followUp: z.string().nullable(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

/**
 * Where the patient was told of a booking or a move, as the server sent it (not worked out again
 * by the page): the channel and a masked address, or that no notice could be sent and why.
 */
export const appointmentConfirmationSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('sent'),
    channel: z.enum(['sms', 'email']),
    /**
     * Masked ("•••• 0123", "m•••@example.com"); null when the person booking may not read the
     * patient's contact details (a proxy without the `records` scope).
     */
    to: z.string().nullable(),
  }),
  z.object({
    status: z.literal('not-sent'),
    /**
     * `no-address`: the record has no mobile number or email; `declined`: the patient turned off
     * the ones it has (texted STOP, revoked consent); `undelivered`: the channels refused it.
     */
    reason: z.enum(['no-address', 'declined', 'undelivered']),
  }),
]);
export type AppointmentConfirmation = z.infer<typeof appointmentConfirmationSchema>;

/** The answer to a confirmation or a move: the appointment, and where the patient was told of it. */
export const bookedAppointmentSchema = appointmentSchema.extend({
  /** Null only when no notice went with the change. */
  confirmation: appointmentConfirmationSchema.nullable(),
});
export type BookedAppointment = z.infer<typeof bookedAppointmentSchema>;

export const appointmentListSchema = z.object({ items: z.array(appointmentSchema) });

export const appointmentListQuerySchema = z.object({
  patientId: z.uuid().optional(),
  when: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
});

/** A booking that lost the race: the time was just taken; these are the next free ones. */
export const timeTakenDetailsSchema = z.object({ nextFreeTimes: z.array(freeTimeSchema) });
