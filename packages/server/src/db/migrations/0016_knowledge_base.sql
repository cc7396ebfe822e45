-- The knowledge base: help articles (markdown, English and Spanish, public or internal), the
-- history of every change, the answers to "Did this help?", the synonyms an organisation adds,
-- and what search needs to be typo tolerant and fast. Articles hold no PHI; they are still an
-- organisation's own, under row-level security like every tenant table.

-- Real PostgreSQL has pg_trgm in postgresql-contrib (0007 asked for it already); PGlite loads it
-- as an extension (db/connection.ts).
create extension if not exists pg_trgm;

-- Search compares words without case or accents: patients type "inyeccion", "medico", "sabado"
-- on phones without Spanish keys. translate() is immutable, so it can feed a stored column.
create function knowledge_fold(value text) returns text
  language sql immutable parallel safe
as $$
  select translate(lower(coalesce(value, '')), 'áàâäãéèêëíìîïóòôöõúùûüýñç', 'aaaaaeeeeiiiiooooouuuuync')
$$;

-- Each article is searched with its own language's stemmer.
create function knowledge_search_config(language text) returns regconfig
  language sql immutable parallel safe
as $$
  select case when language = 'es' then 'pg_catalog.spanish'::regconfig else 'pg_catalog.english'::regconfig end
$$;

-- The words of an article, folded, for the spelling vocabulary: letters (and digits) of 3 to
-- 30 characters, once each, sorted.
create function knowledge_words(title text, summary text, body text) returns text[]
  language sql immutable parallel safe
as $$
  select coalesce(array_agg(distinct word order by word), '{}')
  from regexp_split_to_table(knowledge_fold(title || ' ' || summary || ' ' || body), '[^[:alnum:]]+') as word
  where length(word) between 3 and 30 and word ~ '[[:alpha:]]'
$$;

-- How a folded Spanish word sounds, for the misspellings Spanish speakers make because the
-- letters sound alike: a silent h, c/s/z before e and i, b/v, ll/y, qu/c/k ("sita" for "cita",
-- "aser" for "hacer", "nesesito" for "necesito", "ora" for "hora").
create function knowledge_sound(word text) returns text
  language sql immutable parallel safe
as $$
  select replace(replace(replace(replace(replace(
    regexp_replace(replace(word, 'h', ''), 'c([ei])', 's\1', 'g'),
    'z', 's'), 'v', 'b'), 'll', 'y'), 'qu', 'k'), 'c', 'k')
$$;

create table knowledge_articles (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- A translation shares its article's slug: /help/demo/es/prescription-refills.
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]*$' and length(slug) <= 100),
  language text not null check (language in ('en', 'es')),
  title text not null check (length(title) between 1 and 200),
  summary text not null default '' check (length(summary) <= 500),
  body text not null check (length(body) between 1 and 50000),
  category text not null check (category in ('visits', 'billing', 'prescriptions', 'records', 'portal',
    'getting-here', 'your-care', 'about', 'internal-procedures')),
  audience text not null default 'public' check (audience in ('public', 'internal')),
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  owner_team_id uuid references teams (id) on delete set null,
  review_by date,
  -- US school grade (Flesch-Kincaid, Crawford for Spanish); above 8 the editor flags it.
  reading_grade real not null default 0,
  -- Raised by every save: an editor sends the version it started from (optimistic locking).
  version integer not null default 1 check (version >= 1),
  published_at timestamptz,
  created_by uuid references staff_members (id) on delete set null,
  updated_by uuid references staff_members (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- What a title or summary says decides more than a word deep in the text: title A, summary B,
  -- the markdown headings C (`search_head`, small, so scoring it is cheap), and the rest D
  -- (`search_document`, everything). Folded, so accents and case never matter.
  search_head tsvector generated always as (
    setweight(to_tsvector(knowledge_search_config(language), knowledge_fold(title)), 'A') ||
    setweight(to_tsvector(knowledge_search_config(language), knowledge_fold(summary)), 'B') ||
    setweight(to_tsvector(knowledge_search_config(language),
      knowledge_fold(regexp_replace(body, '^(?!#).*$', '', 'gn'))), 'C')
  ) stored,
  search_document tsvector generated always as (
    setweight(to_tsvector(knowledge_search_config(language), knowledge_fold(title)), 'A') ||
    setweight(to_tsvector(knowledge_search_config(language), knowledge_fold(summary)), 'B') ||
    setweight(to_tsvector(knowledge_search_config(language),
      knowledge_fold(regexp_replace(body, '^(?!#).*$', '', 'gn'))), 'C') ||
    setweight(to_tsvector(knowledge_search_config(language),
      knowledge_fold(regexp_replace(body, '^#.*$', '', 'gn'))), 'D')
  ) stored,
  unique (organization_id, language, slug)
);
-- fastupdate off: a search never has to read through a list of entries not yet merged into the
-- index (only VACUUM merges them, and the embedded database has no autovacuum); saves are rare.
create index knowledge_articles_search_head_idx on knowledge_articles using gin (search_head) with (fastupdate = off);
create index knowledge_articles_search_idx on knowledge_articles using gin (search_document) with (fastupdate = off);
create index knowledge_articles_listing_idx on knowledge_articles (organization_id, status, category, language);

