import { faker } from '@faker-js/faker';
import { inArray } from 'drizzle-orm';
import type { Database } from '../packages/server/src/db/connection.ts';
import { inTenant } from '../packages/server/src/db/tenant-scope.ts';
import { createOrganization } from '../packages/server/src/domains/organizations/service.ts';
import { patients } from '../packages/server/src/domains/patients/schema.ts';
import { classifyPatientQuery, findPatients } from '../packages/server/src/domains/patients/search.ts';
import { progress, progressDone } from './lib/progress.ts';
import type { BenchmarkReport } from './lib/report.ts';
import { openScratchDatabase, type ScratchKind, scratchKinds } from './lib/scratch-database.ts';
import { percentile, round } from './lib/statistics.ts';
import type { BenchmarkOptions } from './run.ts';

/**
 * Patient search at clinic scale: one clinic of 100,000 patients (a few hundred given and family
 * names combined, birth dates over 95 years, phones, emails, MRNs) beside a small second clinic.
 * Then each kind of search an agent types, made from a real patient of the clinic, through the
 * service (`findPatients` in a tenant transaction under row-level security, as a request runs
 * it): p50 and p95 per kind, and how often the patient the query was made from came back first,
 * and among the 20 shown. The kinds take turns, so noise on the machine falls on all of them.
 */

const clinicSize = 100_000;
const rowsPerStatement = 10_000;
const limit = 20;

type Kind = 'name fragment' | 'typo’d name' | 'date of birth' | 'phone' | 'email' | 'MRN';
const kinds: Kind[] = ['name fragment', 'typo’d name', 'date of birth', 'phone', 'email', 'MRN'];
const figureKey: Record<Kind, string> = {
  'name fragment': 'name_fragment',
  'typo’d name': 'typo_name',
  'date of birth': 'birth_date',
  phone: 'phone',
  email: 'email',
  MRN: 'mrn',
};

/** A few hundred given and family names, as a clinic in the US would have (Faker's English lists). */
function nameLists(): { given: string[]; family: string[] } {
  const person = faker.definitions.person;
  const firstNames = person.first_name as { generic?: string[]; female?: string[]; male?: string[] };
  const given = [
    ...new Set([
      ...(firstNames.generic ?? []),
      ...(firstNames.female ?? []).slice(0, 150),
      ...(firstNames.male ?? []).slice(0, 150),
    ]),
  ];
  const family = [...new Set((person.last_name as { generic?: string[] }).generic ?? [])];
  return { given, family };
}

const sqlArray = (values: string[]) =>
  `array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]`;

/**
 * Fills the clinic with multi-row INSERT ... SELECT from generate_series, 10,000 rows a statement
 * (the contact-point trigger runs for each row, as it would for an import). setseed makes every
 * run build the same clinic.
 */
async function buildClinic(
  database: Database,
  label: string,
): Promise<{ organizationId: string; seconds: number }> {
  const started = performance.now();
  const slug = `bench-search-${Date.now().toString(36)}`;
  const clinic = await createOrganization(database.orm, {
    slug,
    name: 'Search Bench Clinic',
    timeZone: 'America/New_York',
  });
  const neighbour = await createOrganization(database.orm, {
    slug: `${slug}-b`,
    name: 'Neighbour Clinic',
    timeZone: 'America/Chicago',
  });
  const { given, family } = nameLists();
  const insert = (organizationId: string, from: number, to: number) => `
    select setseed(${(from % 9973) / 9973});
    insert into patients (organization_id, mrn, given_name, family_name, birth_date, sex, phone, email, preferred_language)
    select '${organizationId}', 'MRN-' || lpad(g::text, 7, '0'), given, family,
      date '1930-01-01' + floor(random() * 34700)::int,
      case when random() < 0.5 then 'female' else 'male' end,
      case when random() < 0.9 then format('(%s) 555-%s', 201 + g % 780, lpad((g % 10000)::text, 4, '0')) end,
      case when random() < 0.85 then lower(given || '.' || family) || g || '@example.com' end,
      case when random() < 0.12 then 'es' else 'en' end
    from (
      select g,
        (${sqlArray(given)})[1 + floor(random() * ${given.length})::int] as given,
        (${sqlArray(family)})[1 + floor(random() * ${family.length})::int] as family
      from generate_series(${from}, ${to}) as g
    ) as people`;
  await database.exec(insert(neighbour.id, 1, 2_000));
  for (let from = 1; from <= clinicSize; from += rowsPerStatement) {
    progress(`patient-search: ${label}: ${from - 1} of ${clinicSize.toLocaleString('en-US')} patients...`);
    await database.transaction((session) =>
      session.exec(insert(clinic.id, from, Math.min(from + rowsPerStatement - 1, clinicSize))),
    );
  }
  await database.exec('analyze');
  return { organizationId: clinic.id, seconds: (performance.now() - started) / 1000 };
}

