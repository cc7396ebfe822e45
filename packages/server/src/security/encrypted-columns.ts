import type { EncryptedField } from './field-encryption.ts';

/** A column that holds values encrypted with the field cipher, and the field name bound into them. */
export interface EncryptedColumn {
  table: string;
  column: string;
  field: EncryptedField;
}

/**
 * Every column of PatientDesk that holds encrypted values. Key rotation re-encrypts exactly
 * these, and a key may be retired only when none of them uses it any more: a new encrypted
 * column must be added here, or rotation would leave its values under an old key.
 */
export const encryptedColumns: readonly EncryptedColumn[] = [
  { table: 'patients', column: 'government_id_encrypted', field: 'patients.government_id' },
  { table: 'patient_coverages', column: 'member_number_encrypted', field: 'patient_coverages.member_number' },
  { table: 'patient_notes', column: 'body_encrypted', field: 'patient_notes.body' },
  { table: 'staff_members', column: 'mfa_secret_encrypted', field: 'staff_members.mfa_secret' },
  { table: 'outbox_messages', column: 'body_encrypted', field: 'outbox_messages.body' },
  { table: 'outbox_messages', column: 'attachments_encrypted', field: 'outbox_messages.attachments' },
];
