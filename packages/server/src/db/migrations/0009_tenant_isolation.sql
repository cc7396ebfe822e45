-- Tenant isolation, enforced by the database a second time. Requests for an organisation run
-- as the role `patientdesk_tenant` with `patientdesk.organization_id` set for their
-- transaction; row-level security then hides every other organisation's rows, so a query that
-- forgets its `where organization_id = ...` still cannot read or change them. Start-up,
-- migrations, sign-in lookups and background jobs run as the connecting (owning) role, which
-- row-level security does not restrict.
do $$
begin
  create role patientdesk_tenant nologin;
exception when duplicate_object or unique_violation then
  -- Roles belong to the whole server: another database on it created this one already.
  null;
end
$$;
grant patientdesk_tenant to current_user;
grant usage on schema public to patientdesk_tenant;
grant select, insert, update, delete on all tables in schema public to patientdesk_tenant;
alter default privileges in schema public grant select, insert, update, delete on tables to patientdesk_tenant;
-- The audit log takes new events only, and its chain head moves only through appends.
revoke update, delete on audit_events from patientdesk_tenant;
revoke all on schema_migrations, sign_in_throttles, encryption_key_checks from patientdesk_tenant;
grant select on encryption_key_checks to patientdesk_tenant;

create function current_tenant() returns uuid language sql stable as $$
  select nullif(current_setting('patientdesk.organization_id', true), '')::uuid
$$;

alter table organizations enable row level security;
create policy tenant_isolation on organizations using (id = current_tenant()) with check (id = current_tenant());

do $$
declare
  table_name text;
begin
  foreach table_name in array array[
    'locations', 'teams', 'partner_organizations', 'staff_members', 'staff_team_memberships',
    'sessions', 'patients', 'proxies', 'proxy_authorizations', 'providers', 'provider_locations',
    'staff_recovery_codes', 'staff_one_time_links', 'api_tokens', 'portal_sign_in_codes',
    'outbox_messages', 'patient_contact_points', 'patient_consents', 'patient_coverages',
    'patient_notes', 'identity_verifications', 'emergency_accesses', 'patient_merges',
    'audit_events', 'audit_chain_heads'
  ] loop
    execute format('alter table %I enable row level security', table_name);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = current_tenant()) with check (organization_id = current_tenant())',
      table_name
    );
  end loop;
end
$$;
