import { z } from 'zod';
import { freeTimeSchema } from './scheduling.ts';

/** Machine-readable codes of every API error; clients branch on these, never on messages. */
export const errorCodes = [
  'invalid_request',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'forbidden',
  /** The organisation requires two-step sign-in and this staff member has not set it up. */
  'mfa_enrollment_required',
  /** The password was right; the account also needs a code from the authenticator app. */
  'mfa_required',
  /** Too many failed sign-ins for this account; it is locked for a while. */
  'account_locked',
  /** A state-changing request authenticated by cookie came without the matching CSRF token. */
  'csrf_token_invalid',
  'not_found',
  'route_not_found',
  'conflict',
  'unprocessable',
  /** A reply over SMS or plain email would carry PHI; it was held (the details say why). */
  'phi_on_insecure_channel',
  /** The contact opted out of this channel (SMS STOP); nothing is sent until they opt in. */
  'contact_opted_out',
  /** A saved reply needs values this conversation does not have (the details name them). */
  'saved_reply_missing_values',
  /** The time was just taken by someone else; `nextFreeTimes` offers the next ones. */
  'time_taken',
  'rate_limited',
  'service_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorDetailSchema = z.object({
  /** Where the problem is, as a dotted path into the request: `body.email`, `query.limit`. */
  field: z.string().optional(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The one shape of every API error response. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.array(errorDetailSchema),
    /** With `time_taken`: the next free times for the same kind of visit. */
    nextFreeTimes: z.array(freeTimeSchema).optional(),
    requestId: z.string(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
