import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { createAuditTrail } from '../domains/audit/audit-trail.ts';
import { signInStaff } from '../domains/identity/staff-sign-in.ts';
import { createOrganization } from '../domains/organizations/service.ts';
import { staffRoles } from '../domains/staff/schema.ts';
import { createStaffMember } from '../domains/staff/service.ts';
import { testCipher } from '../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { isValidNpi } from './demo-providers.ts';
import { describeDemoClinic, seedDemoClinic } from './seed-demo-clinic.ts';

const password = 'demo-password-for-tests';
const seed = 20261122;

async function count(database: Database, sql: string): Promise<number> {
  const { rows } = await database.query<{ count: number }>(
    `select count(*)::int as count from (${sql}) as t`,
  );
  return rows[0]!.count;
}

// The clinic as a person sees it: every patient field except ids and timestamps, by MRN.
async function patientRows(database: Database) {
  const { rows } = await database.query(
    `select mrn, given_name, family_name, preferred_name, birth_date::text, sex, phone, email,
       preferred_language, preferred_channel, address_line, city, region, postal_code, country
     from patients order by mrn`,
  );
  return rows;
}

async function proxyRows(database: Database) {
  const { rows } = await database.query(
    `select p.mrn, x.given_name, x.family_name, x.phone, a.relationship, a.scopes, a.expires_at
     from proxy_authorizations a join proxies x on x.id = a.proxy_id join patients p on p.id = a.patient_id
     order by p.mrn, x.given_name, x.family_name`,
  );
  return rows;
}

async function seededDatabase(seedNumber: number): Promise<TestDatabase> {
  const test = await createTestDatabase();
  await seedDemoClinic(test.database, { seed: seedNumber, password, cipher: testCipher() });
  return test;
}

