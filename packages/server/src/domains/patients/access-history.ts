import type { PatientAccessHistory } from '@patientdesk/contracts';
import { sql } from 'drizzle-orm';
import type { ActorScope } from '../access/actor-scope.ts';
import { accessPatient, patientEvent } from './patient-access.ts';

/**
 * Who looked at or changed a patient's record, from the audit log (HIPAA 45 CFR 164.528 asks
 * for an accounting of disclosures; this is the clinic's own view of it).
 */

export const accessHistoryLimit = 200;

interface AuditEventRow {
  id: string;
  occurred_at: Date | string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  outcome: 'allowed' | 'denied';
  break_glass_reason: string | null;
  on_behalf_of_patient_id: string | null;
}

/** The latest 200 audit events naming the patient, newest first. */
export async function readAccessHistory(scope: ActorScope, patientId: string): Promise<PatientAccessHistory> {
  await accessPatient(scope, 'patient.access-history.read', patientId);
  // The audit log's own GIN index on patient_ids, through the function of migration 0010 (under
  // row-level security the index could not be used).
  const result = (await scope.orm.execute(
    sql`select * from audit_events_naming_patient(${patientId}, ${accessHistoryLimit})`,
  )) as unknown as { rows: AuditEventRow[] };
  scope.record(
    patientEvent(scope, patientId, 'patient.access-history.read', { details: { count: result.rows.length } }),
  );
  return {
    items: result.rows.map((row) => ({
      id: row.id,
      occurredAt: new Date(row.occurred_at).toISOString(),
      actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name, role: row.actor_role },
      action: row.action,
      outcome: row.outcome,
      breakGlassReason: row.break_glass_reason,
      onBehalfOfPatientId: row.on_behalf_of_patient_id,
    })),
  };
}
