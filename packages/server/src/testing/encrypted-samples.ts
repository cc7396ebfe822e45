import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection.ts';
import { outboxMessages } from '../domains/outbox/schema.ts';
import { patientCoverages, patientNotes, patients } from '../domains/patients/schema.ts';
import { createPatients } from '../domains/patients/service.ts';
import { staffMembers } from '../domains/staff/schema.ts';
import type { FieldCipher } from '../security/field-encryption.ts';
import { createTestClinic, createTestStaff } from './clinic.ts';

/** One plaintext per encrypted column and row, to check after a rotation that each still reads. */
export interface EncryptedSample {
  table: string;
  column: string;
  field: string;
  id: string;
  plaintext: string;
}

/**
 * A clinic with a value in every encrypted column (several in some), encrypted with `cipher`,
 * for key rotation tests.
 */
export async function storeEncryptedSamples(
  database: Database,
  cipher: FieldCipher,
): Promise<EncryptedSample[]> {
  const orm = database.orm;
  const clinic = await createTestClinic(orm, 'Rotation Clinic');
  const samples: EncryptedSample[] = [];
  const created = await createPatients(
    orm,
    ['Ada', 'Ben', 'Cleo'].map((given, index) => ({
      organizationId: clinic.id,
      mrn: `ROT-${index}`,
      givenName: given,
      familyName: 'Sample',
      birthDate: '1985-06-15',
    })),
  );
  for (const [index, patient] of created.entries()) {
    const plaintext = `SSN-00${index}-4242`;
    await orm
      .update(patients)
      .set({ governmentIdEncrypted: cipher.encrypt('patients.government_id', plaintext) })
      .where(eq(patients.id, patient.id));
    samples.push({
      table: 'patients',
      column: 'government_id_encrypted',
      field: 'patients.government_id',
      id: patient.id,
      plaintext,
    });
  }
  const [coverage] = await orm
    .insert(patientCoverages)
    .values({
      organizationId: clinic.id,
      patientId: created[0]!.id,
      payerName: 'Blue Shield',
      memberNumberEncrypted: cipher.encrypt('patient_coverages.member_number', 'BSX123456789'),
    })
    .returning({ id: patientCoverages.id });
  samples.push({
    table: 'patient_coverages',
    column: 'member_number_encrypted',
    field: 'patient_coverages.member_number',
    id: coverage!.id,
    plaintext: 'BSX123456789',
  });
  const clinician = await createTestStaff(orm, clinic.id, 'clinician');
  const [note] = await orm
    .insert(patientNotes)
    .values({
      organizationId: clinic.id,
      patientId: created[1]!.id,
      kind: 'clinical',
      bodyEncrypted: cipher.encrypt('patient_notes.body', 'Allergic to penicillin'),
      authorStaffId: clinician.id,
    })
    .returning({ id: patientNotes.id });
  samples.push({
    table: 'patient_notes',
    column: 'body_encrypted',
    field: 'patient_notes.body',
    id: note!.id,
    plaintext: 'Allergic to penicillin',
  });
  await orm
    .update(staffMembers)
    .set({ mfaSecretEncrypted: cipher.encrypt('staff_members.mfa_secret', 'JBSWY3DPEHPK3PXP') })
    .where(eq(staffMembers.id, clinician.id));
  samples.push({
    table: 'staff_members',
    column: 'mfa_secret_encrypted',
    field: 'staff_members.mfa_secret',
    id: clinician.id,
    plaintext: 'JBSWY3DPEHPK3PXP',
  });
  for (const code of ['123456', '654321']) {
    const plaintext = `Your PatientDesk code is ${code}`;
    const [message] = await orm
      .insert(outboxMessages)
      .values({
        organizationId: clinic.id,
        channel: 'sms',
        recipient: '+15555550100',
        bodyEncrypted: cipher.encrypt('outbox_messages.body', plaintext),
        purpose: 'portal-sign-in-code',
      })
      .returning({ id: outboxMessages.id });
    samples.push({
      table: 'outbox_messages',
      column: 'body_encrypted',
      field: 'outbox_messages.body',
      id: message!.id,
      plaintext,
    });
  }
  return samples;
}

/** Reads each sample's stored value back: the key it is under, and its plaintext with `cipher`. */
export async function readEncryptedSamples(
  database: Database,
  cipher: FieldCipher,
  samples: EncryptedSample[],
) {
  const read: { field: string; keyId: string; plaintext: string }[] = [];
  for (const sample of samples) {
    const { rows } = await database.query<{ value: string }>(
      `select ${sample.column} as value from ${sample.table} where id = $1`,
      [sample.id],
    );
    read.push({
      field: sample.field,
      keyId: cipher.keyIdOf(rows[0]!.value),
      plaintext: cipher.decrypt(sample.field, rows[0]!.value),
    });
  }
  return read;
}
