-- When a provider becomes unavailable (illness, an emergency), the time off cancels their
-- appointments and each patient is told at once with times to rebook. What went out to whom,
-- or why nobody could be told by message, is kept per appointment, so the front desk knows whom
-- to call; who has rebooked is appointments.rebooked_as_id.
create table disruption_notices (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  exception_id uuid not null references schedule_exceptions (id) on delete cascade,
  appointment_id uuid not null unique references appointments (id) on delete cascade,
  channel text check (channel in ('sms', 'email')),
  sent_at timestamptz,
  -- No address, consent withdrawn, or every channel refused it: someone calls the patient.
  skip_reason text,
  created_at timestamptz not null default now(),
  check ((channel is null) = (sent_at is null)),
  check (sent_at is not null or skip_reason is not null)
);
create index disruption_notices_exception_idx on disruption_notices (exception_id);

alter table disruption_notices enable row level security;
create policy tenant_isolation on disruption_notices
  using (organization_id = current_tenant()) with check (organization_id = current_tenant());
