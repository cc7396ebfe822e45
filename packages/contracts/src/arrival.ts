import { z } from 'zod';

/**
 * Arrival: check-in kiosks at a location and their self check-in, the front desk's arrivals
 * board (check in, seen with follow-up instructions, no-show), and the no-show figures.
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date({ message: 'must be a date like 2026-03-08' });

// ---------------------------------------------------------------------------------------------
// Kiosk devices, as staff manage them

export const arrivalLocationParamsSchema = z.object({
  id: z.uuid({ message: 'must be a location id' }),
});

export const kioskIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be a location id' }),
  kioskId: z.uuid({ message: 'must be a kiosk id' }),
});

export const kioskCreateRequestSchema = z.object({
  /** Where the device stands, so staff can tell kiosks apart: "Lobby, left of the door". */
  name: z
    .string({ message: 'must name the kiosk, for example "Lobby"' })
    .trim()
    .min(1, 'must name the kiosk, for example "Lobby"')
    .max(80, 'must be at most 80 characters'),
});
export type KioskCreateRequest = z.infer<typeof kioskCreateRequestSchema>;

export const kioskDeviceSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  name: z.string(),
  createdAt: instant,
  /** The last time the kiosk called the API (any step). */
  lastSeenAt: instant.nullable(),
});
export type KioskDevice = z.infer<typeof kioskDeviceSchema>;

export const kioskListSchema = z.object({ items: z.array(kioskDeviceSchema) });

/** A new kiosk: its secret key is shown this once, inside the address to open on the device. */
export const kioskCreatedSchema = kioskDeviceSchema.extend({
  key: z.string(),
  /** `<public URL>/kiosk/<location id>?key=<key>`: open it once on the device. */
  address: z.string(),
});
export type KioskCreated = z.infer<typeof kioskCreatedSchema>;

// ---------------------------------------------------------------------------------------------
// The kiosk itself (no staff session: the device's key in the `x-kiosk-key` header)

/** The header that carries a kiosk's key. */
export const kioskKeyHeader = 'x-kiosk-key';

export const kioskHeadersSchema = z.object({ [kioskKeyHeader]: z.string().max(200).optional() }).loose();

export const kioskLocationParamsSchema = z.object({
  locationId: z.uuid({ message: 'must be a location id' }),
});

/** What the kiosk shows before anyone touches it. */
export const kioskWelcomeSchema = z.object({
  kioskName: z.string(),
  clinicName: z.string(),
  locationName: z.string(),
  timeZone: z.string(),
  /** The language the kiosk starts in (and returns to for the next patient). */
  defaultLanguage: z.string(),
});
export type KioskWelcome = z.infer<typeof kioskWelcomeSchema>;

/** Last name and date of birth, or the check-in code from the reminder. */
export const kioskLookupRequestSchema = z
  .object({
    lastName: z
      .string({ message: 'must be your last name' })
      .trim()
      .min(1, 'must be your last name')
      .max(100, 'must be at most 100 characters')
      .optional(),
    birthDate: localDate.optional(),
    code: z
      .string({ message: 'must be the check-in code from your reminder' })
      .trim()
      .regex(/^[A-Za-z0-9]{4,12}$/, 'must be the check-in code from your reminder (letters and numbers)')
      .optional(),
  })
  .superRefine((value, context) => {
    if (value.code) return;
    if (!value.lastName)
      context.addIssue({
        code: 'custom',
        path: ['lastName'],
        message: 'must be your last name (or give the check-in code instead)',
      });
    if (!value.birthDate)
      context.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: 'must be your date of birth (or give the check-in code instead)',
      });
  });
export type KioskLookupRequest = z.infer<typeof kioskLookupRequestSchema>;

/** One of today's visits, disclosed as little as lets the patient recognise it. */
export const kioskVisitSchema = z.object({
  /** Opaque, short-lived: the next steps name the visit with it. */
  ticket: z.string(),
  /** "Maria L." */
  patientName: z.string(),
  startsAt: instant,
  timeZone: z.string(),
  providerName: z.string(),
  alreadyCheckedIn: z.boolean(),
});
export type KioskVisit = z.infer<typeof kioskVisitSchema>;

/** Empty when nothing matches: a wrong name or birth date says nothing about who is a patient. */
export const kioskLookupResultSchema = z.object({ visits: z.array(kioskVisitSchema) });
export type KioskLookupResult = z.infer<typeof kioskLookupResultSchema>;

export const kioskTicketRequestSchema = z.object({
  ticket: z.string({ message: 'must be the ticket from the search' }).min(20).max(2000),
});

/** What the patient confirms, masked: enough to say "still right", too little to learn anything. */
export const kioskDetailsSchema = z.object({
  /** "0123": the last four digits of the mobile number on file. */
  mobileEnding: z.string().nullable(),
  /** "m***@example.com" */
  email: z.string().nullable(),
  /** The insurance on file: the payer's name only. */
  insurancePayer: z.string().nullable(),
});
export type KioskDetails = z.infer<typeof kioskDetailsSchema>;

/**
 * - `same`: the insurance on file is still right.
 * - `changed`: it changed (or, with none on file, the patient has insurance to add).
 * - `none`: no insurance (any more).
 */
export const kioskInsuranceAnswers = ['same', 'changed', 'none'] as const;

