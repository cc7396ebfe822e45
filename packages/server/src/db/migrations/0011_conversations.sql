-- The unified inbox: whoever writes in (contacts and their addresses per channel), their
-- conversations and messages, internal notes, the timeline of what happened, saved replies,
-- SLA policies and the routing settings of teams and agents.

-- Where each channel reaches an organisation: the SMS numbers and inbound email addresses that
-- webhooks and the SMTP listener are addressed to. Unique across the installation, because an
-- unauthenticated webhook finds its organisation from the address alone.
create table channel_endpoints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  channel text not null check (channel in ('sms', 'email')),
  address text not null check (length(address) between 3 and 320),
  created_at timestamptz not null default now(),
  unique (channel, address)
);
create index channel_endpoints_organization_idx on channel_endpoints (organization_id);

alter table organizations
  -- A reply to a resolved conversation within this many hours reopens it; later ones start anew.
  add column conversation_reopen_hours integer not null default 168 check (conversation_reopen_hours between 0 and 8760);

-- Opening hours for SLA clocks: ISO weekday -> [{start, end}] in the location's time zone.
alter table locations
  add column business_hours jsonb,
  add column closed_dates date[] not null default '{}';

-- Teams own channels and intents; auto-assignment (round-robin by load and language) is theirs to
-- switch on, off means a shared queue.
alter table teams
  add column channels text[] not null default '{}' check (channels <@ array['web', 'portal', 'sms', 'email']),
  add column intents text[] not null default '{}',
  add column auto_assign boolean not null default false,
  add column is_default boolean not null default false;
create unique index teams_one_default_idx on teams (organization_id) where is_default;

alter table staff_members
  add column skills text[] not null default '{}',
  -- Round-robin fairness: the agent assigned longest ago goes first among equals.
  add column last_assigned_at timestamptz;

-- Whoever wrote: a patient, a proxy, or an unknown member of the public.
create table contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  kind text not null check (kind in ('patient', 'proxy', 'public')),
  patient_id uuid references patients (id) on delete set null,
  proxy_id uuid references proxies (id) on delete set null,
  display_name text check (length(display_name) <= 200),
  language text not null default 'en',
  -- Web chat: when the visitor last had the widget open (a reply to someone gone is also
  -- announced at the email or phone they left, without its text).
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'patient' or patient_id is not null),
  check (kind <> 'proxy' or proxy_id is not null)
);
create index contacts_patient_idx on contacts (patient_id) where patient_id is not null;

-- How a contact is reached on each channel: an E.164 phone, a lower-case email address, the
-- hash of a web-chat visitor's token, or the portal subject (`patient:<id>`, `proxy:<id>`).
create table contact_addresses (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  contact_id uuid not null references contacts (id) on delete cascade,
  channel text not null check (channel in ('web', 'portal', 'sms', 'email')),
  address text not null check (length(address) between 3 and 320),
  -- STOP on SMS (or an unsubscribe): nothing more is sent here until START.
  opted_out_at timestamptz,
  created_at timestamptz not null default now(),
  unique (organization_id, channel, address)
);
create index contact_addresses_contact_idx on contact_addresses (contact_id);

create table conversations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- What people say on the phone: "conversation 1042".
  number bigint generated always as identity,
  contact_id uuid not null references contacts (id),
  channel text not null check (channel in ('web', 'portal', 'sms', 'email')),
  subject_encrypted text,
  status text not null default 'open' check (status in ('open', 'pending', 'snoozed', 'resolved')),
  snoozed_until timestamptz,
  priority text not null default 'normal' check (priority in ('emergency', 'urgent', 'high', 'normal', 'low')),
  intent text check (length(intent) <= 100),
  team_id uuid references teams (id) on delete set null,
  assignee_id uuid references staff_members (id) on delete set null,
  tags text[] not null default '{}',
  patient_id uuid references patients (id) on delete set null,
  identity_verification_id uuid references identity_verifications (id) on delete set null,
  language text not null default 'en',
  -- Wait time: since when the contact has waited for an answer (null when answered).
  waiting_since timestamptz,
  first_response_at timestamptz,
  -- SLA: when the next answer is due (first or next response), and whether it was missed.
  response_due_at timestamptz,
  sla_warned_at timestamptz,
  sla_breached_at timestamptz,
  last_message_at timestamptz not null default now(),
  resolved_at timestamptz,
  messages_count integer not null default 0,
  -- Full-text search over encrypted messages: keyed hashes of their words (see message-search.ts).
  search_key_id text,
  search_terms text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'snoozed') = (snoozed_until is not null)),
  check ((status = 'resolved') = (resolved_at is not null))
);
-- Threading: one conversation in progress per contact and channel.
create unique index conversations_one_in_progress_idx on conversations (contact_id, channel) where status <> 'resolved';
create unique index conversations_number_idx on conversations (number);
create index conversations_inbox_idx on conversations (organization_id, status, last_message_at desc);
create index conversations_patient_idx on conversations (patient_id, last_message_at desc) where patient_id is not null;
create index conversations_contact_idx on conversations (contact_id, last_message_at desc);
create index conversations_assignee_idx on conversations (assignee_id) where status <> 'resolved';
create index conversations_due_idx on conversations (response_due_at) where response_due_at is not null and status <> 'resolved';
create index conversations_snoozed_idx on conversations (snoozed_until) where status = 'snoozed';
create index conversations_search_terms_idx on conversations using gin (search_terms);
create index conversations_tags_idx on conversations using gin (tags);

