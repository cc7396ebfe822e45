import { z } from 'zod';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i;

/** Whether y-m-d names a real day (JavaScript's Date would quietly turn 2026-02-30 into March 2). */
function isCalendarDay(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

/** A day (`2026-03-01`, in the clinic's time zone) or a moment (`2026-03-01T09:30:00Z`). */
export function isAuditDateBound(value: string): boolean {
  const match = datePattern.exec(value) ?? instantPattern.exec(value);
  return Boolean(match && isCalendarDay(match[1]!, match[2]!, match[3]!));
}

const dateBound = z.string().trim().refine(isAuditDateBound, {
  message:
    'must be a day such as 2026-03-01 (in the clinic’s time zone) or a moment such as 2026-03-01T09:30:00Z',
});

/** Filters of the audit log (`GET /api/audit` and the CSV export). */
export const auditLogFiltersSchema = z.object({
  patientId: z.uuid({ message: 'must be a patient id (a UUID)' }).optional(),
  /** The staff member, patient or proxy who acted. */
  userId: z.uuid({ message: 'must be a user id (a UUID)' }).optional(),
  /** An exact action (`patient.read`), or a prefix ending in `*` (`auth.*`). */
  action: z
    .string()
    .trim()
    .regex(/^[a-z0-9.*-]{1,100}$/i, 'must be an action such as patient.read, or a prefix such as auth.*')
    .optional(),
  outcome: z.enum(['allowed', 'denied']).optional(),
  /** From this day or moment on (inclusive). */
  from: dateBound.optional(),
  /** Up to this day (the whole day) or moment (inclusive). */
  to: dateBound.optional(),
});
export type AuditLogFilters = z.infer<typeof auditLogFiltersSchema>;

export const auditLogQuerySchema = auditLogFiltersSchema.extend({
  limit: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 500')
    .max(500, 'must be between 1 and 500')
    .default(50),
  /** Only events older than this one (the `nextBefore` of the previous page). */
  before: z.coerce
    .number({ message: 'must be the nextBefore of the previous page' })
    .int('must be the nextBefore of the previous page')
    .min(1, 'must be the nextBefore of the previous page')
    .optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditActorSchema = z.object({
  type: z.enum(['staff', 'patient', 'proxy', 'api-token', 'system']),
  id: z.uuid().nullable(),
  role: z.string().nullable(),
  name: z.string().nullable(),
});

/** One event of the audit log, as stored and chained. */
export const auditEventSchema = z.object({
  /** Position in the organisation's chain: 1, 2, 3... */
  seq: z.number().int(),
  id: z.uuid(),
  occurredAt: z.iso.datetime(),
  actor: auditActorSchema,
  onBehalfOfPatientId: z.uuid().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  patientIds: z.array(z.uuid()),
  purposeOfUse: z.string().nullable(),
  breakGlassReason: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditLogPageSchema = z.object({
  /** Newest first. */
  items: z.array(auditEventSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;

export const auditChainVerificationSchema = z.object({
  intact: z.boolean(),
  /** Events verified (up to the first broken link). */
  events: z.number().int(),
  brokenLink: z
    .object({
      seq: z.number().int(),
      eventId: z.uuid().nullable(),
      problem: z.string(),
    })
    .optional(),
});
export type AuditChainVerification = z.infer<typeof auditChainVerificationSchema>;

/** A "break the glass" access, for compliance review. */
export const emergencyAccessSchema = z.object({
  id: z.uuid(),
  staffMember: z.object({ id: z.uuid(), displayName: z.string(), role: z.string() }),
  patient: z.object({ id: z.uuid(), displayName: z.string() }),
  reason: z.string(),
  grantedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  review: z
    .object({
      reviewedBy: z.object({ id: z.uuid(), displayName: z.string() }),
      reviewedAt: z.iso.datetime(),
      note: z.string().nullable(),
    })
    .nullable(),
});
export type EmergencyAccess = z.infer<typeof emergencyAccessSchema>;

export const emergencyAccessListQuerySchema = z.object({
  /** `pending`: not reviewed yet; `reviewed`; or both when left out. */
  status: z.enum(['pending', 'reviewed']).optional(),
  limit: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 500')
    .max(500, 'must be between 1 and 500')
    .default(100),
});

export const emergencyAccessReviewSchema = z.object({
  note: z
    .string()
    .trim()
    .min(1, 'Write what you found, such as "Appropriate: patient seen in urgent care".')
    .max(1000, 'Use at most 1,000 characters.'),
});