-- Every save of an article: who, when, what changed, and the article as it was before.
create table knowledge_article_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  article_id uuid not null references knowledge_articles (id) on delete cascade,
  version integer not null,
  change text not null check (change in ('created', 'edited', 'published', 'unpublished', 'archived')),
  changed_fields text[] not null default '{}',
  previous_title text,
  previous_summary text,
  previous_body text,
  previous_category text,
  previous_audience text,
  note text check (length(note) <= 500),
  changed_by uuid references staff_members (id) on delete set null,
  changed_at timestamptz not null default now(),
  unique (article_id, version)
);

-- "Did this help?" on the help centre (and later the widget): one row per answer, so the desk
-- can count by week as well as in total.
create table knowledge_article_feedback (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  article_id uuid not null references knowledge_articles (id) on delete cascade,
  helpful boolean not null,
  source text not null default 'help-centre' check (source in ('help-centre', 'widget', 'assistant')),
  created_at timestamptz not null default now()
);
create index knowledge_article_feedback_article_idx on knowledge_article_feedback (article_id, helpful);

-- Words a clinic's patients use for the same thing, beyond the built-in list in code
-- (domains/knowledge/synonyms.ts): ["copay", "copayment", "copago"].
create table knowledge_synonyms (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  terms text[] not null check (cardinality(terms) between 2 and 20),
  created_by uuid references staff_members (id) on delete set null,
  created_at timestamptz not null default now()
);
create index knowledge_synonyms_organization_idx on knowledge_synonyms (organization_id);

-- The words of an organisation's published articles, per language, with their stem (the
-- lexeme search matches) and how many articles use each (all, and public ones). A word typed
-- whose stem no article has is read as the closest word one does ("perscription" ->
-- "prescription"); the counts weigh rare words above common ones. Kept by the trigger below,
-- so no writer can forget it. The row with the empty term counts the articles themselves.
create table knowledge_terms (
  organization_id uuid not null references organizations (id),
  language text not null,
  term text not null,
  lexeme text not null,
  documents integer not null default 0,
  public_documents integer not null default 0,
  primary key (organization_id, term, language)
);
create index knowledge_terms_trgm_idx on knowledge_terms using gin (term gin_trgm_ops) with (fastupdate = off);
-- Each lookup has its own leading column, so even without statistics (the embedded database
-- has no autovacuum to gather them) the planner cannot take one index for another's work.
create index knowledge_terms_lexeme_idx on knowledge_terms (lexeme, organization_id, language);
create index knowledge_terms_sound_idx on knowledge_terms (knowledge_sound(term), organization_id);

