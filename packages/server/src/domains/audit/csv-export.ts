import { pipeline, Readable } from 'node:stream';
import type { AuditEvent } from '@patientdesk/contracts';
import { stringify } from 'csv-stringify';
import type { AuditLogPage } from './audit-log.ts';

/** The columns of the CSV export, in order (the header row). */
export const auditCsvColumns = [
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
] as const;

/**
 * A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
 * first) gets a leading apostrophe. Names, user agents and reasons come from outside, and the
 * export is opened in spreadsheets (OWASP, "CSV Injection").
 */
function safeCell(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRecord(event: AuditEvent): string[] {
  return [
    String(event.seq),
    event.id,
    event.occurredAt,
    event.actor.type,
    event.actor.id ?? '',
    safeCell(event.actor.role),
    safeCell(event.actor.name),
    event.onBehalfOfPatientId ?? '',
    safeCell(event.action),
    safeCell(event.resourceType),
    safeCell(event.resourceId),
    event.patientIds.join(' '),
    safeCell(event.purposeOfUse),
    safeCell(event.breakGlassReason),
    event.outcome,
    safeCell(event.ip),
    safeCell(event.userAgent),
    safeCell(event.requestId),
    Object.keys(event.details).length > 0 ? JSON.stringify(event.details) : '',
  ];
}

/**
 * The audit log as CSV, streamed: pages are read one at a time as the client takes the bytes,
 * so a large export neither fills memory nor holds a transaction open while a slow download
 * runs. `readPage` reads one page older than `before` (newest first); `onError` hears of a page
 * that failed (the response is then cut short, and the client sees an incomplete download).
 */
export function auditLogCsv(
  readPage: (before: number | undefined) => Promise<AuditLogPage>,
  onError: (error: Error) => void,
): Readable {
  async function* records() {
    let before: number | undefined;
    do {
      const page = await readPage(before);
      for (const event of page.items) yield csvRecord(event);
      before = page.nextBefore ?? undefined;
    } while (before !== undefined);
  }
  return pipeline(
    Readable.from(records()),
    stringify({ header: true, columns: [...auditCsvColumns] }),
    (error) => {
      if (error) onError(error);
    },
  );
}
