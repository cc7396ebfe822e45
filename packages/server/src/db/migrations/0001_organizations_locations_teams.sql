-- Tenancy: every clinic (organisation) owns its locations and teams; every tenant row carries
-- organization_id so access can be scoped to one organisation.
create table organizations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  time_zone text not null,
  country text not null default 'US' check (country ~ '^[A-Z]{2}$'),
  default_language text not null default 'en',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table locations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  name text not null check (length(name) between 1 and 200),
  address_line text,
  city text,
  region text,
  postal_code text,
  country text,
  phone text,
  time_zone text not null,
  latitude double precision,
  longitude double precision,
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, external_id)
);
create index locations_organization_idx on locations (organization_id);

create table teams (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, slug)
);

-- Healthcare organisations a clinic works with (hospitals, labs, payers), as met in FHIR imports.
create table partner_organizations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  name text not null,
  kind text,
  phone text,
  address_line text,
  city text,
  region text,
  postal_code text,
  country text,
  external_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, external_id)
);
