import type { ArrivalsBoard } from '@patientdesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledMigrations, migrate, migrationStatus } from '../../../db/migrate.ts';
import { createFieldCipher } from '../../../security/field-encryption.ts';
import { checkEncryptionKeys } from '../../../security/key-check.ts';
import { createTestClinic } from '../../../testing/clinic.ts';
import { testCipher } from '../../../testing/test-cipher.ts';
import { createEmptyTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import { addPatient, callAs, signedInStaff } from '../../patients/test-fixtures.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../test-fixtures.ts';
import { todayAt } from './test-fixtures.ts';
import { checkInNotesField } from './visit-status.ts';

/**
 * Check-in notes were stored in plain text until migration 0020, which encrypts those already
 * stored (its data step holds the key the database does not) and renames the column. These tests
 * write notes the old way, into a database migrated up to just before it.
 */

const oldNote = 'Insurance changed (Medicare on file): ask for the new card.';

describe('check-in notes stored before they were encrypted', () => {
  let test: TestDatabase;
  let fixture: SchedulingFixture;
  let patientId: string;

  beforeEach(async () => {
    test = await createEmptyTestDatabase();
    await migrate(test.database, {
      migrations: bundledMigrations().filter((migration) => migration.version < '0020'),
    });
    const clinic = await createTestClinic(test.database.orm, 'Old Notes Clinic');
    fixture = await createSchedulingFixture(test.database.orm, clinic.id);
    patientId = (await addPatient(test.database.orm, clinic.id, { givenName: 'Olga', familyName: 'Before' }))
      .id;
  });
  afterEach(() => test.drop());

  /** A visit checked in with `notes` in the plain column, as the release before 0020 wrote it. */
  async function visitCheckedInTheOldWay(startsAt: Date, notes: string | null): Promise<string> {
    const { rows } = await test.database.query<{ id: string }>(
      `insert into appointments (organization_id, patient_id, provider_id, location_id, appointment_type_id,
         status, mode, starts_at, ends_at, blocked, checked_in_at, check_in_notes)
       values ($1, $2, $3, $4, $5, 'arrived', 'in-person', $6, $7, tstzrange($6, $7), $6, $8)
       returning id`,
      [
        fixture.organizationId,
        patientId,
        fixture.providerId,
        fixture.locationId,
        fixture.types.followUp.id,
        startsAt,
        new Date(startsAt.getTime() + 15 * 60_000),
        notes,
      ],
    );
    return rows[0]!.id;
  }

  async function storedRow(id: string): Promise<Record<string, unknown>> {
    const { rows } = await test.database.query('select * from appointments where id = $1', [id]);
    return rows[0] as Record<string, unknown>;
  }

  it('are all encrypted when the server starts, and the front desk still reads them on the arrivals board', async () => {
    const withNotes = await visitCheckedInTheOldWay(todayAt(fixture, 2, 0), oldNote);
    const without = await visitCheckedInTheOldWay(todayAt(fixture, 3, 0), null);
    // Past visits, more than the data step encrypts at a time.
    await test.database.query(
      `insert into appointments (organization_id, patient_id, provider_id, location_id, appointment_type_id,
         status, mode, starts_at, ends_at, blocked, check_in_notes)
       select $1, $2, $3, $4, $5, 'fulfilled', 'in-person', starts, starts + interval '15 minutes',
         tstzrange(starts, starts + interval '15 minutes'), 'Contact details changed, visit ' || n
       from generate_series(1, 1201) as n, lateral (select now() - n * interval '1 day' as starts) as day`,
      [fixture.organizationId, patientId, fixture.providerId, fixture.locationId, fixture.types.followUp.id],
    );

    const server = await startTestServer(test.database);
    try {
      const row = await storedRow(withNotes);
      expect(row).not.toHaveProperty('check_in_notes');
      expect(JSON.stringify(row)).not.toContain('Medicare');
      expect(testCipher().decrypt(checkInNotesField, row.check_in_notes_encrypted as string)).toBe(oldNote);
      expect((await storedRow(without)).check_in_notes_encrypted).toBeNull();
      const { rows } = await test.database.query<{ stored: string }>(
        "select check_in_notes_encrypted as stored from appointments where status = 'fulfilled'",
      );
      const past = new Set(rows.map((stored) => testCipher().decrypt(checkInNotesField, stored.stored)));
      expect(past.size).toBe(1201);
      expect(past).toContain('Contact details changed, visit 1201');

      const agent = callAs(server, await signedInStaff(server, fixture.organizationId, 'agent'));
      const board = (
        await agent('GET', `/api/locations/${fixture.locationId}/arrivals`)
      ).json() as ArrivalsBoard;
      const notesOf = (id: string) => board.items.find((item) => item.appointmentId === id)?.checkInNotes;
      expect(notesOf(withNotes)).toBe(oldNote);
      expect(notesOf(without)).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('stay as they were when the keys are missing or wrong, saying what to do, until the right key comes', async () => {
    await checkEncryptionKeys(test.database, testCipher());
    const visit = await visitCheckedInTheOldWay(todayAt(fixture, 2, 0), oldNote);
    const stillPending = async () => {
      expect((await storedRow(visit)).check_in_notes).toBe(oldNote);
      expect((await migrationStatus(test.database)).pending).toContain('0020_check_in_notes_encrypted');
    };

    // A command that does not load the keys (seed-demo, token-create...).
    await expect(migrate(test.database)).rejects.toThrow(
      /encrypts data already stored.*Run "patientdesk migrate" or start the server once/,
    );
    await stillPending();
    // Another key under the same name would encrypt the notes with a key nobody has.
    const impostor = createFieldCipher(new Map([['test1', Buffer.alloc(32, 8)]]), 'test1');
    await expect(migrate(test.database, { fieldCipher: () => impostor })).rejects.toThrow(
      /0020_check_in_notes_encrypted failed and was rolled back.*"test1" is not the key that encrypted/,
    );
    await stillPending();

    await migrate(test.database, { fieldCipher: testCipher });
    const row = await storedRow(visit);
    expect(testCipher().decrypt(checkInNotesField, row.check_in_notes_encrypted as string)).toBe(oldNote);
  });
});
