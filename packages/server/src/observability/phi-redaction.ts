/**
 * Protected health information must never reach a log line (HIPAA 164.312(b) asks for audit
 * logs, not for copies of PHI in application logs). Log objects pass through `redactPhi`, which
 * blanks fields by name and scrubs email addresses and phone numbers from free text.
 */

export const redactedMarker = '[redacted]';

// Field names compared without case, "_" or "-": "given_name", "givenName" and "Given-Name" match.
const phiFieldNames = new Set(
  [
    'name',
    'givenName',
    'familyName',
    'firstName',
    'lastName',
    'fullName',
    'preferredName',
    'displayName',
    'birthDate',
    'dateOfBirth',
    'dob',
    'phone',
    'phoneNumber',
    'mobile',
    'telecom',
    'email',
    'emailAddress',
    'address',
    'addressLine',
    'line',
    'street',
    'city',
    'postalCode',
    'zip',
    'ssn',
    'mrn',
    'identifier',
    'body',
    'text',
    'content',
    'note',
    'notes',
    'subject',
    'detail',
    'password',
    'passwordHash',
    'token',
    'authorization',
    'cookie',
    'setCookie',
    'code',
  ].map((name) => normalise(name)),
);

// Error and log codes such as "ECONNREFUSED" or "FST_ERR_NOT_FOUND" are not PHI; keep them.
const keepWhenCodeLike = new Set(['code']);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

const emailPattern = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// North American and international numbers written with separators or a leading +.
const phonePattern =
  /(?<![\w-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]\d{3}[\s.-]\d{4}(?![\w-])|\+\d{10,15}\b/g;

/** Removes email addresses and phone numbers from free text. */
export function scrubText(text: string): string {
  return text.replace(emailPattern, '[email]').replace(phonePattern, '[phone]');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) extra[key] = value;
  const result = redactPhi(extra, depth + 1) as Record<string, unknown>;
  result.type = error.name;
  result.message = scrubText(error.message);
  if (error.stack) result.stack = scrubText(error.stack);
  if (error.cause instanceof Error) result.cause = redactError(error.cause, depth + 1);
  return result;
}

/** Returns a copy of a log value with PHI fields blanked and free text scrubbed. */
export function redactPhi(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map((item) => redactPhi(item, depth + 1));
  if (value instanceof Error) return redactError(value, depth);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = normalise(key);
    if (phiFieldNames.has(field)) {
      const codeLike =
        keepWhenCodeLike.has(field) &&
        typeof item === 'string' &&
        /^([A-Z][A-Z0-9_]+|[0-9A-Z]{5})$/.test(item);
      result[key] = codeLike ? item : item === null || item === undefined ? item : redactedMarker;
    } else {
      result[key] = redactPhi(item, depth + 1);
    }
  }
  return result;
}

/** Keeps a URL's path and the names of its query parameters, never their values. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const names = url
    .slice(queryStart + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=${redactedMarker}`);
  return `${url.slice(0, queryStart)}?${names.join('&')}`;
}
