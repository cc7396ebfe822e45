-- Scheduling: what each provider offers and where, the kinds of appointment, working hours with
-- their exceptions, the appointments themselves, and the free time between them, kept
-- precomputed so that searching for the next free times costs what the answer costs, not what
-- the calendar holds.

-- Lets one exclusion constraint compare a provider id (=) and a time range (&&): the database
-- itself refuses two appointments of one provider that overlap.
create extension if not exists btree_gist;

alter table providers
  -- Insurance payers the provider accepts, as keys ('aetna', 'medicare'); see payerKey().
  add column accepted_insurance text[] not null default '{}',
  add column photo_url text,
  -- The last day (in each location's time zone) whose free time has been computed.
  add column free_time_through date;

-- A provider's role at a location (FHIR PractitionerRole, and its Schedule): it needs an id.
alter table provider_locations
  add column id uuid not null default gen_random_uuid(),
  add column active boolean not null default true;
create unique index provider_locations_id_key on provider_locations (id);

create table appointment_types (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null,
  description text not null default '',
  duration_minutes integer not null check (duration_minutes between 5 and 480),
  buffer_before_minutes integer not null default 0 check (buffer_before_minutes between 0 and 120),
  buffer_after_minutes integer not null default 0 check (buffer_after_minutes between 0 and 120),
  -- Start times fall on this step from the start of the working block (e.g. :00, :15, :30).
  slot_step_minutes integer not null default 15 check (slot_step_minutes between 5 and 240),
  mode text not null default 'in-person' check (mode in ('in-person', 'telehealth')),
  patient_status text not null default 'any' check (patient_status in ('new', 'established', 'any')),
  -- The booking window: no sooner than this notice, no later than this many days ahead.
  min_notice_minutes integer not null default 120 check (min_notice_minutes >= 0),
  booking_horizon_days integer not null default 90 check (booking_horizon_days between 1 and 730),
  cancel_cutoff_minutes integer not null default 1440 check (cancel_cutoff_minutes >= 0),
  reschedule_cutoff_minutes integer not null default 1440 check (reschedule_cutoff_minutes >= 0),
  -- false: staff book it on the patient's behalf; patients do not see it online.
  bookable_online boolean not null default true,
  preparation text not null default '',
  -- Other languages: {"es": {"name": "...", "description": "...", "preparation": "..."}}.
  translations jsonb not null default '{}',
  -- [{ "id": "symptoms", "text": {"en": "...", "es": "..."}, "required": true }]
  intake_questions jsonb not null default '[]',
  -- How long before the visit reminders go out (10080 = 7 days, 2880 = 2 days, 120 = 2 hours).
  reminder_offsets_minutes integer[] not null default '{10080,2880,120}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, code)
);

create table provider_appointment_types (
  organization_id uuid not null references organizations (id),
  provider_id uuid not null references providers (id) on delete cascade,
  appointment_type_id uuid not null references appointment_types (id) on delete cascade,
  primary key (provider_id, appointment_type_id)
);

-- Working hours: a recurrence of days (RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE,FR or
-- FREQ=MONTHLY;BYDAY=1SA) and the hours worked on each of those days, in the location's time
-- zone. Several rules give several blocks a day.
create table schedule_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  provider_id uuid not null references providers (id) on delete cascade,
  location_id uuid not null references locations (id) on delete cascade,
  recurrence text not null check (recurrence ~ '^FREQ='),
  starts_on date not null,
  ends_on date check (ends_on is null or ends_on >= starts_on),
  start_time time not null,
  end_time time not null check (end_time > start_time),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index schedule_rules_provider_idx on schedule_rules (provider_id);

-- Dated changes to the working hours: time off (a provider away, at one location or all), and
-- extra hours at a location.
create table schedule_exceptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  provider_id uuid not null references providers (id) on delete cascade,
  location_id uuid references locations (id) on delete cascade,
  kind text not null check (kind in ('unavailable', 'extra-hours')),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  reason text not null default '',
  created_by uuid references staff_members (id) on delete set null,
  created_at timestamptz not null default now(),
  check (kind = 'unavailable' or location_id is not null)
);
create index schedule_exceptions_provider_idx on schedule_exceptions (provider_id, starts_at);

