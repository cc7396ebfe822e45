import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { spawnPatientDesk, waitForExit } from '../../testing/child-process.ts';
import { createTestClinic } from '../../testing/clinic.ts';
import { createCommandTestDatabase } from '../../testing/command-test-database.ts';
import type { Organization } from '../organizations/service.ts';
import { createAuditTrail } from './audit-trail.ts';
import { verifyChain } from './verify.ts';

/**
 * Someone with direct access to the database changes the log behind the append-only trigger's
 * back: exactly what the hash chain is there to reveal. The real `patientdesk audit-verify` runs
 * in a child process against the same database (a data folder, or a PostgreSQL database).
 */
async function behindTheTriggersBack(
  database: Database,
  statement: string,
  params: unknown[],
): Promise<void> {
  await database.exec('alter table audit_events disable trigger audit_events_append_only');
  try {
    await database.query(statement, params);
  } finally {
    await database.exec('alter table audit_events enable trigger audit_events_append_only');
  }
}

describe('tamper detection', () => {
  let environment: Record<string, string>;
  let open: () => Promise<Database>;
  let cleanUp: () => Promise<void>;
  const clinics: Record<'intact' | 'edited' | 'removed' | 'cut' | 'forged', Organization> = {} as never;
  const verifyCommand = (...args: string[]) =>
    waitForExit(spawnPatientDesk(['audit-verify', ...args], environment));

  beforeAll(async () => {
    const target = await createCommandTestDatabase('pd-tamper-');
    environment = target.environment;
    open = target.open;
    cleanUp = target.drop;
    const database = await open();
    try {
      await migrate(database);
      const trail = createAuditTrail(database);
      for (const name of ['intact', 'edited', 'removed', 'cut', 'forged'] as const) {
        clinics[name] = await createTestClinic(database.orm, `Clinic ${name}`);
        for (let event = 1; event <= 6; event++)
          await trail.record(
            {
              organizationId: clinics[name].id,
              actorType: 'staff',
              actorId: null,
              actorRole: 'agent',
              actorName: 'Agent',
            },
            {
              action: 'patient.read',
              resourceType: 'patient',
              resourceId: `patient-${event}`,
              outcome: 'allowed',
            },
          );
      }
      for (const clinic of Object.values(clinics))
        expect(await verifyChain(database, clinic.id)).toEqual({
          organizationId: clinic.id,
          events: 6,
          intact: true,
        });

      await behindTheTriggersBack(
        database,
        "update audit_events set action = 'nothing-to-see' where organization_id = $1 and seq = 3",
        [clinics.edited.id],
      );
      await behindTheTriggersBack(
        database,
        'delete from audit_events where organization_id = $1 and seq = 4',
        [clinics.removed.id],
      );
      await behindTheTriggersBack(
        database,
        'delete from audit_events where organization_id = $1 and seq = 6',
        [clinics.cut.id],
      );
      // An event slipped in after the last one (inserting needs no trigger switched off).
      await database.query(
        `insert into audit_events (organization_id, seq, occurred_at, actor_type, action, resource_type, outcome, previous_hash, hash)
         select organization_id, 7, occurred_at, actor_type, 'patient.read', resource_type, outcome, hash, hash
         from audit_events where organization_id = $1 and seq = 6`,
        [clinics.forged.id],
      );
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(() => cleanUp());

  it('names the first broken link: a changed event, a removed one, a cut tail', async () => {
    const database = await open();
    try {
      expect(await verifyChain(database, clinics.intact.id)).toMatchObject({ intact: true, events: 6 });
      expect(await verifyChain(database, clinics.edited.id)).toMatchObject({
        intact: false,
        events: 2,
        brokenLink: {
          seq: 3,
          eventId: expect.any(String),
          problem: expect.stringContaining('the event was changed'),
        },
      });
      expect(await verifyChain(database, clinics.removed.id)).toMatchObject({
        intact: false,
        events: 3,
        brokenLink: { seq: 4, eventId: null, problem: 'event 4 is missing (the next one found is 5)' },
      });
      expect(await verifyChain(database, clinics.cut.id)).toMatchObject({
        intact: false,
        events: 5,
        brokenLink: { seq: 6, problem: expect.stringContaining('events at the end were removed') },
      });
      expect(await verifyChain(database, clinics.forged.id)).toMatchObject({
        intact: false,
        events: 6,
        brokenLink: {
          seq: 7,
          problem: 'events up to 7 lie beyond the chain head (6): they were added outside PatientDesk',
        },
      });
    } finally {
      await database.close();
    }
  });

  it('patientdesk audit-verify exits 0 on an intact chain and prints its size', async () => {
    const result = await verifyCommand('--org', clinics.intact.slug);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`Clinic intact [${clinics.intact.slug}]: intact, 6 events`);
    expect(result.output).toMatch(/Every audit chain is intact: 1 organisation\(s\), 6 events/);
  }, 60_000);

  it('patientdesk audit-verify exits 1 and prints the broken link of each tampered chain', async () => {
    const result = await verifyCommand();
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain(`Clinic intact [${clinics.intact.slug}]: intact, 6 events`);
    expect(result.output).toMatch(
      new RegExp(
        `Clinic edited \\[${clinics.edited.slug}\\]: BROKEN at event 3 \\(id [0-9a-f-]{36}\\): its content does not match its hash`,
      ),
    );
    expect(result.output).toContain(
      `Clinic removed [${clinics.removed.slug}]: BROKEN at event 4: event 4 is missing`,
    );
    expect(result.output).toContain(`Clinic cut [${clinics.cut.slug}]: BROKEN at event 6:`);
    expect(result.output).toMatch(
      /The audit log of 4 of 5 organisation\(s\) was changed outside PatientDesk/,
    );
    expect((await verifyCommand('--org', clinics.edited.slug)).code).toBe(1);
  }, 60_000);

  it('patientdesk audit-verify explains itself, and exits 2 when it cannot check', async () => {
    const help = await verifyCommand('--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/Usage: patientdesk audit-verify \[options\]/);
    expect(help.output).toMatch(/Exit status: 0 every chain is intact; 1 a chain is broken/);
    const unknown = await verifyCommand('--org', 'no-such-clinic');
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(
      /There is no organisation "no-such-clinic" in .*Pass one of these to --org/,
    );
  }, 60_000);
});
