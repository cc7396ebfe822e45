-- The patient record beside every conversation: identity, contact points with verification,
-- consents with their history, coverage, care team, notes, identity checks, merges, and the
-- search that finds a patient from a name fragment, a date of birth, a phone, an email or an MRN.

create extension if not exists pg_trgm;

alter table patients
  add column gender_identity text check (length(gender_identity) <= 100),
  add column pronouns text check (length(pronouns) <= 50),
  add column government_id_encrypted text,
  add column primary_provider_id uuid references providers (id) on delete set null,
  add column quiet_hours_start time,
  add column quiet_hours_end time,
  -- A merged record is kept (its history stays readable) and points at the one that survived.
  add column merged_into_id uuid references patients (id),
  add column merged_at timestamptz,
  -- What search matches: every name, lower-cased, and the phone's digits.
  add column search_name text generated always as (
    lower(given_name || ' ' || family_name || coalesce(' ' || preferred_name, ''))
  ) stored,
  add column phone_digits text generated always as (regexp_replace(coalesce(phone, ''), '\D', '', 'g')) stored;

create index patients_search_name_trgm_idx on patients using gin (search_name gin_trgm_ops);
create index patients_birth_date_idx on patients (organization_id, birth_date);
create index patients_phone_digits_idx on patients (organization_id, phone_digits);
create index patients_mrn_lower_idx on patients (organization_id, lower(mrn));

-- Every phone number and email of a patient; `patients.phone` and `patients.email` mirror the
-- primary ones (what search, sign-in codes and imports use).
create table patient_contact_points (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id) on delete cascade,
  kind text not null check (kind in ('phone', 'email')),
  value text not null check (length(value) between 3 and 320),
  label text not null default 'home' check (label in ('mobile', 'home', 'work', 'other')),
  is_primary boolean not null default false,
  verified_at timestamptz,
  created_at timestamptz not null default now()
);
create index patient_contact_points_patient_idx on patient_contact_points (patient_id);
create unique index patient_contact_points_one_primary_idx on patient_contact_points (patient_id, kind) where is_primary;

-- Whoever writes patients.phone or patients.email (the desk, an import, the demo) keeps the
-- primary contact point in step; a changed number or address is no longer verified.
create function sync_primary_contact_points() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.phone is distinct from old.phone then
    delete from patient_contact_points where patient_id = new.id and kind = 'phone' and is_primary;
    if new.phone is not null then
      insert into patient_contact_points (organization_id, patient_id, kind, value, label, is_primary)
        values (new.organization_id, new.id, 'phone', new.phone, 'mobile', true);
    end if;
  end if;
  if tg_op = 'INSERT' or new.email is distinct from old.email then
    delete from patient_contact_points where patient_id = new.id and kind = 'email' and is_primary;
    if new.email is not null then
      insert into patient_contact_points (organization_id, patient_id, kind, value, label, is_primary)
        values (new.organization_id, new.id, 'email', new.email, 'home', true);
    end if;
  end if;
  return null;
end
$$;
create trigger patients_primary_contact_points
  after insert or update of phone, email on patients
  for each row execute function sync_primary_contact_points();

insert into patient_contact_points (organization_id, patient_id, kind, value, label, is_primary)
  select organization_id, id, 'phone', phone, 'mobile', true from patients where phone is not null;
insert into patient_contact_points (organization_id, patient_id, kind, value, label, is_primary)
  select organization_id, id, 'email', email, 'home', true from patients where email is not null;

-- Consent to be contacted per channel, as a history: the latest row per channel is in force.
create table patient_consents (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id) on delete cascade,
  channel text not null check (channel in ('sms', 'email', 'voice')),
  status text not null check (status in ('granted', 'revoked')),
  source text not null check (source in ('portal', 'staff', 'sms-keyword', 'email-link', 'import', 'registration')),
  recorded_by_staff_id uuid references staff_members (id),
  note text check (length(note) <= 500),
  recorded_at timestamptz not null default now()
);
create index patient_consents_patient_idx on patient_consents (patient_id, channel, recorded_at desc);

create table patient_coverages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id) on delete cascade,
  priority text not null default 'primary' check (priority in ('primary', 'secondary', 'tertiary')),
  payer_name text not null check (length(payer_name) between 1 and 200),
  plan_name text check (length(plan_name) <= 200),
  member_number_encrypted text not null,
  group_number text check (length(group_number) <= 100),
  subscriber_relationship text not null default 'self'
    check (subscriber_relationship in ('self', 'spouse', 'child', 'other')),
  valid_from date,
  valid_to date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index patient_coverages_patient_idx on patient_coverages (patient_id);

-- Administrative notes (any staff who reads the record) and clinical notes (clinicians only);
-- both encrypted at rest.
create table patient_notes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id) on delete cascade,
  kind text not null check (kind in ('administrative', 'clinical')),
  body_encrypted text not null,
  author_staff_id uuid not null references staff_members (id),
  created_at timestamptz not null default now()
);
create index patient_notes_patient_idx on patient_notes (patient_id, kind, created_at desc);

-- A contact's identity checked against the record with two identifiers. Conversations (a later
-- migration) point here; a check ends with its conversation or at `expires_at`.
create table identity_verifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  patient_id uuid not null references patients (id) on delete cascade,
  conversation_id uuid,
  identifiers text[] not null check (cardinality(identifiers) >= 2),
  method text not null check (method in ('phone-call', 'chat', 'in-person', 'video', 'email', 'sms')),
  verified_by_staff_id uuid not null references staff_members (id),
  verified_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index identity_verifications_patient_idx on identity_verifications (patient_id, verified_at desc);

-- "Break the glass": a staff member opened a record outside their role, with a reason.
create table emergency_accesses (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  staff_member_id uuid not null references staff_members (id),
  patient_id uuid not null references patients (id) on delete cascade,
  reason text not null check (length(reason) between 10 and 1000),
  granted_at timestamptz not null default now(),
  expires_at timestamptz not null,
  reviewed_by_staff_id uuid references staff_members (id),
  reviewed_at timestamptz,
  review_note text check (length(review_note) <= 1000)
);
create index emergency_accesses_lookup_idx on emergency_accesses (staff_member_id, patient_id, expires_at);
create index emergency_accesses_review_idx on emergency_accesses (organization_id, granted_at desc);

create table patient_merges (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  surviving_patient_id uuid not null references patients (id),
  merged_patient_id uuid not null references patients (id) unique,
  merged_by_staff_id uuid not null references staff_members (id),
  reason text not null check (length(reason) between 3 and 1000),
  merged_at timestamptz not null default now()
);
