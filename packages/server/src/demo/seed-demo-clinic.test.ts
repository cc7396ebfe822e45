import { providerSearchQuerySchema } from '@patientdesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import { inTenant } from '../db/tenant-scope.ts';
import { createAuditTrail } from '../domains/audit/audit-trail.ts';
import { signInStaff } from '../domains/identity/staff-sign-in.ts';
import { createOrganization } from '../domains/organizations/service.ts';
import { kioskKeyHash } from '../domains/scheduling/arrival/kiosk-devices.ts';
import { searchProviders } from '../domains/scheduling/availability.ts';
import { appointmentFields } from '../domains/scheduling/booking.ts';
import { payerKey } from '../domains/scheduling/insurance.ts';
import { staffRoles } from '../domains/staff/schema.ts';
import { createStaffMember } from '../domains/staff/service.ts';
import { testCipher } from '../testing/test-cipher.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { demoKioskAddress, demoPortalLogins } from './demo-front-door.ts';
import { isValidNpi } from './demo-providers.ts';
import { describeDemoClinic, seedDemoClinic } from './seed-demo-clinic.ts';

const password = 'demo-password-for-tests';
const seed = 20261122;
// The demo is created on a Tuesday at 11:20 in Worcester (daylight time began two days before).
const now = new Date('2026-03-10T15:20:00Z');
const freeTimeDays = 60;
const hour = 3_600_000;

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

// The calendar as staff see it: who sees whom, when, for what, by NPI and MRN.
async function appointmentRows(database: Database) {
  const { rows } = await database.query(
    `select v.npi, p.mrn, t.code, a.starts_at, a.status, a.mode
     from appointments a join providers v on v.id = a.provider_id join patients p on p.id = a.patient_id
       join appointment_types t on t.id = a.appointment_type_id
     order by a.starts_at, v.npi`,
  );
  return rows;
}

