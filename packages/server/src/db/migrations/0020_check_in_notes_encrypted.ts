import type { DataStep } from '../migrate.ts';

/**
 * The data step of 0020_check_in_notes_encrypted.sql. Check-in notes (what a patient told the
 * kiosk changed: a new address, a new insurer) were stored in plain text; the database holds no
 * key, so each note is encrypted here, where it stands, before the SQL renames the column to
 * check_in_notes_encrypted. Part of the migration's history: it must not change once shipped.
 */

/** Bound into each value; the scheduling domain reads with the same name (checkInNotesField). */
const field = 'appointments.check_in_notes';
const batchSize = 500;
const lowestId = '00000000-0000-0000-0000-000000000000';

export const encryptCheckInNotes: DataStep = async (session, context) => {
  // A server of the previous release that is still running must not write a plain note
  // between this read and the rename: its writes wait, then fail on the renamed column.
  await session.query('lock table appointments in exclusive mode');
  let afterId = lowestId;
  for (;;) {
    const { rows } = await session.query<{ id: string; notes: string }>(
      `select id, check_in_notes as notes from appointments
       where check_in_notes is not null and id > $1 order by id limit $2`,
      [afterId, batchSize],
    );
    if (rows.length === 0) return;
    const cipher = await context.cipher();
    await session.query(
      `update appointments as target set check_in_notes = source.value
       from (select unnest($1::uuid[]) as id, unnest($2::text[]) as value) as source
       where target.id = source.id`,
      [rows.map((row) => row.id), rows.map((row) => cipher.encrypt(field, row.notes))],
    );
    afterId = rows.at(-1)!.id;
  }
};