/** A small, seeded random generator, so every run searches for the same patients. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Probe {
  kind: Kind;
  query: string;
  patientId: string;
}

/** What an agent would type for each patient: fragments, a typo, the DOB, the phone, email, MRN. */
async function probesFor(database: Database, organizationId: string, perKind: number): Promise<Probe[][]> {
  const random = seededRandom(42);
  const mrns = Array.from(
    { length: perKind * 2 },
    () => `MRN-${String(1 + Math.floor(random() * clinicSize)).padStart(7, '0')}`,
  );
  const sample = await database.orm
    .select()
    .from(patients)
    .where(inArray(patients.mrn, mrns))
    .then((rows) => rows.filter((row) => row.organizationId === organizationId));
  const withPhone = sample.filter((row) => row.phone);
  const withEmail = sample.filter((row) => row.email);
  const rounds: Probe[][] = [];
  for (let index = 0; index < perKind; index++) {
    const person = sample[index % sample.length]!;
    const family = person.familyName.toLowerCase();
    const cut = Math.floor(family.length / 2);
    const phoned = withPhone[index % withPhone.length]!;
    const mailed = withEmail[index % withEmail.length]!;
    rounds.push([
      {
        kind: 'name fragment',
        query: `${person.givenName.slice(0, 3)} ${person.familyName.slice(0, 4)}`,
        patientId: person.id,
      },
      // One letter missing from the family name ("Smith" -> "Smth"), the given name in full.
      {
        kind: 'typo’d name',
        query: `${person.givenName} ${family.slice(0, cut)}${family.slice(cut + 1)}`,
        patientId: person.id,
      },
      { kind: 'date of birth', query: person.birthDate, patientId: person.id },
      { kind: 'phone', query: `+1 ${phoned.phone!.replace(/\D/g, '')}`, patientId: phoned.id },
      { kind: 'email', query: mailed.email!.toUpperCase(), patientId: mailed.id },
      { kind: 'MRN', query: person.mrn.toLowerCase(), patientId: person.id },
    ]);
  }
  return rounds;
}

interface KindResult {
  latencies: number[];
  first: number;
  shown: number;
}

async function measure(database: Database, organizationId: string, label: string, perKind: number) {
  const rounds = await probesFor(database, organizationId, perKind);
  const search = (probe: Probe) =>
    inTenant(database, organizationId, (orm) =>
      findPatients(orm, organizationId, classifyPatientQuery(probe.query), { limit, includeMerged: false }),
    );
  progress(`patient-search: ${label}: warming up...`);
  for (const round of rounds.slice(0, 10)) for (const probe of round) await search(probe);
  const results = new Map<Kind, KindResult>(
    kinds.map((kind) => [kind, { latencies: [], first: 0, shown: 0 }]),
  );
  for (const [index, round] of rounds.entries()) {
    if (index % 20 === 0)
      progress(`patient-search: ${label}: search round ${index + 1} of ${rounds.length}...`);
    for (const probe of round) {
      const started = performance.now();
      const found = await search(probe);
      const result = results.get(probe.kind)!;
      result.latencies.push(performance.now() - started);
      const position = found.findIndex((patient) => patient.id === probe.patientId);
      if (position === 0) result.first += 1;
      if (position >= 0) result.shown += 1;
    }
  }
  return results;
}

export async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const perKind = options.runs ?? 200;
  const rows: BenchmarkReport['rows'] = [];
  const figures: BenchmarkReport['figures'] = {};
  const setting: BenchmarkReport['setting'] = {
    clinic: `${clinicSize.toLocaleString('en-US')} patients (+ 2,000 in a second clinic), ${perKind} searches per kind, ${limit} shown`,
    measured: 'findPatients in a tenant transaction (row-level security on), wall time per search',
  };
  for (const kind of scratchKinds(options.postgresUrl) as ScratchKind[]) {
    const scratch = await openScratchDatabase(kind, options.postgresUrl);
    try {
      const { organizationId, seconds } = await buildClinic(scratch.database, scratch.label);
      setting[`${kind} build`] = `${round(seconds, 1)} s (${scratch.label})`;
      figures[`${kind}_build_s`] = round(seconds, 1);
      const results = await measure(scratch.database, organizationId, scratch.label, perKind);
      for (const searchKind of kinds) {
        const result = results.get(searchKind)!;
        const p50 = percentile(result.latencies, 0.5);
        const p95 = percentile(result.latencies, 0.95);
        const share = (count: number) => round((100 * count) / result.latencies.length, 1);
        rows.push([
          kind,
          searchKind,
          round(p50, 2),
          round(p95, 2),
          round(Math.max(...result.latencies), 2),
          share(result.first),
          share(result.shown),
        ]);
        const key = `${kind}_${figureKey[searchKind]}`;
        figures[`${key}_p50_ms`] = round(p50, 2);
        figures[`${key}_p95_ms`] = round(p95, 2);
        figures[`${key}_found_first_pct`] = share(result.first);
        figures[`${key}_found_pct`] = share(result.shown);
      }
    } finally {
      await scratch.drop();
    }
  }
  progressDone();
  return {
    benchmark: 'patient-search',
    title: 'patient-search: GET /api/patients kinds at 100,000 patients, through the search service',
    setting,
    columns: ['database', 'search', 'p50 ms', 'p95 ms', 'max ms', 'found first %', `found in ${limit} %`],
    rows,
    figures,
    notes: [
      'found first / found in 20: the patient the query was made from is the first result / among those shown.',
      'Many patients share a date of birth or a common name; a name fragment or a date alone is meant to narrow, not to pick.',
    ],
  };
}
