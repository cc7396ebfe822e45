-- Providers (practitioners) who see patients, and the locations where each one practises.
create table providers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  given_name text not null,
  family_name text not null,
  prefix text,
  credentials text,
  sex text not null default 'unknown' check (sex in ('female', 'male', 'other', 'unknown')),
  npi text check (npi ~ '^[0-9]{10}$'),
  specialty text,
  languages text[] not null default '{en}',
  email text,
  phone text,
  accepting_new_patients boolean not null default true,
  offers_telehealth boolean not null default false,
  bio text not null default '',
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, npi),
  unique (organization_id, external_id)
);

create table provider_locations (
  organization_id uuid not null references organizations (id),
  provider_id uuid not null references providers (id) on delete cascade,
  location_id uuid not null references locations (id) on delete cascade,
  primary key (provider_id, location_id)
);