async function seededDatabase(seedNumber: number): Promise<TestDatabase> {
  const test = await createTestDatabase();
  await seedDemoClinic(test.database, {
    seed: seedNumber,
    password,
    cipher: testCipher(),
    freeTimeDays,
    now,
  });
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
      freeTimeDays,
      now,
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

  it('offers the start banner two portal logins to try and the main location’s kiosk, opened by its key', async () => {
    const organizationId = (
      await test.database.query<{ id: string }>(`select id from organizations where slug = 'demo'`)
    ).rows[0]!.id;
    const logins = await demoPortalLogins(test.database.orm, organizationId);
    expect(logins).toHaveLength(2);
    const [speaker, parent] = logins;
    const patient = (
      await test.database.query<{ preferred_language: string }>(
        'select preferred_language from patients where email = $1',
        [speaker!.contact],
      )
    ).rows[0];
    expect(patient?.preferred_language).toBe('es');
    expect(parent!.who).toMatch(/a parent who books for/);
    expect(await count(test.database, `select * from proxies where email = '${parent!.contact}'`)).toBe(1);

    const kiosk = await demoKioskAddress(test.database.orm, {
      organizationId,
      password,
      publicUrl: 'http://localhost:3000',
    });
    expect(kiosk?.locationName).toBe('Riverside Main Street Clinic');
    const key = new URL(kiosk!.address).searchParams.get('key')!;
    expect(
      await count(
        test.database,
        `select * from kiosk_devices where key_hash = '${kioskKeyHash(key)}' and revoked_at is null`,
      ),
    ).toBe(1);
    // Another password (a clinic that changed it) gets no address: the banner cannot know the key.
    expect(
      await demoKioskAddress(test.database.orm, { organizationId, password: 'other', publicUrl: 'http://x' }),
    ).toBeUndefined();
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

  it('offers eight kinds of visit in English and Spanish, with what to prepare and what is asked; procedures are booked by staff', async () => {
    const { rows } = await test.database.query<{
      code: string;
      duration_minutes: number;
      buffer_after_minutes: number;
      mode: string;
      bookable_online: boolean;
      preparation: string;
      es_name: string | null;
      es_preparation: string | null;
      intake_questions: { id: string; text: Record<string, string>; required: boolean }[];
    }>(
      `select code, duration_minutes, buffer_after_minutes, mode, bookable_online, preparation,
         translations->'es'->>'name' as es_name, translations->'es'->>'preparation' as es_preparation,
         intake_questions
       from appointment_types order by code`,
    );
    const byCode = new Map(rows.map((row) => [row.code, row]));
    expect([...byCode.keys()].sort()).toEqual([
      'annual-physical',
      'flu-shot',
      'follow-up',
      'new-patient',
      'procedure',
      'sick-visit',
      'video-visit',
      'well-child',
    ]);
    expect(byCode.get('new-patient')).toMatchObject({ duration_minutes: 40, buffer_after_minutes: 10 });
    expect(byCode.get('sick-visit')).toMatchObject({ duration_minutes: 15, bookable_online: true });
    expect(byCode.get('video-visit')).toMatchObject({ duration_minutes: 20, mode: 'telehealth' });
    expect(byCode.get('flu-shot')?.duration_minutes).toBe(10);
    expect(byCode.get('procedure')).toMatchObject({ duration_minutes: 60, bookable_online: false });
    expect(rows.filter((row) => !row.bookable_online).map((row) => row.code)).toEqual(['procedure']);
    for (const row of rows) {
      expect(row.preparation.length).toBeGreaterThan(40);
      expect(row.es_name).toBeTruthy();
      expect(row.es_preparation).not.toBe(row.preparation);
      expect(row.intake_questions.length).toBeGreaterThan(0);
      for (const question of row.intake_questions) expect(question.text.es).not.toBe(question.text.en);
    }
  });

  it('gives providers the insurance patients carry, visits for their specialty, hours at their locations and one time off ahead', async () => {
    const db = test.database;
    const providers = (
      await db.query<{ id: string; specialty: string; accepted_insurance: string[]; codes: string[] }>(
        `select p.id, p.specialty, p.accepted_insurance,
           array(select t.code from provider_appointment_types x join appointment_types t on t.id = x.appointment_type_id
                 where x.provider_id = p.id order by t.code) as codes
         from providers p`,
      )
    ).rows;
    const carried = (
      await db.query<{ payer_name: string }>('select distinct payer_name from patient_coverages')
    ).rows.map((row) => payerKey(row.payer_name));
    expect(providers.every((row) => row.accepted_insurance.length >= 2)).toBe(true);
    expect(providers.flatMap((row) => row.accepted_insurance).every((key) => carried.includes(key))).toBe(
      true,
    );
    expect(new Set(providers.flatMap((row) => row.accepted_insurance))).toEqual(new Set(carried));
    expect(new Set(providers.map((row) => row.accepted_insurance.join()).values()).size).toBeGreaterThan(5);
    for (const row of providers) {
      expect(row.codes).toContain('new-patient');
      expect(row.codes.includes('well-child')).toBe(row.specialty === 'Pediatrics');
      if (row.specialty === 'Behavioral health') expect(row.codes).toContain('video-visit');
    }
    // Several blocks a day at each location they work at; Saturday mornings; one every other Friday.
    expect(
      await count(
        db,
        `select pl.provider_id, pl.location_id from provider_locations pl
         where (select count(*) from schedule_rules r where r.provider_id = pl.provider_id
                and r.location_id = pl.location_id and r.recurrence like 'FREQ=WEEKLY;BYDAY=%') < 2`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `select distinct provider_id from schedule_rules where recurrence like '%SA%' and end_time <= '12:00'`,
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await count(db, `select * from schedule_rules where recurrence = 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'`),
    ).toBe(1);
    const timeOff = (
      await db.query<{ provider_id: string; starts_at: Date; reason: string }>(
        `select provider_id, starts_at, reason from schedule_exceptions where kind = 'unavailable'`,
      )
    ).rows;
    expect(new Set(timeOff.map((row) => row.provider_id)).size).toBe(20);
    expect(timeOff).toHaveLength(20);
    expect(timeOff.every((row) => row.starts_at > now && row.reason.length > 0)).toBe(true);
  });

  it('closes both locations on the federal holidays of the coming year', async () => {
    const { rows } = await test.database.query<{ closed: string[] }>(
      `select array(select d::text from unnest(closed_dates) d order by d) as closed from locations`,
    );
    const holidays = [
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
    ];
    expect(rows).toEqual([{ closed: holidays }, { closed: holidays }]);
    expect(
      await count(
        test.database,
        `select * from provider_free_time f join locations l on l.id = f.location_id where f.local_date = any(l.closed_dates)`,
      ),
    ).toBe(0);
  });

  it('finds providers by insurance and language with their next free times, outside time off, up to the horizon', async () => {
    const db = test.database;
    const [organization] = (
      await db.query<{ id: string }>(`select id from organizations where slug = 'demo'`)
    ).rows;
    const search = (filters: Record<string, string>) =>
      inTenant(db, organization!.id, (orm) =>
        searchProviders(orm, organization!.id, providerSearchQuerySchema.parse(filters), {
          onlineOnly: true,
          now,
        }),
      );
    const found = await search({ insurance: 'Medicaid', language: 'es' });
    expect(found.items.length).toBeGreaterThan(0);
    for (const hit of found.items) {
      expect(hit.provider.languages).toContain('es');
      expect(hit.nextFreeTimes).toHaveLength(3);
      expect(hit.nextFreeTimes.every((time) => new Date(time.startsAt) > now)).toBe(true);
    }
    const children = await search({
      specialty: 'Pediatrics',
      appointmentType: 'well-child',
      withinDays: '7',
    });
    expect(children.items.length).toBeGreaterThan(0);
    expect(
      await count(
        db,
        `select * from provider_free_time f join schedule_exceptions x on x.provider_id = f.provider_id
         where x.kind = 'unavailable' and tstzrange(f.starts_at, f.ends_at) && tstzrange(x.starts_at, x.ends_at)`,
      ),
    ).toBe(0);
    const through = (
      await db.query<{ through: string }>('select distinct free_time_through::text as through from providers')
    ).rows;
    expect(through).toEqual([{ through: '2026-05-09' }]);
  });

  it('books about a third of the coming two weeks, never two visits of one provider at once', async () => {
    const db = test.database;
    const window = [now, new Date(now.getTime() + 14 * 24 * hour)];
    const [taken] = (
      await db.query<{ busy: number; free: number }>(
        `select
           (select coalesce(sum(extract(epoch from upper(blocked) - lower(blocked))), 0)::float from appointments
            where status in ('booked', 'arrived') and lower(blocked) >= $1 and lower(blocked) < $2) as busy,
           (select coalesce(sum(extract(epoch from ends_at - greatest(starts_at, $1))), 0)::float from provider_free_time
            where ends_at > $1 and starts_at < $2) as free`,
        window,
      )
    ).rows;
    const share = taken!.busy / (taken!.busy + taken!.free);
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.42);
    expect(
      await count(
        db,
        `select * from appointments a join appointments b on a.provider_id = b.provider_id and a.id < b.id
         and a.blocked && b.blocked`,
      ),
    ).toBe(0);
    // A patient has at most one visit a day, and what they wrote is stored encrypted.
    expect(
      await count(
        db,
        `select patient_id from appointments group by patient_id, (starts_at at time zone 'America/New_York')::date having count(*) > 1`,
      ),
    ).toBe(0);
    const [written] = (
      await db.query<{ reason_encrypted: string }>(
        `select reason_encrypted from appointments a join appointment_types t on t.id = a.appointment_type_id
         where t.code = 'sick-visit' and reason_encrypted is not null limit 1`,
      )
    ).rows;
    expect(testCipher().decrypt(appointmentFields.reason, written!.reason_encrypted).length).toBeGreaterThan(
      5,
    );
  });

  it('has patients checked in at Main Street this morning, more expected, a video visit today, and past visits seen or missed', async () => {
    const db = test.database;
    const today = (
      await db.query<{
        status: string;
        mode: string;
        starts_at: Date;
        checked_in_at: Date | null;
        location: string;
        video: boolean;
      }>(
        `select a.status, a.mode, a.starts_at, a.checked_in_at, l.name as location, a.video_visit_token is not null as video
         from appointments a join locations l on l.id = a.location_id
         where (a.starts_at at time zone 'America/New_York')::date = date '2026-03-10'`,
      )
    ).rows;
    const atMain = today.filter(
      (row) => row.location === 'Riverside Main Street Clinic' && row.mode === 'in-person',
    );
    const arrived = atMain.filter((row) => row.status === 'arrived');
    expect(arrived.length).toBeGreaterThanOrEqual(2);
    expect(arrived.every((row) => row.checked_in_at !== null && row.checked_in_at <= now)).toBe(true);
    expect(
      atMain.filter((row) => row.status === 'booked' && row.starts_at > now).length,
    ).toBeGreaterThanOrEqual(3);
    expect(
      today.filter(
        (row) => row.mode === 'telehealth' && row.status === 'booked' && row.video && row.starts_at > now,
      ),
    ).not.toHaveLength(0);

    const past = (
      await db.query<{
        status: string;
        starts_at: Date;
        fulfilled_at: Date | null;
        follow_up_encrypted: string | null;
      }>(
        `select status, starts_at, fulfilled_at, follow_up_encrypted from appointments where starts_at < $1 and status in ('fulfilled', 'noshow')`,
        [new Date(now.getTime() - 3 * hour)],
      )
    ).rows;
    expect(past.filter((row) => row.status === 'noshow')).toHaveLength(1);
    const seen = past.filter((row) => row.status === 'fulfilled');
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.every((row) => row.fulfilled_at !== null && row.fulfilled_at < now)).toBe(true);
    const instructions = seen.find((row) => row.follow_up_encrypted)!;
    expect(testCipher().decrypt(appointmentFields.followUp, instructions.follow_up_encrypted!)).toMatch(
      /\w+ \w+/,
    );
    // Every booked visit has the reminders still to come, as booking plans them.
    expect(
      await count(
        db,
        `select * from appointments a where a.status = 'booked' and a.starts_at > '${new Date(now.getTime() + 8 * 24 * hour).toISOString()}'
         and not exists (select 1 from appointment_reminders r where r.appointment_id = a.id and r.status = 'pending')`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `select * from appointment_reminders where send_at <= '${now.toISOString()}' or status <> 'pending'`,
      ),
    ).toBe(0);
    // Nothing is left held, and nothing is booked beyond the coming two weeks.
    const lastDay = new Date(now.getTime() + 15 * 24 * hour).toISOString();
    expect(
      await count(db, `select * from appointments where status = 'held' or starts_at > '${lastDay}'`),
    ).toBe(0);
  });

  it('has two patients on the waitlist: one to move a booked follow-up sooner, a child for a well-child visit after school', async () => {
    const { rows } = await test.database.query<{
      patient_matches: boolean | null;
      provider_matches: boolean | null;
      current_status: string | null;
      current_starts_at: Date | null;
      specialty: string | null;
      code: string;
      earliest_time: string;
      status: string;
    }>(
      `select a.patient_id = w.patient_id as patient_matches, a.provider_id = w.provider_id as provider_matches,
         a.status as current_status, a.starts_at as current_starts_at, w.specialty, t.code, w.earliest_time::text, w.status
       from waitlist_entries w join appointment_types t on t.id = w.appointment_type_id
         left join appointments a on a.id = w.current_appointment_id
       order by w.specialty nulls first`,
    );
    expect(rows).toHaveLength(2);
    const [sooner, child] = rows;
    expect(sooner).toMatchObject({
      patient_matches: true,
      provider_matches: true,
      current_status: 'booked',
      code: 'follow-up',
      status: 'waiting',
    });
    expect(sooner!.current_starts_at!.getTime()).toBeGreaterThan(now.getTime() + 7 * 24 * hour);
    expect(child).toMatchObject({
      specialty: 'Pediatrics',
      code: 'well-child',
      earliest_time: '15:00:00',
      status: 'waiting',
    });
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
      const firstCalendar = await appointmentRows(first.database);
      expect(firstCalendar.length).toBeGreaterThan(500);
      expect(await appointmentRows(second.database)).toEqual(firstCalendar);
      expect(await appointmentRows(other.database)).not.toEqual(firstCalendar);
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
      await expect(
        seedDemoClinic(test.database, { seed, password, cipher: testCipher(), freeTimeDays }),
      ).rejects.toThrow();
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
      await expect(
        seedDemoClinic(test.database, { seed, password, cipher: testCipher(), freeTimeDays }),
      ).rejects.toThrow();
      expect(await count(test.database, 'select * from organizations')).toBe(1);
      expect(await count(test.database, 'select * from patients')).toBe(before);
    } finally {
      await test.drop();
    }
  });
});