alter table identity_verifications
  add constraint identity_verifications_conversation_fk
  foreign key (conversation_id) references conversations (id) on delete set null;

-- Messages and internal notes. The provider's message id (Twilio's MessageSid, an email's
-- Message-ID, the widget's client id) is the idempotency key: a webhook delivered twice stores
-- one message.
create table conversation_messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  conversation_id uuid not null references conversations (id) on delete cascade,
  kind text not null default 'message' check (kind in ('message', 'note')),
  direction text check (direction in ('inbound', 'outbound')),
  author_kind text not null check (author_kind in ('contact', 'agent', 'system', 'assistant')),
  author_staff_id uuid references staff_members (id) on delete set null,
  body_encrypted text not null,
  mentions uuid[] not null default '{}',
  provider text,
  provider_message_id text,
  delivery_status text check (delivery_status in ('received', 'queued', 'sent', 'delivered', 'failed')),
  failure_reason text check (length(failure_reason) <= 500),
  -- Channel facts without PHI: email Message-ID and thread, SMS segments, widget client id.
  channel_metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  check ((kind = 'note') = (direction is null)),
  unique (organization_id, provider, provider_message_id)
);
create index conversation_messages_conversation_idx on conversation_messages (conversation_id, created_at);
create index conversation_messages_mentions_idx on conversation_messages using gin (mentions) where kind = 'note';

-- Files sent with a message: kept encrypted in the database, or in a configured folder.
create table message_attachments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  message_id uuid not null references conversation_messages (id) on delete cascade,
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  content_encrypted bytea,
  storage_path text,
  created_at timestamptz not null default now(),
  check ((content_encrypted is null) <> (storage_path is null))
);
create index message_attachments_message_idx on message_attachments (message_id);

-- The timeline: assigned, status changed, verified, merged, SLA warned and breached...
create table conversation_events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  conversation_id uuid not null references conversations (id) on delete cascade,
  kind text not null,
  actor_staff_id uuid references staff_members (id) on delete set null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index conversation_events_conversation_idx on conversation_events (conversation_id, created_at);

-- Saved replies: shared (no owner) or personal, per language.
create table saved_replies (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  owner_staff_id uuid references staff_members (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  body text not null check (length(body) between 1 and 5000),
  language text not null default 'en',
  shortcut text check (shortcut ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index saved_replies_organization_idx on saved_replies (organization_id, language);

-- SLA targets per priority and channel (no channel: every channel). Counted in the business
-- hours of a location, or around the clock when none is named.
create table sla_policies (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  priority text not null check (priority in ('emergency', 'urgent', 'high', 'normal', 'low')),
  channel text check (channel in ('web', 'portal', 'sms', 'email')),
  first_response_minutes integer not null check (first_response_minutes between 1 and 43200),
  next_response_minutes integer not null check (next_response_minutes between 1 and 43200),
  business_hours_location_id uuid references locations (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (organization_id, priority, channel)
);

do $$
declare
  table_name text;
begin
  foreach table_name in array array[
    'channel_endpoints', 'contacts', 'contact_addresses', 'conversations', 'conversation_messages',
    'message_attachments', 'conversation_events', 'saved_replies', 'sla_policies'
  ] loop
    execute format('alter table %I enable row level security', table_name);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = current_tenant()) with check (organization_id = current_tenant())',
      table_name
    );
  end loop;
end
$$;

-- Full-text search runs through a keyed-hash containment (@>), which row-level security would
-- not let use its index (see 0010); this owner function filters by the caller's organisation.
create function search_conversations_by_terms(key_id text, terms text[], max_rows integer)
  returns table (conversation_id uuid)
  language sql
  stable
  security definer
  set search_path = public, pg_temp
as $$
  select id from conversations
  where organization_id = current_tenant() and search_key_id = key_id and search_terms @> terms
  order by last_message_at desc
  limit max_rows
$$;
revoke all on function search_conversations_by_terms(text, text[], integer) from public;
grant execute on function search_conversations_by_terms(text, text[], integer) to patientdesk_tenant;
