import type { ApiError, ErrorCode, ErrorDetail, FreeTime } from '@patientdesk/contracts';

/**
 * The one error model. Services throw these; one hook in `http/error-handler.ts` turns them
 * into the API's error shape. Messages are read by people: say what happened and what to do.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** More the client can act on (the next free times of a time just taken). */
    readonly extra: Omit<ApiError['error'], 'code' | 'message' | 'details' | 'requestId'> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends DomainError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('invalid_request', 400, message, details);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Sign in to continue.') {
    super('unauthenticated', 401, message);
  }
}

export class Forbidden extends DomainError {
  constructor(
    message = 'You do not have permission to do this.',
    code: 'forbidden' | 'mfa_enrollment_required' = 'forbidden',
  ) {
    super(code, 403, message);
  }
}

export class NotFound extends DomainError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('conflict', 409, message, details);
  }
}

/** A booking lost the race for its time: someone else took it a moment ago. */
export class TimeTaken extends DomainError {
  constructor(message: string, nextFreeTimes: FreeTime[]) {
    super('time_taken', 409, message, [], { nextFreeTimes });
  }
}

export class Unprocessable extends DomainError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('unprocessable', 422, message, details);
  }
}

export class RateLimited extends DomainError {
  constructor(message = 'Too many requests. Wait a minute and try again.') {
    super('rate_limited', 429, message);
  }
}

/** A reply over SMS or plain email would carry PHI; nothing was sent. */
export class PhiOnInsecureChannel extends DomainError {
  constructor(message: string, details: ErrorDetail[]) {
    super('phi_on_insecure_channel', 422, message, details);
  }
}

/** The contact opted out of the channel; nothing was sent. */
export class ContactOptedOut extends DomainError {
  constructor(message: string) {
    super('contact_opted_out', 409, message);
  }
}

/** A saved reply needs values the conversation does not have; nothing is filled with a blank. */
export class SavedReplyMissingValues extends DomainError {
  constructor(message: string, details: ErrorDetail[]) {
    super('saved_reply_missing_values', 422, message, details);
  }
}

/** A request or file larger than its limit (the message names the limit). */
export class TooLarge extends DomainError {
  constructor(message: string) {
    super('payload_too_large', 413, message);
  }
}

/** Content of a type this endpoint does not take (the message names the type). */
export class UnsupportedType extends DomainError {
  constructor(message: string) {
    super('unsupported_media_type', 415, message);
  }
}