create function knowledge_terms_follow_article() returns trigger
  language plpgsql
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'published' then
    update knowledge_terms
      set documents = documents - 1,
          public_documents = public_documents - (old.audience = 'public')::int
      where organization_id = old.organization_id and language = old.language
        and term = any (knowledge_words(old.title, old.summary, old.body) || ''::text);
    delete from knowledge_terms
      where organization_id = old.organization_id and language = old.language and documents <= 0;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'published' then
    insert into knowledge_terms as t (organization_id, language, term, lexeme, documents, public_documents)
      select new.organization_id, new.language, word,
        coalesce((select lexeme from unnest(to_tsvector(knowledge_search_config(new.language), word)) limit 1), word),
        1, (new.audience = 'public')::int
      from unnest(knowledge_words(new.title, new.summary, new.body) || ''::text) as word
      on conflict (organization_id, term, language) do update
        set documents = t.documents + 1, public_documents = t.public_documents + excluded.public_documents;
  end if;
  return null;
end
$$;
create trigger knowledge_terms_follow_article
  after insert or delete or update of title, summary, body, status, audience, language
  on knowledge_articles
  for each row execute function knowledge_terms_follow_article();

do $$
declare
  table_name text;
begin
  foreach table_name in array array[
    'knowledge_articles', 'knowledge_article_versions', 'knowledge_article_feedback',
    'knowledge_synonyms', 'knowledge_terms'
  ] loop
    execute format('alter table %I enable row level security', table_name);
    execute format(
      'create policy tenant_isolation on %I using (organization_id = current_tenant()) with check (organization_id = current_tenant())',
      table_name
    );
  end loop;
end
$$;

-- Under row-level security the text-search and trigram operators, which are not leakproof,
-- could not use their indexes (see 0010): every search would read every article of the
-- clinic. These functions run as the tables' owner and filter by the caller's organisation
-- themselves (current_tenant(); none set means nothing found). They return ids, counts and
-- scores; the caller reads the articles under row-level security.

-- For each word: whether the languages' stemmers drop it ("the", "para"), how many published
-- articles have its stem, whether some article has it as written, and, for a word the patient
-- typed that no article has as written, the closest word that some do (trigram similarity,
-- best first, then the more common; short words need to be closer) with how close it is and
-- how many articles have its stem. `alternatives` are the synonyms of what was typed: counted,
-- never corrected. `total` is the number of published articles searched, for weighing words.
create function knowledge_spelling(typed text[], alternatives text[], languages text[], public_only boolean)
  returns table (word text, stop_word boolean, documents integer, spelled boolean, suggestion text,
    suggestion_similarity real, suggestion_documents integer, total integer)
  language plpgsql
  stable
  security definer
  set search_path = public, pg_temp
  set pg_trgm.similarity_threshold = 0.4
  -- A few thousand words is a small table, so the planner would compare every one of them
  -- with each word typed; through the trigram index it compares only the likely ones.
  set enable_seqscan = off
  -- Planning this query costs more than running it; the plan does not depend on the words.
  set plan_cache_mode = force_generic_plan
as $$
declare
  tenant uuid := current_tenant();
  article_count integer;