create table appointments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id),
  provider_id uuid not null references providers (id),
  location_id uuid not null references locations (id),
  appointment_type_id uuid not null references appointment_types (id),
  -- FHIR Appointment.status, plus 'held': chosen, waiting for the patient to confirm.
  status text not null check (status in ('held', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow')),
  mode text not null check (mode in ('in-person', 'telehealth')),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  buffer_before_minutes integer not null default 0,
  buffer_after_minutes integer not null default 0,
  -- The provider's time this takes: the visit with its buffers.
  blocked tstzrange not null,
  hold_expires_at timestamptz,
  reason_encrypted text,
  intake_answers_encrypted text,
  follow_up_encrypted text,
  -- The secret part of the video-visit link (telehealth only).
  video_visit_token text unique,
  -- Short code in reminders, for the check-in kiosk.
  check_in_code text,
  booked_by_type text check (booked_by_type in ('patient', 'proxy', 'staff', 'api-token', 'waitlist')),
  booked_by_id uuid,
  booked_at timestamptz,
  conversation_id uuid references conversations (id) on delete set null,
  confirmed_at timestamptz,
  checked_in_at timestamptz,
  check_in_notes text,
  fulfilled_at timestamptz,
  noshow_at timestamptz,
  cancelled_at timestamptz,
  cancellation_reason text check (
    cancellation_reason in ('patient', 'clinic', 'provider-unavailable', 'rescheduled', 'hold-expired')
  ),
  rescheduled_from_id uuid references appointments (id) on delete set null,
  -- Set when the provider became unavailable: the time off that cancelled it, and its rebooking.
  disrupted_by_id uuid references schedule_exceptions (id) on delete set null,
  rebooked_as_id uuid references appointments (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'held') = (hold_expires_at is not null)),
  -- No double booking, ever: the database refuses a second live appointment (or hold) on any
  -- part of a provider's time, whatever the code above it does.
  constraint appointments_no_double_booking
    exclude using gist (provider_id with =, blocked with &&) where (status in ('held', 'booked', 'arrived'))
);
create index appointments_patient_idx on appointments (patient_id, starts_at);
create index appointments_provider_idx on appointments (provider_id, starts_at);
create index appointments_location_day_idx on appointments (location_id, starts_at);
-- The kiosk finds a visit by its code among the location's visits of the day, so codes need not
-- be unique across the clinic.
create index appointments_check_in_code_idx on appointments (location_id, check_in_code)
  where check_in_code is not null;
create index appointments_held_idx on appointments (hold_expires_at) where status = 'held';
-- The no-show job looks for visits still only booked after their start, across organisations.
create index appointments_booked_start_idx on appointments (starts_at) where status = 'booked';

-- The free time of each provider at each location: working hours minus appointments (with
-- their buffers) and holds, minus time off and the location's closed days. Rewritten for the
-- days a change touches, in the transaction of the change.
create table provider_free_time (
  organization_id uuid not null references organizations (id),
  provider_id uuid not null references providers (id) on delete cascade,
  location_id uuid not null references locations (id) on delete cascade,
  -- The day in the location's time zone; a working block never crosses midnight.
  local_date date not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  primary key (provider_id, location_id, starts_at)
);
create index provider_free_time_day_idx on provider_free_time (provider_id, local_date);
-- The search walks each candidate provider's free time from a moment on, soonest first.
create index provider_free_time_soonest_idx on provider_free_time (provider_id, starts_at);