export const kioskCheckInRequestSchema = kioskTicketRequestSchema.extend({
  contactStillRight: z.boolean({ message: 'must say whether the contact details are still right' }),
  insurance: z.enum(kioskInsuranceAnswers, { message: 'must be same, changed or none' }),
});
export type KioskCheckInRequest = z.infer<typeof kioskCheckInRequestSchema>;

export const kioskCheckInResultSchema = z.object({
  /** The first name the patient is greeted with. */
  firstName: z.string(),
  checkedInAt: instant,
  /** The front desk will ask about what changed. */
  somethingChanged: z.boolean(),
});
export type KioskCheckInResult = z.infer<typeof kioskCheckInResultSchema>;

// ---------------------------------------------------------------------------------------------
// The front desk's arrivals board

export const arrivalsQuerySchema = z.object({
  /** The day, in the location's time zone (today when left out). */
  date: localDate.optional(),
});

export const arrivalSchema = z.object({
  appointmentId: z.uuid(),
  status: z.enum(['booked', 'arrived', 'fulfilled', 'noshow']),
  patient: z.object({ id: z.uuid(), displayName: z.string() }),
  provider: z.object({ id: z.uuid(), displayName: z.string() }),
  appointmentType: z.object({ id: z.uuid(), name: z.string(), mode: z.enum(['in-person', 'telehealth']) }),
  startsAt: instant,
  endsAt: instant,
  checkedInAt: instant.nullable(),
  /** Minutes since check-in, while the patient waits (status `arrived`), at `now`. */
  waitingMinutes: z.number().int().nullable(),
  /** What the patient told the kiosk changed, for the front desk to ask about. */
  checkInNotes: z.string().nullable(),
  fulfilledAt: instant.nullable(),
  noshowAt: instant.nullable(),
  hasFollowUp: z.boolean(),
  /** The patient's missed visits so far (all time). */
  patientNoShowCount: z.number().int(),
});
export type Arrival = z.infer<typeof arrivalSchema>;

export const arrivalsBoardSchema = z.object({
  location: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  date: localDate,
  /** The server's clock when the board was read: waiting times count from here. */
  now: instant,
  items: z.array(arrivalSchema),
});
export type ArrivalsBoard = z.infer<typeof arrivalsBoardSchema>;

export const appointmentSeenRequestSchema = z.object({
  /** Instructions for after the visit; the patient reads them in the portal, never by SMS or email. */
  followUp: z.string().trim().max(4000, 'must be at most 4000 characters').optional(),
});
export type AppointmentSeenRequest = z.infer<typeof appointmentSeenRequestSchema>;

// ---------------------------------------------------------------------------------------------
// No-shows

export const noShowReportQuerySchema = z
  .object({
    /** First day, in the clinic's time zone (30 days ago when left out). */
    from: localDate.optional(),
    /** Last day, included (today when left out). */
    to: localDate.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'must not be after to',
    path: ['from'],
  });

export const noShowReportSchema = z.object({
  from: localDate,
  to: localDate,
  timeZone: z.string(),
  /** Per kind of visit: the visits that were due (booked and not cancelled), the missed ones, the rate. */
  byAppointmentType: z.array(
    z.object({
      appointmentType: z.object({ id: z.uuid(), name: z.string() }),
      booked: z.number().int(),
      noShows: z.number().int(),
      /** noShows / booked, from 0 to 1 (0 when nothing was booked). */
      rate: z.number(),
    }),
  ),
  /** Patients who missed two visits or more in the period, most first. */
  repeatPatients: z.array(
    z.object({
      patient: z.object({ id: z.uuid(), displayName: z.string() }),
      noShows: z.number().int(),
      lastNoShowAt: instant,
    }),
  ),
  totals: z.object({ booked: z.number().int(), noShows: z.number().int(), rate: z.number() }),
});
export type NoShowReport = z.infer<typeof noShowReportSchema>;

export const patientAppointmentSummarySchema = z.object({
  patientId: z.uuid(),
  noShowCount: z.number().int(),
  lastNoShowAt: instant.nullable(),
  fulfilledCount: z.number().int(),
  cancelledCount: z.number().int(),
  upcomingCount: z.number().int(),
  /** Visits missed in the last 12 months (by when each was due), for the record page. */
  recentNoShows: z.object({
    /** The first day counted, in the clinic's time zone: this day a year ago. */
    since: localDate,
    count: z.number().int(),
    /** The latest first, at most 50; each with its location's zone, to name the day it was due. */
    visits: z.array(
      z.object({
        appointmentId: z.uuid(),
        startsAt: instant,
        timeZone: z.string(),
        appointmentType: z.object({ id: z.uuid(), name: z.string() }),
      }),
    ),
  }),
});
export type PatientAppointmentSummary = z.infer<typeof patientAppointmentSummarySchema>;

// ---------------------------------------------------------------------------------------------
// Live

export const appointmentChanges = ['arrived', 'fulfilled', 'noshow', 'booked', 'cancelled'] as const;

/** An appointment changed: screens that show it ask the API again (no PHI in the event). */
export const appointmentChangedEventSchema = z.object({
  type: z.literal('appointment.changed'),
  appointmentId: z.uuid(),
  locationId: z.uuid(),
  change: z.enum(appointmentChanges),
});
export type AppointmentChangedEvent = z.infer<typeof appointmentChangedEventSchema>;