begin
  select coalesce(sum(case when public_only then t.public_documents else t.documents end), 0)::int
    into article_count
    from knowledge_terms t
    where t.organization_id = tenant and t.language = any (languages) and t.term = '';
  return query
    with asked as (
      select w.word, bool_or(w.typed) as typed
      from (
        select unnest(typed) as word, true as typed
        union all
        select unnest(alternatives), false
      ) as w
      group by w.word
    ),
    counted as (
      select asked.word, asked.typed,
        coalesce(bool_and(stemmed.lexeme is null), true) as stop_word,
        coalesce(max(known.documents), 0)::int as documents,
        coalesce(bool_or(written.found), false) as spelled
      from asked
      cross join unnest(languages) as l (language)
      cross join lateral (
        select (select lexeme from unnest(to_tsvector(knowledge_search_config(l.language), asked.word)) limit 1) as lexeme
      ) as stemmed
      left join lateral (
        select max(case when public_only then t.public_documents else t.documents end) as documents
        from knowledge_terms t
        where t.organization_id = tenant and t.language = l.language and t.lexeme = stemmed.lexeme
          and (case when public_only then t.public_documents else t.documents end) > 0
      ) as known on true
      left join lateral (
        select true as found
        from knowledge_terms t
        where t.organization_id = tenant and t.language = l.language and t.term = asked.word
          and (case when public_only then t.public_documents else t.documents end) > 0
        limit 1
      ) as written on true
      group by asked.word, asked.typed
    )
    select counted.word, counted.stop_word, counted.documents, counted.spelled, closest.term,
      closest.similarity, closest.documents::int, article_count
    from counted
    left join lateral (
      select near.term, near.similarity,
        (select max(case when public_only then same.public_documents else same.documents end)
          from knowledge_terms same
          where same.organization_id = tenant and same.language = near.language and same.lexeme = near.lexeme) as documents
      from (
        -- Spelled the way it sounds in Spanish: as good as a perfect match.
        select t.term, t.language, t.lexeme, 1::real as similarity, t.documents, t.public_documents
        from knowledge_terms t
        where 'es' = any (languages) and t.organization_id = tenant and t.language = 'es'
          and knowledge_sound(t.term) = knowledge_sound(counted.word) and t.term <> counted.word
        union all
        select t.term, t.language, t.lexeme, similarity(t.term, counted.word), t.documents, t.public_documents
        from knowledge_terms t
        where t.organization_id = tenant and t.language = any (languages) and t.term % counted.word
          and (length(counted.word) >= 4 or similarity(t.term, counted.word) >= 0.6)
      ) as near
      where counted.typed and not counted.spelled and not counted.stop_word and length(counted.word) >= 3
        and near.term <> '' and (case when public_only then near.public_documents else near.documents end) > 0
      order by near.similarity desc,
        (case when public_only then near.public_documents else near.documents end) desc, near.term
      limit 1
    ) as closest on true;
end
$$;

-- Published articles matching the query, best first. Each concept (one thing the patient
-- asked about, with its synonyms, as to_tsquery text: unrestricted, limited to the title with
-- :A, and to the summary and headings with :BC) adds its weight when it is in the title (1),
-- else in the summary or a heading (0.6), else in the text (0.25).
-- Reading a whole article is what costs (thousands of articles mention "appointment"), so it
-- goes in two steps. First the candidates, through the indexes alone: articles whose title,
-- summary or headings have any concept (`search_head`, small), and those whose text has one of
-- the rare concepts (`rare_query`); they are scored on their titles and headings. Then the
-- best few dozen are read whole and scored on everything, ts_rank breaking ties. What a result
-- list shows comes back with the score, so the caller needs no second query.
create function search_knowledge_articles(
  any_query text,
  rare_query text,
  concepts text[],
  concepts_in_title text[],
  concepts_in_summary text[],
  concept_weights real[],
  languages text[],
  include_internal boolean,
  max_rows integer
)
  returns table (article_id uuid, score real, article_slug text, article_language text, article_title text,
    article_summary text, article_category text, article_audience text)
  language plpgsql
  stable
  security definer
  set search_path = public, pg_temp
  -- The candidates come from the text-search indexes even when the planner guesses that a
  -- common word matches a large share of the articles: reading every article costs far more.
  set enable_seqscan = off
  set plan_cache_mode = force_generic_plan
as $$
declare
  tenant uuid := current_tenant();
  english tsquery := to_tsquery('pg_catalog.english', any_query);
  spanish tsquery := to_tsquery('pg_catalog.spanish', any_query);
  english_rare tsquery := case when rare_query <> '' then to_tsquery('pg_catalog.english', rare_query) end;
  spanish_rare tsquery := case when rare_query <> '' then to_tsquery('pg_catalog.spanish', rare_query) end;
  rare_weight real := (select coalesce(min(w), 0) from unnest(concept_weights) as w);