create table scheduling_settings (
  organization_id uuid primary key references organizations (id),
  hold_minutes integer not null default 5 check (hold_minutes between 1 and 60),
  no_show_grace_minutes integer not null default 15 check (no_show_grace_minutes between 0 and 240),
  -- Reminders are not sent between these times (the patient's own quiet hours, if set, win).
  quiet_hours_start time not null default '21:00',
  quiet_hours_end time not null default '08:00',
  waitlist_offer_minutes integer not null default 60 check (waitlist_offer_minutes between 5 and 1440),
  waitlist_offers_at_once integer not null default 3 check (waitlist_offers_at_once between 1 and 20),
  updated_by uuid references staff_members (id) on delete set null,
  updated_at timestamptz not null default now()
);

create table appointment_reminders (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  appointment_id uuid not null references appointments (id) on delete cascade,
  offset_minutes integer not null,
  send_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'skipped', 'cancelled')),
  channel text check (channel in ('sms', 'email')),
  sent_at timestamptz,
  skip_reason text,
  unique (appointment_id, offset_minutes)
);
create index appointment_reminders_due_idx on appointment_reminders (send_at) where status = 'pending';

create table waitlist_entries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id),
  provider_id uuid references providers (id) on delete cascade,
  specialty text,
  appointment_type_id uuid not null references appointment_types (id) on delete cascade,
  location_id uuid references locations (id) on delete cascade,
  -- An appointment the patient already has and would move to an earlier time.
  current_appointment_id uuid references appointments (id) on delete set null,
  -- ISO weekdays (1 = Monday) and the hours of the day that suit the patient.
  weekdays integer[] not null default '{1,2,3,4,5,6,7}' check (weekdays <@ '{1,2,3,4,5,6,7}'),
  earliest_time time not null default '00:00',
  latest_time time not null default '23:59',
  available_from date,
  available_until date,
  status text not null default 'waiting' check (status in ('waiting', 'booked', 'withdrawn', 'expired')),
  created_by_type text not null check (created_by_type in ('patient', 'proxy', 'staff')),
  created_by_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (provider_id is not null or specialty is not null)
);
create index waitlist_entries_waiting_idx on waitlist_entries (organization_id, created_at)
  where status = 'waiting';

create table waitlist_offers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  entry_id uuid not null references waitlist_entries (id) on delete cascade,
  provider_id uuid not null references providers (id) on delete cascade,
  location_id uuid not null references locations (id) on delete cascade,
  appointment_type_id uuid not null references appointment_types (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- SHA-256 of the secret in the offer's link.
  token_hash text not null unique,
  channel text check (channel in ('sms', 'email')),
  status text not null default 'open' check (status in ('open', 'accepted', 'declined', 'expired', 'taken')),
  expires_at timestamptz not null,
  answered_at timestamptz,
  appointment_id uuid references appointments (id) on delete set null,
  created_at timestamptz not null default now()
);
create index waitlist_offers_entry_idx on waitlist_offers (entry_id);
create index waitlist_offers_open_idx on waitlist_offers (expires_at) where status = 'open';

-- Check-in kiosks: a device at a location, let in by a key an administrator made for it.
create table kiosk_devices (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  location_id uuid not null references locations (id) on delete cascade,
  name text not null,
  key_hash text not null unique,
  created_by uuid references staff_members (id) on delete set null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);

-- An .ics calendar file and the like, encrypted like the body (they name the patient's visit).
alter table outbox_messages add column attachments_encrypted text;

do $$
declare
  table_name text;
begin
  foreach table_name in array array[
    'appointment_types', 'provider_appointment_types', 'schedule_rules', 'schedule_exceptions',
    'appointments', 'provider_free_time', 'scheduling_settings', 'appointment_reminders',
    'waitlist_entries', 'waitlist_offers', 'kiosk_devices'
  ] loop
    execute format('alter table %I enable row level security', table_name);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = current_tenant()) with check (organization_id = current_tenant())',
      table_name
    );
  end loop;
end
$$;
