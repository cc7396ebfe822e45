-- Staff accounts. Email is unique across the installation so sign-in needs no organisation picker.
create table staff_members (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
  display_name text not null check (length(display_name) between 1 and 200),
  role text not null check (role in ('agent', 'scheduler', 'billing', 'clinician', 'supervisor', 'compliance', 'admin')),
  languages text[] not null default '{en}',
  password_hash text,
  availability text not null default 'offline' check (availability in ('available', 'busy', 'away', 'offline')),
  capacity integer not null default 5 check (capacity between 0 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  disabled_at timestamptz
);
create unique index staff_members_email_idx on staff_members (lower(email));
create index staff_members_organization_idx on staff_members (organization_id);

create table staff_team_memberships (
  organization_id uuid not null references organizations (id),
  staff_member_id uuid not null references staff_members (id) on delete cascade,
  team_id uuid not null references teams (id) on delete cascade,
  primary key (staff_member_id, team_id)
);
create index staff_team_memberships_team_idx on staff_team_memberships (team_id);