begin
  return query
    with concept as materialized (
      select c.weight,
        to_tsquery('pg_catalog.english', c.anywhere) as english_anywhere,
        to_tsquery('pg_catalog.spanish', c.anywhere) as spanish_anywhere,
        to_tsquery('pg_catalog.english', c.title) as english_title,
        to_tsquery('pg_catalog.spanish', c.title) as spanish_title,
        to_tsquery('pg_catalog.english', c.summary) as english_summary,
        to_tsquery('pg_catalog.spanish', c.summary) as spanish_summary
      from unnest(concepts, concepts_in_title, concepts_in_summary, concept_weights) as c (anywhere, title, summary, weight)
    ),
    -- Materialized with nothing but the text-search condition, so the planner takes the
    -- text-search index rather than the organisation's whole listing; the rest is filtered after.
    matched as materialized (
      select a.id, a.organization_id, a.status, a.audience, a.language, a.search_head, 'en' as searched, false as rare_in_text
      from knowledge_articles a
      where 'en' = any (languages) and a.search_head @@ english
      union all
      select a.id, a.organization_id, a.status, a.audience, a.language, a.search_head, 'es', false
      from knowledge_articles a
      where 'es' = any (languages) and a.search_head @@ spanish
      union all
      select a.id, a.organization_id, a.status, a.audience, a.language, a.search_head, 'en', true
      from knowledge_articles a
      where 'en' = any (languages) and a.search_document @@ english_rare
      union all
      select a.id, a.organization_id, a.status, a.audience, a.language, a.search_head, 'es', true
      from knowledge_articles a
      where 'es' = any (languages) and a.search_document @@ spanish_rare
    ),
    candidate as (
      select matched.id, bool_or(matched.language = 'es') as spanish_text,
        (array_agg(matched.search_head))[1] as head, bool_or(matched.rare_in_text) as rare_in_text
      from matched
      where matched.language = matched.searched and matched.organization_id = tenant
        and matched.status = 'published' and (include_internal or matched.audience = 'public')
      group by matched.id
    ),
    shortlist as (
      select candidate.id, candidate.spanish_text, candidate.head
      from candidate
      order by
        (select coalesce(sum(concept.weight * case
            when candidate.head @@ (case when candidate.spanish_text then concept.spanish_title else concept.english_title end) then 1
            when candidate.head @@ (case when candidate.spanish_text then concept.spanish_summary else concept.english_summary end) then 0.6
            else 0 end), 0) from concept)
          + case when candidate.rare_in_text then 0.25 * rare_weight else 0 end
          + ts_rank('{0.1, 0.2, 0.4, 1.0}', candidate.head, case when candidate.spanish_text then spanish else english end, 1) desc,
        candidate.id
      limit greatest(max_rows * 5, 50)
    )
    select shortlist.id,
      ((select coalesce(sum(concept.weight * case
          when shortlist.head @@ (case when shortlist.spanish_text then concept.spanish_title else concept.english_title end) then 1
          when shortlist.head @@ (case when shortlist.spanish_text then concept.spanish_summary else concept.english_summary end) then 0.6
          when whole.document @@ (case when shortlist.spanish_text then concept.spanish_anywhere else concept.english_anywhere end) then 0.25
          else 0 end), 0) from concept)
        + ts_rank('{0.1, 0.2, 0.4, 1.0}', whole.document, case when shortlist.spanish_text then spanish else english end, 1)
      )::real as score,
      whole.slug, whole.language, whole.title, whole.summary, whole.category, whole.audience
    from shortlist
    -- `|| ''` takes one copy of the stored vector, so each concept does not unpack it again.
    cross join lateral (
      select a.search_document || ''::tsvector as document, a.slug, a.language, a.title, a.summary, a.category, a.audience
      from knowledge_articles a where a.id = shortlist.id offset 0
    ) as whole
    order by 2 desc, shortlist.id
    limit max_rows;
end
$$;

revoke all on function knowledge_spelling(text[], text[], text[], boolean) from public;
revoke all on function search_knowledge_articles(text, text, text[], text[], text[], real[], text[], boolean, integer) from public;
grant execute on function knowledge_spelling(text[], text[], text[], boolean) to patientdesk_tenant;
grant execute on function search_knowledge_articles(text, text, text[], text[], text[], real[], text[], boolean, integer) to patientdesk_tenant;
