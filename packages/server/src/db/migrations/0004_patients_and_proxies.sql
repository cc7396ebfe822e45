-- Patients, and the proxies (parents, caretakers, legal representatives) who act for them
-- within the scopes the patient granted.
create table patients (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  mrn text not null,
  given_name text not null,
  family_name text not null,
  preferred_name text,
  birth_date date not null,
  sex text not null default 'unknown' check (sex in ('female', 'male', 'other', 'unknown')),
  phone text,
  email text,
  preferred_language text not null default 'en',
  preferred_channel text not null default 'sms' check (preferred_channel in ('sms', 'email', 'phone', 'portal')),
  address_line text,
  city text,
  region text,
  postal_code text,
  country text,
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, mrn),
  unique (organization_id, external_id)
);
create index patients_family_name_idx on patients (organization_id, lower(family_name));
create index patients_phone_idx on patients (organization_id, phone);
create index patients_email_idx on patients (organization_id, lower(email));

create table proxies (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  given_name text not null,
  family_name text not null,
  phone text,
  email text,
  preferred_language text not null default 'en',
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, external_id)
);

-- What a proxy may do for one patient. No scope means the relationship is known but grants
-- nothing (as after a FHIR import, until the patient or staff grant scopes).
create table proxy_authorizations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  proxy_id uuid not null references proxies (id) on delete cascade,
  patient_id uuid not null references patients (id) on delete cascade,
  relationship text not null check (relationship in ('parent', 'guardian', 'caretaker', 'spouse', 'child', 'sibling', 'legal-representative', 'other')),
  scopes text[] not null default '{}' check (scopes <@ array['scheduling', 'billing', 'messaging', 'records']),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (proxy_id, patient_id)
);
create index proxy_authorizations_patient_idx on proxy_authorizations (patient_id);
