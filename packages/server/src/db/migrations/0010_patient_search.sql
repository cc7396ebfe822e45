-- Patient search, and a patient's access history, under row-level security.
--
-- Requests run as `patientdesk_tenant`, where the tenant policy's filter comes first and
-- PostgreSQL lets a query's own conditions use an index only when they are "leakproof". lower(),
-- the pg_trgm operators and array containment are not, so under the policy a name, email or MRN
-- search (and the audit events naming a patient) would read every row of the clinic: 200 ms and
-- more at 100,000 patients. These functions run as the tables' owner, which the policies do not
-- restrict, and filter by the caller's organisation themselves with the very setting the policies
-- read (current_tenant(); none set means no rows). They only find: search returns ids and a rank,
-- and the caller reads the rows themselves under row-level security.

-- Names, typo tolerant: every word typed must be like a word of the name (pg_trgm word
-- similarity, through patients_search_name_trgm_idx). Two or more words narrow each other, so
-- each may be looser. One or two letters alone would match a large share of the clinic, so they
-- find that whole name only ("Wu", "Li"). Best first: words that start a word of the name, then
-- the closest spelling, then names that start with the first word, then the name closest to
-- everything typed.
create function search_patients_by_name(words text[], include_merged boolean, max_rows integer)
  returns table (patient_id uuid, rank real)
  language plpgsql
  security definer
  set search_path = public, pg_temp
  -- The planner guesses that a short word matches a large share of the clinic and then reads
  -- every row, computing a similarity for each; through the trigram index it reads only
  -- the candidates.
  set enable_seqscan = off
  set pg_trgm.word_similarity_threshold = 0.4
  set pg_trgm.strict_word_similarity_threshold = 1
as $$
declare
  word text;
  pattern text;
  first_word_pattern text;
  every_word_matches text := '';
  closeness text := '0';
begin
  if coalesce(cardinality(words), 0) = 0 then
    return;
  end if;
  if cardinality(words) > 1 then
    perform set_config('pg_trgm.word_similarity_threshold', '0.3', true);
  end if;
  foreach word in array words loop
    pattern := replace(replace(replace(word, '\', '\\'), '%', '\%'), '_', '\_');
    first_word_pattern := coalesce(first_word_pattern, pattern);
    every_word_matches := every_word_matches || format(
      case when cardinality(words) = 1 and length(word) <= 2 then ' and search_name %%>> %L'
           else ' and search_name %%> %L' end,
      word
    );
    closeness := closeness || format(
      ' + (search_name like %L or search_name like %L)::int + strict_word_similarity(%L, search_name)',
      pattern || '%', '% ' || pattern || '%', word
    );
  end loop;
  -- Among equally good word matches, a name that starts with the first word typed (people
  -- type the given name first), then the name closest to all that was typed, comes first:
  -- "mar marv" puts Marlin Marvin before Bo Marvin and Abagail Marvin.
  closeness := closeness || format(
    ' + 0.5 * (search_name like %L)::int + similarity(search_name, %L)',
    first_word_pattern || '%',
    array_to_string(words, ' ')
  );
  return query execute format(
    'select id, (%s)::real from patients
      where organization_id = current_tenant() %s and ($1 or merged_into_id is null)
      order by 2 desc, family_name, given_name, id
      limit $2',
    closeness, every_word_matches
  ) using include_merged, max_rows;
end
$$;

-- Email, case-insensitive (patients_email_idx).
create function search_patients_by_email(address text, include_merged boolean, max_rows integer)
  returns table (patient_id uuid)
  language sql stable security definer set search_path = public, pg_temp
as $$
  select id from patients
  where organization_id = current_tenant() and lower(email) = lower(address)
    and (include_merged or merged_into_id is null)
  order by family_name, given_name, id
  limit max_rows
$$;

-- Medical record number, case-insensitive and exact (patients_mrn_lower_idx).
create function search_patients_by_mrn(record_number text, include_merged boolean, max_rows integer)
  returns table (patient_id uuid)
  language sql stable security definer set search_path = public, pg_temp
as $$
  select id from patients
  where organization_id = current_tenant() and lower(mrn) = lower(record_number)
    and (include_merged or merged_into_id is null)
  order by family_name, given_name, id
  limit max_rows
$$;

-- The audit events that name a patient, newest first (audit_events_patients_idx).
create function audit_events_naming_patient(patient uuid, max_rows integer)
  returns setof audit_events
  language sql stable security definer set search_path = public, pg_temp
as $$
  select * from audit_events
  where organization_id = current_tenant() and patient_ids @> array[patient]
  order by occurred_at desc, seq desc
  limit max_rows
$$;

revoke all on function search_patients_by_name(text[], boolean, integer) from public;
revoke all on function search_patients_by_email(text, boolean, integer) from public;
revoke all on function search_patients_by_mrn(text, boolean, integer) from public;
revoke all on function audit_events_naming_patient(uuid, integer) from public;
grant execute on function search_patients_by_name(text[], boolean, integer) to patientdesk_tenant;
grant execute on function search_patients_by_email(text, boolean, integer) to patientdesk_tenant;
grant execute on function search_patients_by_mrn(text, boolean, integer) to patientdesk_tenant;
grant execute on function audit_events_naming_patient(uuid, integer) to patientdesk_tenant;
