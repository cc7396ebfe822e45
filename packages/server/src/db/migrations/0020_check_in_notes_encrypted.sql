-- Check-in notes are what a patient told the kiosk changed (a new address, a new insurer):
-- health-adjacent personal information, kept encrypted at rest like every *_encrypted column.
-- The database holds no key, so this migration's data step (0020_check_in_notes_encrypted.ts,
-- run first in the same transaction) has encrypted each stored note in place; the column then
-- takes the name that says so. Renaming keeps every note: nothing is copied, nothing dropped.
do $$
begin
  -- A note not in the cipher's format would be plain text under a name promising otherwise.
  if exists (
    select 1 from appointments where check_in_notes is not null and check_in_notes not like 'pd1.%'
  ) then
    raise exception 'appointments.check_in_notes still holds notes that are not encrypted; encrypt them before renaming the column';
  end if;
end
$$;
alter table appointments rename column check_in_notes to check_in_notes_encrypted;
