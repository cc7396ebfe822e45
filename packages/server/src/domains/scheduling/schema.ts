import {
  boolean,
  customType,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { conversations } from '../conversations/schema.ts';
import { locations, organizations, timestamps } from '../organizations/schema.ts';
import { type PatientSex, patients } from '../patients/schema.ts';
import { staffMembers } from '../staff/schema.ts';

export const providers = pgTable('providers', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  prefix: text('prefix'),
  credentials: text('credentials'),
  sex: text('sex').$type<PatientSex>().notNull().default('unknown'),
  npi: text('npi'),
  specialty: text('specialty'),
  languages: text('languages').array().notNull().default(['en']),
  email: text('email'),
  phone: text('phone'),
  acceptingNewPatients: boolean('accepting_new_patients').notNull().default(true),
  offersTelehealth: boolean('offers_telehealth').notNull().default(false),
  bio: text('bio').notNull().default(''),
  externalId: text('external_id'),
  /** Insurance payers accepted, as keys (`payerKey`): 'aetna', 'medicare'. */
  acceptedInsurance: text('accepted_insurance').array().notNull().default([]),
  photoUrl: text('photo_url'),
  /** The last day whose free time has been computed. */
  freeTimeThrough: date('free_time_through'),
  ...timestamps,
});

export const providerLocations = pgTable(
  'provider_locations',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    /** The role's own id: FHIR PractitionerRole and Schedule. */
    id: uuid('id').notNull().defaultRandom(),
    active: boolean('active').notNull().default(true),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.locationId] })],
);

const organizationId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);
const instant = (name: string) => timestamp(name, { withTimezone: true });

export type AppointmentMode = 'in-person' | 'telehealth';
export type PatientStatusRequired = 'new' | 'established' | 'any';

/** A question asked when booking a kind of appointment, in each language it is offered in. */
export interface IntakeQuestion {
  id: string;
  text: Record<string, string>;
  required: boolean;
}

/** An appointment type's texts in another language. */
export interface AppointmentTypeTranslation {
  name?: string;
  description?: string;
  preparation?: string;
}

export const appointmentTypes = pgTable('appointment_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  durationMinutes: integer('duration_minutes').notNull(),
  bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
  bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
  slotStepMinutes: integer('slot_step_minutes').notNull().default(15),
  mode: text('mode').$type<AppointmentMode>().notNull().default('in-person'),
  patientStatus: text('patient_status').$type<PatientStatusRequired>().notNull().default('any'),
  minNoticeMinutes: integer('min_notice_minutes').notNull().default(120),
  bookingHorizonDays: integer('booking_horizon_days').notNull().default(90),
  cancelCutoffMinutes: integer('cancel_cutoff_minutes').notNull().default(1440),
  rescheduleCutoffMinutes: integer('reschedule_cutoff_minutes').notNull().default(1440),
  bookableOnline: boolean('bookable_online').notNull().default(true),
  preparation: text('preparation').notNull().default(''),
  translations: jsonb('translations')
    .$type<Record<string, AppointmentTypeTranslation>>()
    .notNull()
    .default({}),
  intakeQuestions: jsonb('intake_questions').$type<IntakeQuestion[]>().notNull().default([]),
  reminderOffsetsMinutes: integer('reminder_offsets_minutes').array().notNull().default([10080, 2880, 120]),
  active: boolean('active').notNull().default(true),
  ...timestamps,
});

export const providerAppointmentTypes = pgTable(
  'provider_appointment_types',
  {
    organizationId: organizationId(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    appointmentTypeId: uuid('appointment_type_id')
      .notNull()
      .references(() => appointmentTypes.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.appointmentTypeId] })],
);

export const scheduleRules = pgTable('schedule_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => providers.id, { onDelete: 'cascade' }),
  locationId: uuid('location_id')
    .notNull()
    .references(() => locations.id, { onDelete: 'cascade' }),
  /** RFC 5545 RRULE of days: `FREQ=WEEKLY;BYDAY=MO,WE,FR`. */
  recurrence: text('recurrence').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on'),
  /** Local times in the location's time zone, `HH:MM:SS`. */
  startTime: time('start_time').notNull(),
  endTime: time('end_time').notNull(),
  ...timestamps,
});

export type ScheduleExceptionKind = 'unavailable' | 'extra-hours';

