import { z } from 'zod';
import { appointmentModes, appointmentStatusNames, insurancePayerSchema } from './scheduling.ts';

/**
 * Schedule management for staff: the kinds of visit, each provider's scheduling profile, their
 * working hours (weekly or monthly rules, extra hours), the clinic's scheduling settings, and a
 * provider's week as the desk shows it. None of it is health information except the patients'
 * names in the week, which only record readers get.
 */

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date({ message: 'must be a date like 2026-03-08' });
/** A wall-clock time in the location's zone; 24:00 ends a block at midnight. */
const timeOfDay = z
  .string()
  .trim()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)(:00)?$/, 'must be a time like 09:00 or 17:30');
const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ message: `must be a number of ${unit}` })
    .int(`must be whole ${unit}`)
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`);

export const patientStatusNames = ['new', 'established', 'any'] as const;

/** A question asked when booking, in English and (optionally) Spanish. */
export const intakeQuestionAdminSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a short key of lower-case letters, digits and dashes'),
  text: z.object({
    en: z.string().trim().min(1, 'needs the question in English').max(500),
    es: z.string().trim().max(500).optional(),
  }),
  required: z.boolean(),
});
export type IntakeQuestionAdmin = z.infer<typeof intakeQuestionAdminSchema>;

const translationSchema = z.object({
  name: z.string().trim().max(120).optional(),
  description: z.string().trim().max(2000).optional(),
  preparation: z.string().trim().max(4000).optional(),
});

/** Every field of an appointment type a clinic sets; each checked on its own. */
const appointmentTypeFields = z.object({
  code: z
    .string({ message: 'needs a short code like follow-up' })
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,39}$/,
      'must be lower-case letters, digits and dashes (up to 40), like follow-up',
    ),
  name: z.string({ message: 'needs a name' }).trim().min(1, 'needs a name').max(120),
  description: z.string().trim().max(2000),
  durationMinutes: wholeNumber(5, 480, 'minutes'),
  bufferBeforeMinutes: wholeNumber(0, 120, 'minutes'),
  bufferAfterMinutes: wholeNumber(0, 120, 'minutes'),
  /** Start times fall on this step from the start of a working block. */
  slotStepMinutes: wholeNumber(5, 240, 'minutes'),
  mode: z.enum(appointmentModes, { message: 'must be in-person or telehealth' }),
  /** Who may book it: new patients, established ones, or anyone. */
  patientStatus: z.enum(patientStatusNames, { message: 'must be new, established or any' }),
  /** The booking window: no sooner than this notice... */
  minNoticeMinutes: wholeNumber(0, 525_600, 'minutes'),
  /** ...and no later than this many days ahead. */
  bookingHorizonDays: wholeNumber(1, 730, 'days'),
  cancelCutoffMinutes: wholeNumber(0, 525_600, 'minutes'),
  rescheduleCutoffMinutes: wholeNumber(0, 525_600, 'minutes'),
  /** false: staff book it on the patient's behalf; patients do not see it online. */
  bookableOnline: z.boolean(),
  preparation: z.string().trim().max(4000),
  /** Spanish texts; empty ones fall back to English. */
  translations: z.object({ es: translationSchema.optional() }),
  intakeQuestions: z
    .array(intakeQuestionAdminSchema)
    .max(20, 'at most 20 questions')
    .superRefine((questions, context) => {
      const seen = new Set<string>();
      questions.forEach((question, index) => {
        if (seen.has(question.id))
          context.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `the key "${question.id}" is used by another question`,
          });
        seen.add(question.id);
      });
    }),
  /** How long before the visit each reminder goes out (10080 = 7 days, 120 = 2 hours). */
  reminderOffsetsMinutes: z
    .array(
      z
        .number({ message: 'must be a number of minutes' })
        .int('must be whole minutes')
        .positive('must be more than 0 minutes before the visit')
        .max(43_200, 'must be at most 30 days (43200 minutes) before the visit'),
    )
    .max(6, 'at most 6 reminders')
    .superRefine((offsets, context) => {
      offsets.forEach((offset, index) => {
        if (offsets.indexOf(offset) !== index)
          context.addIssue({
            code: 'custom',
            path: [index],
            message: `${offset} minutes is already in the list; each reminder needs its own time`,
          });
      });
    }),
});

/** A new type needs a code, a name and a duration; every other field has the usual default. */
export const appointmentTypeCreateSchema = appointmentTypeFields.partial().extend({
  code: appointmentTypeFields.shape.code,
  name: appointmentTypeFields.shape.name,
  durationMinutes: appointmentTypeFields.shape.durationMinutes,
});
export type AppointmentTypeCreate = z.infer<typeof appointmentTypeCreateSchema>;

/** Only the fields sent change; `active: false` stops the type being offered (it is never deleted). */
export const appointmentTypeUpdateSchema = appointmentTypeFields.partial().extend({
  active: z.boolean().optional(),
});
export type AppointmentTypeUpdate = z.infer<typeof appointmentTypeUpdateSchema>;

/** An appointment type as stored (read back without the input limits, which older rows may not meet). */
export const appointmentTypeDetailSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  durationMinutes: z.number().int(),
  bufferBeforeMinutes: z.number().int(),
  bufferAfterMinutes: z.number().int(),
  slotStepMinutes: z.number().int(),
  mode: z.enum(appointmentModes),
  patientStatus: z.enum(patientStatusNames),
  minNoticeMinutes: z.number().int(),
  bookingHorizonDays: z.number().int(),
  cancelCutoffMinutes: z.number().int(),
  rescheduleCutoffMinutes: z.number().int(),
  bookableOnline: z.boolean(),
  preparation: z.string(),
  translations: z.object({
    es: z
      .object({
        name: z.string().optional(),
        description: z.string().optional(),
        preparation: z.string().optional(),
      })
      .optional(),
  }),
  intakeQuestions: z.array(
    z.object({
      id: z.string(),
      text: z.object({ en: z.string(), es: z.string().optional() }),
      required: z.boolean(),
    }),
  ),
  reminderOffsetsMinutes: z.array(z.number().int()),
  active: z.boolean(),
  /** How many providers offer it. */
  providerCount: z.number().int(),
  updatedAt: instant,
});
export type AppointmentTypeDetail = z.infer<typeof appointmentTypeDetailSchema>;

export const appointmentTypeListSchema = z.object({ items: z.array(appointmentTypeDetailSchema) });

export const appointmentTypeIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be an appointment type id' }),
});

/** A provider's link to a location (their role there), active or not. */
export const providerLocationLinkSchema = z.object({
  locationId: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  active: z.boolean(),
});

export const scheduleRuleSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  /** RFC 5545 RRULE of days: `FREQ=WEEKLY;BYDAY=MO,WE`, `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`, `FREQ=MONTHLY;BYDAY=1SA`. */
  recurrence: z.string(),
  startsOn: localDate,
  endsOn: localDate.nullable(),
  /** `HH:MM` in the location's time zone. */
  startTime: z.string(),
  endTime: z.string(),
});
export type ScheduleRule = z.infer<typeof scheduleRuleSchema>;

export const scheduleRuleInputSchema = z
  .object({
    locationId: z.uuid({ message: 'must be one of the provider’s locations' }),
    recurrence: z.string().trim().min(1, 'needs the days, like FREQ=WEEKLY;BYDAY=MO,WE').max(200),
    startsOn: localDate,
    endsOn: localDate.nullable().default(null),
    startTime: timeOfDay,
    endTime: timeOfDay,
  })
  .refine((rule) => rule.startTime.slice(0, 5) < rule.endTime.slice(0, 5), {
    message: 'must be after the start time',
    path: ['endTime'],
  })
  .refine((rule) => rule.endsOn === null || rule.endsOn >= rule.startsOn, {
    message: 'must be on or after the first day',
    path: ['endsOn'],
  });
export type ScheduleRuleInput = z.input<typeof scheduleRuleInputSchema>;

/** Hours added on one day at one location, outside the usual rules. */
export const extraHoursSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  /** The day and times in the location's time zone. */
  date: localDate,
  startTime: z.string(),
  endTime: z.string(),
  startsAt: instant,
  endsAt: instant,
  reason: z.string(),
});
export type ExtraHours = z.infer<typeof extraHoursSchema>;

export const extraHoursInputSchema = z
  .object({
    locationId: z.uuid({ message: 'must be one of the provider’s locations' }),
    date: localDate,
    startTime: timeOfDay,
    endTime: timeOfDay,
    reason: z.string().trim().max(300).default(''),
  })
  .refine((hours) => hours.startTime.slice(0, 5) < hours.endTime.slice(0, 5), {
    message: 'must be after the start time',
    path: ['endTime'],
  });
export type ExtraHoursInput = z.input<typeof extraHoursInputSchema>;

/** Time a provider is away (marked through the "provider unavailable" flow). */
export const timeOffSchema = z.object({
  id: z.uuid(),
  /** null: away from every location. */
  locationId: z.uuid().nullable(),
  startsAt: instant,
  endsAt: instant,
  reason: z.string(),
});
export type TimeOff = z.infer<typeof timeOffSchema>;

export const providerScheduleProfileSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  specialty: z.string().nullable(),
  acceptedInsurance: z.array(insurancePayerSchema),
  /** ISO 639 codes: `en`, `es`, `vi`. */
  languages: z.array(z.string()),
  offersTelehealth: z.boolean(),
  acceptingNewPatients: z.boolean(),
  bio: z.string(),
  photoUrl: z.string().nullable(),
  appointmentTypeIds: z.array(z.uuid()),
  /** Every location of the clinic, linked to the provider or not. */
  locations: z.array(providerLocationLinkSchema.extend({ linked: z.boolean() })),
  rules: z.array(scheduleRuleSchema),
  /** From today on. */
  extraHours: z.array(extraHoursSchema),
  timeOff: z.array(timeOffSchema),
  /** The last day whose free time is computed. */
  freeTimeThrough: localDate.nullable(),
});
export type ProviderScheduleProfile = z.infer<typeof providerScheduleProfileSchema>;

export const providerScheduleListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      displayName: z.string(),
      specialty: z.string().nullable(),
      acceptingNewPatients: z.boolean(),
      offersTelehealth: z.boolean(),
      locationNames: z.array(z.string()),
      appointmentTypeCount: z.number().int(),
      ruleCount: z.number().int(),
    }),
  ),
});
export type ProviderScheduleList = z.infer<typeof providerScheduleListSchema>;

export const providerProfileUpdateSchema = z.object({
  /** Payer names or keys ("Blue Cross Blue Shield", "aetna"); stored as keys. */
  acceptedInsurance: z
    .array(z.string().trim().min(1, 'needs the payer’s name').max(100))
    .max(60, 'at most 60 payers')
    .optional(),
  languages: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{2,3}$/, 'must be a language code like es or vi'),
    )
    .min(1, 'needs at least one language')
    .max(20)
    .optional(),
  offersTelehealth: z.boolean().optional(),
  acceptingNewPatients: z.boolean().optional(),
  bio: z.string().trim().max(4000).optional(),
  photoUrl: z
    .url({ protocol: /^https$/, message: 'must be an https:// address of the photo' })
    .max(2000)
    .nullable()
    .optional(),
  /** The kinds of visit offered (the whole list). */
  appointmentTypeIds: z
    .array(z.uuid({ message: 'must be an appointment type id' }))
    .max(100)
    .optional(),
  /** Locations to link or unlink; those left out stay as they are. */
  locations: z
    .array(z.object({ locationId: z.uuid({ message: 'must be a location id' }), active: z.boolean() }))
    .max(100)
    .optional(),
});
export type ProviderProfileUpdate = z.infer<typeof providerProfileUpdateSchema>;

export const scheduleRuleParamsSchema = z.object({
  id: z.uuid({ message: 'must be a provider id' }),
  ruleId: z.uuid({ message: 'must be a working-hours rule id' }),
});
export const extraHoursParamsSchema = z.object({
  id: z.uuid({ message: 'must be a provider id' }),
  extraHoursId: z.uuid({ message: 'must be the id of extra hours' }),
});

export const schedulingSettingsSchema = z
  .object({
    /** How long a chosen time is held while the patient confirms. */
    holdMinutes: wholeNumber(1, 60, 'minutes'),
    /** After this long past the start without check-in, a visit is a no-show. */
    noShowGraceMinutes: wholeNumber(0, 240, 'minutes'),
    /** No reminders between these local times. */
    quietHoursStart: timeOfDay,
    quietHoursEnd: timeOfDay,
    /** How long a waitlist offer stays open. */
    waitlistOfferMinutes: wholeNumber(5, 1440, 'minutes'),
    /** How many waiting patients are offered one freed time at once. */
    waitlistOffersAtOnce: wholeNumber(1, 20, 'patients'),
  })
  .refine((settings) => settings.quietHoursStart.slice(0, 5) !== settings.quietHoursEnd.slice(0, 5), {
    message: 'must differ from the start of quiet hours',
    path: ['quietHoursEnd'],
  });
export type SchedulingSettingsBody = z.infer<typeof schedulingSettingsSchema>;

export const providerWeekQuerySchema = z.object({
  /** The first day, in the clinic's time zone (this week's Monday when left out). */
  from: localDate.optional(),
  days: z.coerce
    .number({ message: 'must be a number of days' })
    .int()
    .min(1, 'must be at least 1 day')
    .max(14, 'must be at most 14 days')
    .default(7),
});

const blockSchema = z.object({
  locationId: z.uuid(),
  /** The day in the location's time zone. */
  localDate: localDate,
  startsAt: instant,
  endsAt: instant,
});

export const providerWeekAppointmentSchema = z.object({
  id: z.uuid(),
  status: z.enum(appointmentStatusNames),
  locationId: z.uuid(),
  startsAt: instant,
  endsAt: instant,
  mode: z.enum(appointmentModes),
  appointmentType: z.object({ id: z.uuid(), name: z.string() }),
  /** Only for staff who read patients' appointments. */
  patient: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
});

export const providerWeekSchema = z.object({
  providerId: z.uuid(),
  displayName: z.string(),
  /** The clinic's zone, which names the days. */
  timeZone: z.string(),
  from: localDate,
  to: localDate,
  locations: z.array(z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() })),
  /** Working hours from the rules and extra hours (closed days left out), before time off and visits. */
  workingBlocks: z.array(blockSchema),
  /** What is left to book. */
  freeTime: z.array(blockSchema),
  appointments: z.array(providerWeekAppointmentSchema),
  timeOff: z.array(timeOffSchema),
  extraHours: z.array(extraHoursSchema),
});
export type ProviderWeek = z.infer<typeof providerWeekSchema>;
