-- The audit log: every access to patient information and every security-relevant change,
-- append-only and chained. Each event stores the hash of the one before it in its
-- organisation's chain, so a changed, removed or reordered event breaks the chain, and
-- `patientdesk audit-verify` finds the first broken link.
create table audit_events (
  organization_id uuid not null references organizations (id),
  -- Position in the organisation's chain: 1, 2, 3... without gaps.
  seq bigint not null check (seq >= 1),
  id uuid not null default gen_random_uuid() unique,
  occurred_at timestamptz not null,
  actor_type text not null check (actor_type in ('staff', 'patient', 'proxy', 'api-token', 'system')),
  actor_id uuid,
  actor_role text,
  actor_name text,
  -- The patient a proxy acted for, when the actor is a proxy.
  on_behalf_of_patient_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  patient_ids uuid[] not null default '{}',
  purpose_of_use text,
  break_glass_reason text,
  outcome text not null check (outcome in ('allowed', 'denied')),
  ip text,
  user_agent text,
  request_id text,
  details jsonb not null default '{}',
  previous_hash text not null,
  hash text not null,
  primary key (organization_id, seq)
);
create index audit_events_time_idx on audit_events (organization_id, occurred_at desc);
create index audit_events_actor_idx on audit_events (organization_id, actor_id, occurred_at desc);
create index audit_events_patients_idx on audit_events using gin (patient_ids);

-- The newest link of each organisation's chain; appending locks this row for an instant.
create table audit_chain_heads (
  organization_id uuid primary key references organizations (id),
  seq bigint not null,
  hash text not null
);

create function refuse_audit_event_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege',
          hint = 'Audit events are evidence; record a new event instead of changing one.';
end
$$;
create trigger audit_events_append_only
  before update or delete on audit_events
  for each row execute function refuse_audit_event_change();
create trigger audit_events_no_truncate
  before truncate on audit_events
  for each statement execute function refuse_audit_event_change();