export const scheduleExceptions = pgTable('schedule_exceptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => providers.id, { onDelete: 'cascade' }),
  locationId: uuid('location_id').references(() => locations.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<ScheduleExceptionKind>().notNull(),
  startsAt: instant('starts_at').notNull(),
  endsAt: instant('ends_at').notNull(),
  reason: text('reason').notNull().default(''),
  createdBy: uuid('created_by').references(() => staffMembers.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** A Postgres tstzrange, written and read as `[start,end)` text. */
export const timeRange = customType<{ data: string }>({ dataType: () => 'tstzrange' });

export const appointmentStatuses = ['held', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];
/** Statuses that take the provider's time (the exclusion constraint covers exactly these). */
export const liveAppointmentStatuses = ['held', 'booked', 'arrived'] as const satisfies AppointmentStatus[];
export type BookedByType = 'patient' | 'proxy' | 'staff' | 'api-token' | 'waitlist';
export type CancellationReason =
  | 'patient'
  | 'clinic'
  | 'provider-unavailable'
  | 'rescheduled'
  | 'hold-expired';

export const appointments = pgTable('appointments', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => providers.id),
  locationId: uuid('location_id')
    .notNull()
    .references(() => locations.id),
  appointmentTypeId: uuid('appointment_type_id')
    .notNull()
    .references(() => appointmentTypes.id),
  status: text('status').$type<AppointmentStatus>().notNull(),
  mode: text('mode').$type<AppointmentMode>().notNull(),
  startsAt: instant('starts_at').notNull(),
  endsAt: instant('ends_at').notNull(),
  bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
  bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
  blocked: timeRange('blocked').notNull(),
  holdExpiresAt: instant('hold_expires_at'),
  reasonEncrypted: text('reason_encrypted'),
  intakeAnswersEncrypted: text('intake_answers_encrypted'),
  followUpEncrypted: text('follow_up_encrypted'),
  videoVisitToken: text('video_visit_token').unique(),
  checkInCode: text('check_in_code'),
  bookedByType: text('booked_by_type').$type<BookedByType>(),
  bookedById: uuid('booked_by_id'),
  bookedAt: instant('booked_at'),
  conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
  confirmedAt: instant('confirmed_at'),
  checkedInAt: instant('checked_in_at'),
  checkInNotesEncrypted: text('check_in_notes_encrypted'),
  fulfilledAt: instant('fulfilled_at'),
  noshowAt: instant('noshow_at'),
  cancelledAt: instant('cancelled_at'),
  cancellationReason: text('cancellation_reason').$type<CancellationReason>(),
  rescheduledFromId: uuid('rescheduled_from_id'),
  disruptedById: uuid('disrupted_by_id').references(() => scheduleExceptions.id, { onDelete: 'set null' }),
  rebookedAsId: uuid('rebooked_as_id'),
  ...timestamps,
});

export const providerFreeTime = pgTable(
  'provider_free_time',
  {
    organizationId: organizationId(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    localDate: date('local_date').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.locationId, table.startsAt] })],
);

export const schedulingSettings = pgTable('scheduling_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  holdMinutes: integer('hold_minutes').notNull().default(5),
  noShowGraceMinutes: integer('no_show_grace_minutes').notNull().default(15),
  quietHoursStart: time('quiet_hours_start').notNull().default('21:00'),
  quietHoursEnd: time('quiet_hours_end').notNull().default('08:00'),
  waitlistOfferMinutes: integer('waitlist_offer_minutes').notNull().default(60),
  waitlistOffersAtOnce: integer('waitlist_offers_at_once').notNull().default(3),
  updatedBy: uuid('updated_by').references(() => staffMembers.id, { onDelete: 'set null' }),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export type ReminderStatus = 'pending' | 'sent' | 'skipped' | 'cancelled';

export const appointmentReminders = pgTable('appointment_reminders', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  appointmentId: uuid('appointment_id')
    .notNull()
    .references(() => appointments.id, { onDelete: 'cascade' }),
  offsetMinutes: integer('offset_minutes').notNull(),
  sendAt: instant('send_at').notNull(),
  status: text('status').$type<ReminderStatus>().notNull().default('pending'),
  channel: text('channel').$type<'sms' | 'email'>(),
  sentAt: instant('sent_at'),
  skipReason: text('skip_reason'),
});

export type WaitlistEntryStatus = 'waiting' | 'booked' | 'withdrawn' | 'expired';

export const waitlistEntries = pgTable('waitlist_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  patientId: uuid('patient_id')
    .notNull()
    .references(() => patients.id),
  providerId: uuid('provider_id').references(() => providers.id, { onDelete: 'cascade' }),
  specialty: text('specialty'),
  appointmentTypeId: uuid('appointment_type_id')
    .notNull()
    .references(() => appointmentTypes.id, { onDelete: 'cascade' }),
  locationId: uuid('location_id').references(() => locations.id, { onDelete: 'cascade' }),
  currentAppointmentId: uuid('current_appointment_id').references(() => appointments.id, {
    onDelete: 'set null',
  }),
  weekdays: integer('weekdays').array().notNull().default([1, 2, 3, 4, 5, 6, 7]),
  earliestTime: time('earliest_time').notNull().default('00:00'),
  latestTime: time('latest_time').notNull().default('23:59'),
  availableFrom: date('available_from'),
  availableUntil: date('available_until'),
  status: text('status').$type<WaitlistEntryStatus>().notNull().default('waiting'),
  createdByType: text('created_by_type').$type<'patient' | 'proxy' | 'staff'>().notNull(),
  createdById: uuid('created_by_id'),
  ...timestamps,
});

export type WaitlistOfferStatus = 'open' | 'accepted' | 'declined' | 'expired' | 'taken';

export const waitlistOffers = pgTable('waitlist_offers', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  entryId: uuid('entry_id')
    .notNull()
    .references(() => waitlistEntries.id, { onDelete: 'cascade' }),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => providers.id, { onDelete: 'cascade' }),
  locationId: uuid('location_id')
    .notNull()
    .references(() => locations.id, { onDelete: 'cascade' }),
  appointmentTypeId: uuid('appointment_type_id')
    .notNull()
    .references(() => appointmentTypes.id, { onDelete: 'cascade' }),
  startsAt: instant('starts_at').notNull(),
  endsAt: instant('ends_at').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  channel: text('channel').$type<'sms' | 'email'>(),
  status: text('status').$type<WaitlistOfferStatus>().notNull().default('open'),
  expiresAt: instant('expires_at').notNull(),
  answeredAt: instant('answered_at'),
  appointmentId: uuid('appointment_id').references(() => appointments.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const kioskDevices = pgTable('kiosk_devices', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  locationId: uuid('location_id')
    .notNull()
    .references(() => locations.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdBy: uuid('created_by').references(() => staffMembers.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
  lastSeenAt: instant('last_seen_at'),
  revokedAt: instant('revoked_at'),
});