describe('the demo clinic', () => {
  let test: TestDatabase;
  let steps: string[];
  beforeAll(async () => {
    test = await createTestDatabase();
    steps = [];
    await seedDemoClinic(test.database, {
      seed,
      password,
      cipher: testCipher(),
      onProgress: (step) => steps.push(step),
    });
  });
  afterAll(() => test.drop());

  it('has 2 locations, 5 teams, 20 providers and 500 patients in organisation "demo"', async () => {
    const db = test.database;
    const [organization] = (
      await db.query<{ name: string; time_zone: string; country: string }>(
        `select name, time_zone, country from organizations where slug = 'demo'`,
      )
    ).rows;
    expect(organization).toEqual({
      name: 'Riverside Family Health (demo)',
      time_zone: 'America/New_York',
      country: 'US',
    });
    expect(await count(db, 'select * from locations')).toBe(2);
    expect(await count(db, 'select * from teams')).toBe(5);
    expect(await count(db, 'select * from providers')).toBe(20);
    expect(await count(db, 'select * from patients')).toBe(500);
    expect(steps.length).toBeGreaterThanOrEqual(5);
  });

  it('has staff for every role, in teams, and lists the logins admin first', async () => {
    const summary = await describeDemoClinic(test.database);
    expect(summary?.organizationSlug).toBe('demo');
    expect(summary?.logins[0]).toEqual({ email: 'admin@demo.test', role: 'admin' });
    expect(new Set(summary?.logins.map((login) => login.role))).toEqual(new Set(staffRoles));
    expect(summary?.logins.length).toBeGreaterThanOrEqual(9);
    const unassigned = await count(
      test.database,
      `select * from staff_members s where s.role <> 'admin'
       and not exists (select 1 from staff_team_memberships m where m.staff_member_id = s.id)`,
    );
    expect(unassigned).toBe(0);
  });

  it('opens with an inbox to try: channels, routing, response targets, saved replies and waiting conversations', async () => {
    const db = test.database;
    const endpoints = (
      await db.query<{ channel: string }>('select channel from channel_endpoints order by channel')
    ).rows;
    expect(endpoints.map((row) => row.channel)).toEqual(['email', 'sms']);
    expect(await count(db, 'select * from teams where is_default')).toBe(1);
    expect(await count(db, "select * from sla_policies where priority = 'emergency'")).toBe(1);
    expect(
      await count(db, "select * from saved_replies where owner_staff_id is null and language = 'es'"),
    ).toBeGreaterThan(0);
    const waiting = (
      await db.query<{ channel: string; team: string; waiting: boolean }>(
        `select c.channel, t.slug as team, c.waiting_since is not null as waiting
         from conversations c join teams t on t.id = c.team_id order by c.channel, t.slug`,
      )
    ).rows;
    expect(waiting).toEqual([
      { channel: 'email', team: 'billing', waiting: true },
      { channel: 'sms', team: 'nurse-line', waiting: true },
      { channel: 'sms', team: 'nurse-line', waiting: true },
      { channel: 'sms', team: 'scheduling', waiting: true },
      { channel: 'web', team: 'front-desk', waiting: true },
    ]);
    // Triage read the insulin text as urgent on the way in: it leads the queue.
    expect(
      await count(
        db,
        `select * from conversations c join contact_addresses a on a.contact_id = c.contact_id
         where a.address = '+15085554477' and c.priority = 'urgent'`,
      ),
    ).toBe(1);
    expect(await count(db, "select * from conversations where priority = 'emergency'")).toBe(0);
    // The help centre: the articles the assistant answers from, in English and Spanish.
    const published = (
      await db.query<{ language: string; n: number }>(
        `select language, count(*)::int as n from knowledge_articles
         where audience = 'public' and status = 'published' group by language order by language`,
      )
    ).rows;
    expect(published.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThanOrEqual(40);
    expect(published.map((row) => row.language)).toEqual(['en', 'es']);
  });

  it('lets a demo staff member sign in with the demo password', async () => {
    const session = await signInStaff(
      {
        database: test.database,
        sessions: { idleMinutes: 15, maxHours: 12 },
        cipher: testCipher(),
        audit: createAuditTrail(test.database),
      },
      { email: 'scheduler@demo.test', password },
    );
    expect(session.token.length).toBeGreaterThan(30);
    const { rows } = await test.database.query<{ email: string }>(
      'select email from staff_members where id = $1',
      [session.staffMemberId],
    );
    expect(rows[0]!.email).toBe('scheduler@demo.test');
  });

  it('gives patients of every age, realistic contact details and MRNs', async () => {
    const db = test.database;
    const { rows } = await db.query<{ youngest: number; oldest: number; children: number }>(
      `select min(extract(year from age(date '2026-01-01', birth_date)))::int as youngest,
         max(extract(year from age(date '2026-01-01', birth_date)))::int as oldest,
         count(*) filter (where age(date '2026-01-01', birth_date) < interval '12 years')::int as children
       from patients`,
    );
    expect(rows[0]!.youngest).toBe(0);
    expect(rows[0]!.oldest).toBeGreaterThanOrEqual(85);
    expect(rows[0]!.oldest).toBeLessThanOrEqual(95);
    expect(rows[0]!.children).toBeGreaterThan(40);
    expect(await count(db, `select * from patients where mrn !~ '^RFH-[0-9]{6}$'`)).toBe(0);
    expect(await count(db, `select * from patients where phone !~ '^\\+1[0-9]{3}55501[0-9]{2}$'`)).toBe(0);
    expect(
      await count(db, `select * from patients where email is not null and email !~ '@example\\.(com|test)$'`),
    ).toBe(0);
    expect(await count(db, 'select * from patients where email is not null')).toBeGreaterThan(300);
    const languages = (
      await db.query<{ preferred_language: string; count: number }>(
        'select preferred_language, count(*)::int as count from patients group by 1',
      )
    ).rows;
    const share = (language: string) =>
      (languages.find((row) => row.preferred_language === language)?.count ?? 0) / 500;
    expect(share('en')).toBeGreaterThan(0.65);
    expect(share('es')).toBeGreaterThan(0.12);
    expect(languages.length).toBeGreaterThanOrEqual(4);
  });

  it('has providers with valid NPIs, specialties, languages and locations', async () => {
    const { rows } = await test.database.query<{
      npi: string;
      specialty: string;
      languages: string[];
      bio: string;
      location_count: number;
    }>(
      `select npi, specialty, languages, bio,
         (select count(*)::int from provider_locations l where l.provider_id = p.id) as location_count
       from providers p`,
    );
    expect(rows.every((row) => isValidNpi(row.npi))).toBe(true);
    expect(new Set(rows.map((row) => row.npi)).size).toBe(20);
    for (const specialty of [
      'Family medicine',
      'Pediatrics',
      'Internal medicine',
      'Obstetrics and gynecology',
      'Behavioral health',
    ])
      expect(rows.some((row) => row.specialty === specialty)).toBe(true);
    expect(rows.filter((row) => row.languages.includes('es')).length).toBeGreaterThanOrEqual(3);
    expect(rows.every((row) => row.location_count >= 1 && row.bio.length > 20)).toBe(true);
    expect(rows.some((row) => row.location_count === 2)).toBe(true);
  });

  it('gives parents to young children and caretakers to elderly patients, 20 to 40 proxies in all', async () => {
    const db = test.database;
    const proxies = await count(db, 'select * from proxies');
    expect(proxies).toBeGreaterThanOrEqual(20);
    expect(proxies).toBeLessThanOrEqual(40);
    const parentsOfMinors = await count(
      db,
      `select * from proxy_authorizations a join patients p on p.id = a.patient_id
       where a.relationship = 'parent' and p.birth_date > date '2026-01-01' - interval '12 years'
         and a.scopes @> array['scheduling', 'billing', 'messaging', 'records']`,
    );
    expect(parentsOfMinors).toBeGreaterThanOrEqual(15);
    const caretakers = (
      await db.query<{ scopes: string[]; expires_at: Date | null }>(
        `select a.scopes, a.expires_at from proxy_authorizations a join patients p on p.id = a.patient_id
         where a.relationship in ('caretaker', 'child') and p.birth_date <= date '2026-01-01' - interval '75 years'`,
      )
    ).rows;
    expect(caretakers.length).toBeGreaterThanOrEqual(5);
    expect(caretakers.every((row) => row.scopes.join() === 'scheduling,messaging')).toBe(true);
    expect(caretakers.some((row) => row.expires_at !== null)).toBe(true);
  });
});

describe('seeding the demo clinic', () => {
  it('gives exactly the same clinic for the same seed, and another clinic for another seed', async () => {
    const first = await seededDatabase(seed);
    const second = await seededDatabase(seed);
    const other = await seededDatabase(seed + 1);
    try {
      const firstPatients = await patientRows(first.database);
      expect(firstPatients).toHaveLength(500);
      expect(await patientRows(second.database)).toEqual(firstPatients);
      expect(await proxyRows(second.database)).toEqual(await proxyRows(first.database));
      expect(await patientRows(other.database)).not.toEqual(firstPatients);
    } finally {
      await Promise.all([first.drop(), second.drop(), other.drop()]);
    }
  }, 120_000);

  it('is one transaction: a failure part-way leaves no organisation, staff or patients behind', async () => {
    const test = await createTestDatabase();
    try {
      // The demo's billing login is already taken elsewhere, so seeding fails after creating
      // the organisation, its locations, teams and first staff members.
      const elsewhere = await createOrganization(test.database.orm, {
        slug: 'elsewhere',
        name: 'Elsewhere Clinic',
        timeZone: 'America/Chicago',
      });
      await createStaffMember(test.database.orm, {
        organizationId: elsewhere.id,
        email: 'billing@demo.test',
        displayName: 'Someone Else',
        role: 'billing',
      });
      await expect(seedDemoClinic(test.database, { seed, password, cipher: testCipher() })).rejects.toThrow();
      expect(await count(test.database, 'select * from organizations')).toBe(1);
      expect(await count(test.database, 'select * from locations')).toBe(0);
      expect(await count(test.database, 'select * from teams')).toBe(0);
      expect(await count(test.database, 'select * from staff_members')).toBe(1);
      expect(await describeDemoClinic(test.database)).toBeUndefined();
    } finally {
      await test.drop();
    }
  });

  it('refuses a second demo clinic in the same database and leaves the first as it was', async () => {
    const test = await seededDatabase(seed);
    try {
      const before = await count(test.database, 'select * from patients');
      await expect(seedDemoClinic(test.database, { seed, password, cipher: testCipher() })).rejects.toThrow();
      expect(await count(test.database, 'select * from organizations')).toBe(1);
      expect(await count(test.database, 'select * from patients')).toBe(before);
    } finally {
      await test.drop();
    }
  });
});
