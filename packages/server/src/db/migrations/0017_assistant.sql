-- The assistant: it answers routine questions at once from the organisation's public help
-- articles (or hands over to a person), and every attempt is counted, so the clinic sees how
-- many questions were answered without a human, how many were handed over, whether the answer
-- helped, and what people ask that no article answers yet.

create table assistant_settings (
  organization_id uuid primary key references organizations (id),
  enabled boolean not null default true,
  channels text[] not null default array['web', 'portal', 'sms']
    check (channels <@ array['web', 'portal', 'sms']),
  -- How sure the search must be before the assistant answers (0 to 1).
  min_confidence real not null default 0.6 check (min_confidence between 0 and 1),
  -- Let the configured language model write the answer from the articles (it must cite one).
  use_language_model boolean not null default false,
  updated_by uuid references staff_members (id) on delete set null,
  updated_at timestamptz not null default now()
);

create table assistant_answers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  conversation_id uuid not null references conversations (id) on delete cascade,
  question_message_id uuid not null references conversation_messages (id) on delete cascade,
  answer_message_id uuid references conversation_messages (id) on delete set null,
  outcome text not null check (outcome in ('answered', 'unanswered', 'handed-over')),
  -- Why it handed over: asked for a person, a second question it could not answer, "no, it did not help".
  handover_reason text check (handover_reason in ('asked-for-person', 'second-unanswered', 'not-helpful')),
  intent text,
  language text not null check (language in ('en', 'es')),
  article_id uuid,
  article_slug text,
  confidence real,
  source text check (source in ('search', 'language-model')),
  helpful boolean,
  feedback_at timestamptz,
  created_at timestamptz not null default now(),
  unique (question_message_id)
);
create index assistant_answers_conversation_idx on assistant_answers (conversation_id, created_at);
create index assistant_answers_organization_idx on assistant_answers (organization_id, created_at);

do $$
declare
  table_name text;
begin
  foreach table_name in array array['assistant_settings', 'assistant_answers'] loop
    execute format('alter table %I enable row level security', table_name);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = current_tenant()) with check (organization_id = current_tenant())',
      table_name
    );
  end loop;
end
$$;
