-- Urgency triage of every inbound message: what the engine decided (urgency, intent, which
-- rules fired; no words of the message, so this can be counted and reported on), the reasons
-- with the quoted phrases (encrypted, because they are the patient's words), a clinician's
-- corrections (kept as labelled examples for retraining), the distress signals of a
-- conversation, and each organisation's safety numbers.

alter table conversation_messages
  -- {urgency, intent, language, flags: [{rule, status}], model}
  add column triage jsonb,
  add column triage_reasons_encrypted text;
create index conversation_messages_triage_idx on conversation_messages (organization_id, created_at)
  where triage is not null;

alter table conversations
  -- Kinds of distress seen in the contact's messages: anger, fear, grief, shouting, repeated.
  add column distress text[] not null default '{}'
    check (distress <@ array['anger', 'fear', 'grief', 'shouting', 'repeated']),
  add column distress_at timestamptz;

create table triage_corrections (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  message_id uuid not null references conversation_messages (id) on delete cascade,
  conversation_id uuid not null references conversations (id) on delete cascade,
  language text not null check (language in ('en', 'es')),
  -- The message's words, encrypted: the labelled example a retraining reads.
  text_encrypted text not null,
  triaged_urgency text not null check (triaged_urgency in ('emergency', 'urgent', 'routine')),
  triaged_intent text not null,
  urgency text not null check (urgency in ('emergency', 'urgent', 'routine')),
  intent text not null check (intent in ('scheduling', 'billing', 'refill', 'results', 'records', 'referral',
    'complaint', 'clinical-question', 'general')),
  corrected_by uuid references staff_members (id) on delete set null,
  corrected_at timestamptz not null default now(),
  -- One correction a message: a second one replaces the first.
  unique (message_id)
);
create index triage_corrections_organization_idx on triage_corrections (organization_id, corrected_at);

-- Who to call in an emergency, per organisation (and country): the numbers the safety reply
-- gives, and a phone to page when no clinician is on duty in the desk.
create table safety_settings (
  organization_id uuid primary key references organizations (id),
  emergency_number text not null default '911' check (length(emergency_number) between 2 and 20),
  crisis_line text not null default '988' check (length(crisis_line) between 2 and 20),
  poison_control text not null default '1-800-222-1222' check (length(poison_control) between 2 and 30),
  on_call_phone text check (on_call_phone is null or on_call_phone ~ '^\+[1-9][0-9]{6,14}$'),
  updated_by uuid references staff_members (id) on delete set null,
  updated_at timestamptz not null default now()
);

do $$
declare
  table_name text;
begin
  foreach table_name in array array['triage_corrections', 'safety_settings'] loop
    execute format('alter table %I enable row level security', table_name);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = current_tenant()) with check (organization_id = current_tenant())',
      table_name
    );
  end loop;
end
$$;
