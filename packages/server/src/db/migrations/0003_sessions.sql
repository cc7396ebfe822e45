-- Server-side sign-in sessions. Only a hash of the token is kept, so a copy of the database
-- cannot be used to sign in. Expired sessions are swept by the nightly retention job.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  subject_type text not null check (subject_type in ('staff', 'patient', 'proxy')),
  subject_id uuid not null,
  token_hash bytea not null unique,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  idle_expires_at timestamptz not null,
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index sessions_subject_idx on sessions (subject_type, subject_id);
create index sessions_expires_idx on sessions (expires_at);
