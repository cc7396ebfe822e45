import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import {
  createTestClinic,
  createTestStaff,
  type SignedInHeaders,
  signInHeaders,
} from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { StaffMemberSummary } from '../staff/service.ts';
import { appendChainedEvents } from './chain-fixtures.ts';

/** Reads CSV (RFC 4180: quoted cells, doubled quotes) into records keyed by the header row. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      rows.at(-1)!.push(cell);
      cell = '';
    } else if (char === '\n') {
      rows.at(-1)!.push(cell);
      cell = '';
      rows.push([]);
    } else cell += char;
  }
  if (rows.at(-1)!.length === 0 && cell === '') rows.pop();
  else rows.at(-1)!.push(cell);
  const [header, ...records] = rows;
  return records.map((record) => Object.fromEntries(header!.map((name, index) => [name, record[index]!])));
}

// The clinic is in New York: on 1 March 2026 (standard time) its day runs from 05:00 UTC to
// 05:00 UTC the next morning.
describe('the audit log API', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let clinicId: string;
  let agent: StaffMemberSummary;
  let compliance: SignedInHeaders;
  const patientA = randomUUID();
  const patientB = randomUUID();

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const clinic = await createTestClinic(test.database.orm, 'Hudson Clinic');
    clinicId = clinic.id;
    agent = await createTestStaff(test.database.orm, clinic.id, 'agent');
    const staffOfAgent = {
      actorType: 'staff' as const,
      actorId: agent.id,
      actorRole: 'agent',
      actorName: agent.displayName,
    };
    await appendChainedEvents(test.database, clinic.id, [
      {
        ...staffOfAgent,
        action: 'patient.read',
        patientIds: [patientA],
        occurredAt: new Date('2026-03-01T04:30:00Z'),
      },
      {
        ...staffOfAgent,
        action: 'patient.read',
        patientIds: [patientB],
        occurredAt: new Date('2026-03-01T05:30:00Z'),
      },
      {
        ...staffOfAgent,
        action: 'auth.sign-in',
        outcome: 'denied',
        occurredAt: new Date('2026-03-01T20:00:00Z'),
        userAgent: '=HYPERLINK("http://evil.test","click")',
        details: { reason: 'wrong password' },
      },
      {
        ...staffOfAgent,
        action: 'patient.notes.read',
        patientIds: [patientA, patientB],
        occurredAt: new Date('2026-03-02T04:59:59.999Z'),
      },
      { ...staffOfAgent, action: 'auth.sign-in', occurredAt: new Date('2026-03-02T05:00:00Z') },
    ]);
    // Another clinic's events must never show.
    const other = await createTestClinic(test.database.orm, 'Other Clinic');
    await appendChainedEvents(test.database, other.id, [
      { action: 'patient.read', patientIds: [patientA], occurredAt: new Date('2026-03-01T12:00:00Z') },
    ]);
    const officer = await createTestStaff(test.database.orm, clinic.id, 'compliance');
    compliance = await signInHeaders(server.app, officer.email);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  const search = async (query: string, headers: Record<string, string> = compliance) =>
    server.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers });
  const actionsOf = (body: { items: { action: string; occurredAt: string }[] }) =>
    body.items.map((item) => `${item.action} ${item.occurredAt}`);

  it("filters by the clinic's day, newest first", async () => {
    const response = await search('from=2026-03-01&to=2026-03-01');
    expect(response.statusCode).toBe(200);
    expect(actionsOf(response.json())).toEqual([
      'patient.notes.read 2026-03-02T04:59:59.999Z',
      'auth.sign-in 2026-03-01T20:00:00.000Z',
      'patient.read 2026-03-01T05:30:00.000Z',
    ]);
    const moments = await search('from=2026-03-01T05:30:00Z&to=2026-03-01T20:00:00Z');
    expect(actionsOf(moments.json())).toEqual([
      'auth.sign-in 2026-03-01T20:00:00.000Z',
      'patient.read 2026-03-01T05:30:00.000Z',
    ]);
  });

  it('filters by patient, person, action (exact or prefix) and outcome, and describes each event in full', async () => {
    const byPatient = (await search(`patientId=${patientA}`)).json();
    expect(actionsOf(byPatient)).toEqual([
      'patient.notes.read 2026-03-02T04:59:59.999Z',
      'patient.read 2026-03-01T04:30:00.000Z',
    ]);
    expect(byPatient.items[0]).toMatchObject({
      seq: 4,
      id: expect.any(String),
      actor: { type: 'staff', id: agent.id, role: 'agent', name: agent.displayName },
      onBehalfOfPatientId: null,
      resourceType: 'route',
      patientIds: [patientA, patientB],
      outcome: 'allowed',
      details: {},
    });
    const signIns = (await search('action=auth.*&to=2026-03-31')).json();
    expect(actionsOf(signIns)).toEqual([
      'auth.sign-in 2026-03-02T05:00:00.000Z',
      'auth.sign-in 2026-03-01T20:00:00.000Z',
    ]);
    const denied = (await search(`userId=${agent.id}&action=auth.sign-in&outcome=denied`)).json();
    expect(denied.items).toHaveLength(1);
    expect(denied.items[0]).toMatchObject({ details: { reason: 'wrong password' }, outcome: 'denied' });
    expect((await search(`action=patient.read&from=2026-01-01&to=2026-12-31`)).json().items).toHaveLength(2);
  });

  it('pages through the log by position, without gaps or repeats, while reading adds events', async () => {
    const seen: number[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const response = await search(`limit=2${before ? `&before=${before}` : ''}`);
      const page = response.json() as { items: { seq: number }[]; nextBefore: number | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.seq));
      before = page.nextBefore;
      pages += 1;
    } while (before !== null);
    // Every event up to the first page's newest, each once, newest first.
    expect(seen).toEqual(Array.from({ length: seen[0]! }, (_, index) => seen[0]! - index));
    expect(pages).toBe(Math.ceil(seen.length / 2));
  });

  it('refuses dates and limits it cannot read, saying what it expects', async () => {
    const impossible = await search('from=2026-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.details).toEqual([
      {
        field: 'query.from',
        message: expect.stringMatching(/a day such as 2026-03-01 .* or a moment such as/),
      },
    ]);
    expect((await search('to=yesterday')).json().error.details[0].field).toBe('query.to');
    const backwards = await search('from=2026-03-02&to=2026-03-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe(
      'The period is empty: "from" (2026-03-02) is after "to" (2026-03-01).',
    );
    expect((await search('limit=501')).json().error.details[0]).toEqual({
      field: 'query.limit',
      message: 'must be between 1 and 500',
    });
    expect((await search('patientId=42')).json().error.details[0].field).toBe('query.patientId');
  });

  it('records every reading of the log in the log, and keeps it from roles that may not read it', async () => {
    await search(`patientId=${patientB}&from=2026-03-01`);
    const [read] = (await search('action=audit.read&limit=1')).json().items;
    expect(read).toMatchObject({
      action: 'audit.read',
      resourceType: 'audit-log',
      patientIds: [patientB],
      actor: { type: 'staff', role: 'compliance' },
      details: { filters: { patientId: patientB, from: '2026-03-01T05:00:00.000Z' }, returned: 2 },
    });
    const agentHeaders = await signInHeaders(server.app, agent.email);
    const refused = await search('', agentHeaders);
    expect(refused.statusCode).toBe(403);
    const [denial] = (await search('action=audit.read&outcome=denied')).json().items;
    expect(denial).toMatchObject({ actor: { id: agent.id }, outcome: 'denied' });
  });

  it('exports the filtered log as a CSV file with a header row, safe to open in a spreadsheet', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/audit/export.csv?from=2026-03-01&to=2026-03-01',
      headers: compliance,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = parseCsv(response.body);
    expect(Object.keys(rows[0]!)).toEqual([
      'seq',
      'id',
      'occurred_at',
      'actor_type',
      'actor_id',
      'actor_role',
      'actor_name',
      'on_behalf_of_patient_id',
      'action',
      'resource_type',
      'resource_id',
      'patient_ids',
      'purpose_of_use',
      'break_glass_reason',
      'outcome',
      'ip',
      'user_agent',
      'request_id',
      'details',
    ]);
    expect(rows.map((row) => [row.seq, row.action, row.occurred_at])).toEqual([
      ['4', 'patient.notes.read', '2026-03-02T04:59:59.999Z'],
      ['3', 'auth.sign-in', '2026-03-01T20:00:00.000Z'],
      ['2', 'patient.read', '2026-03-01T05:30:00.000Z'],
    ]);
    expect(rows[0]!.patient_ids).toBe(`${patientA} ${patientB}`);
    // A formula planted in a user agent stays text.
    expect(rows[1]!.user_agent).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(JSON.parse(rows[1]!.details!)).toEqual({ reason: 'wrong password' });
    const [exported] = (await search('action=audit.export')).json().items;
    expect(exported).toMatchObject({
      details: { format: 'csv', filters: { from: '2026-03-01T05:00:00.000Z' } },
    });
  });

  it('streams an export larger than one page, every event once', async () => {
    const clinic = await createTestClinic(test.database.orm, 'Busy Clinic');
    await appendChainedEvents(
      test.database,
      clinic.id,
      Array.from({ length: 2_345 }, (_, index) => ({ action: 'patient.read', resourceId: String(index) })),
    );
    const officer = await createTestStaff(test.database.orm, clinic.id, 'compliance');
    const headers = await signInHeaders(server.app, officer.email);
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/audit/export.csv?action=patient.read',
      headers,
    });
    const rows = parseCsv(response.body);
    expect(rows).toHaveLength(2_345);
    expect(new Set(rows.map((row) => row.seq)).size).toBe(2_345);
    expect(rows[0]!.resource_id).toBe('2344');
  });

  it("verifies the caller's own chain on request, and records that it did", async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/audit/verify',
      headers: compliance,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({ intact: true, events: expect.any(Number) });
    const { rows } = await test.database.query<{ count: number }>(
      'select count(*)::int as count from audit_events where organization_id = $1',
      [clinicId],
    );
    // The verification's own event came after the walk.
    expect(body.events).toBe(rows[0]!.count - 1);
    const [verified] = (await search('action=audit.verify')).json().items;
    expect(verified.details).toEqual({ intact: true, events: body.events, brokenLink: null });
  });
});
