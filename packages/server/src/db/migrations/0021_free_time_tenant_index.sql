-- Provider search and the calendar read a provider's free time from a moment on, soonest first,
-- as the tenant. With the organisation in the index, row-level security's check is part of the
-- index walk, which then stops at the first ranges that fit. Without it the embedded database,
-- which keeps no statistics, guessed that few rows would pass the check and read and sorted all
-- of the provider's ranges in the window instead (checking each row's tenant), which made a
-- search several times slower. A server with statistics and many clinics would guess the same.
create index provider_free_time_tenant_soonest_idx
  on provider_free_time (organization_id, provider_id, starts_at);
