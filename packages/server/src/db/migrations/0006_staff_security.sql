-- Staff security: multi-factor sign-in, throttling, one-time links (password reset and
-- invitations), API access tokens, and the organisation's security settings.

alter table organizations
  add column require_staff_mfa boolean not null default true,
  -- Age rules for parents' proxy access to a minor's record: full access below the
  -- adolescent age, scheduling and billing only from it, none from the adult age on
  -- (unless a guardian or legal representative holds the authorisation).
  add column proxy_adolescent_age integer not null default 12 check (proxy_adolescent_age between 0 and 21),
  add column proxy_adult_age integer not null default 18 check (proxy_adult_age between 1 and 25),
  add constraint organizations_proxy_ages_ordered check (proxy_adolescent_age <= proxy_adult_age);

alter table staff_members
  add column mfa_secret_encrypted text,
  add column mfa_enabled_at timestamptz,
  -- The last authenticator time step accepted, so a code cannot be used twice.
  add column mfa_last_time_step bigint,
  add column password_changed_at timestamptz;

-- Single-use recovery codes for a staff member who lost their authenticator. Hashed.
create table staff_recovery_codes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  staff_member_id uuid not null references staff_members (id) on delete cascade,
  code_hash bytea not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index staff_recovery_codes_staff_idx on staff_recovery_codes (staff_member_id);

-- Failed sign-ins per email (known or not, so a lock does not reveal who has an account).
-- Installation-wide like staff email addresses; read and written only by the sign-in path.
create table sign_in_throttles (
  email_key text primary key,
  failures integer not null default 0,
  first_failed_at timestamptz not null default now(),
  locked_until timestamptz
);

alter table sessions
  add column authenticated_by text not null default 'password'
    check (authenticated_by in ('password', 'password+totp', 'password+recovery-code', 'one-time-code')),
  -- A portal session belongs to a verified email or phone number: every patient record and
  -- proxy of the organisation with that contact is who the session may act as.
  add column portal_contact text;

-- One-time links for staff: password reset and invitation. Only a hash of the token is kept.
create table staff_one_time_links (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  staff_member_id uuid not null references staff_members (id) on delete cascade,
  purpose text not null check (purpose in ('password-reset', 'invitation')),
  token_hash bytea not null unique,
  created_by uuid references staff_members (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index staff_one_time_links_staff_idx on staff_one_time_links (staff_member_id);

-- API access tokens for integrations and scripts; they act as their staff member.
create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  staff_member_id uuid not null references staff_members (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  token_hash bytea not null unique,
  -- The first characters of the token, so people can tell their tokens apart in lists.
  token_prefix text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_staff_idx on api_tokens (staff_member_id);

-- One-time sign-in codes for the patient portal, sent by email or SMS.
create table portal_sign_in_codes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  contact text not null,
  code_hash bytea not null,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz
);
create index portal_sign_in_codes_contact_idx on portal_sign_in_codes (organization_id, contact, created_at desc);

-- Outgoing email and SMS kept here instead of sent (the outbox driver of development and the
-- demo). Bodies may carry sign-in codes and links, so they are encrypted like PHI.
create table outbox_messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  channel text not null check (channel in ('email', 'sms')),
  recipient text not null,
  subject text,
  body_encrypted text not null,
  purpose text not null,
  created_at timestamptz not null default now()
);
create index outbox_messages_organization_idx on outbox_messages (organization_id, created_at desc);

-- Every encryption key that has ever encrypted a value, with a known value encrypted under it,
-- so start-up can tell a missing or wrong key apart from a working one before serving anything.
create table encryption_key_checks (
  key_id text primary key,
  check_value text not null,
  created_at timestamptz not null default now()
);
