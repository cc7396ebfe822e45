import { type ApiError, apiErrorSchema, type ErrorDetail } from '@patientdesk/contracts';

/** An error answer of the API, with the message written for people and the fields at fault. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    /** The API's error code, or `unreachable` when no answer in the API's shape came back. */
    readonly code: ApiError['error']['code'] | 'unreachable',
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
    /** The whole answer, for errors that carry more than the common shape (possible duplicates). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The CSRF token the server set beside the session cookie at sign-in. */
function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)pd_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

const sessionEndedListeners = new Set<() => void>();

/**
 * Calls `listener` whenever the API answers 401 outside `/api/auth/`: the staff session has
 * ended (idle timeout, signed out in another tab), so the app must return to sign-in. The
 * `/api/auth/` routes answer 401 as part of their job (wrong password, nobody signed in yet),
 * and their callers handle it. Returns the function that stops listening.
 */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const enrollmentRequiredListeners = new Set<() => void>();

/**
 * Calls `listener` whenever the API answers 403 `mfa_enrollment_required`: the clinic requires
 * two-step sign-in and this staff member has not set it up (the rule may have been switched on
 * while they were signed in), so the app must lead them to enrolment. Returns the function that
 * stops listening.
 */
export function onMfaEnrollmentRequired(listener: () => void): () => void {
  enrollmentRequiredListeners.add(listener);
  return () => enrollmentRequiredListeners.delete(listener);
}

/**
 * Calls the PatientDesk API with the session cookie. Answers are parsed as JSON; error answers
 * become an ApiRequestError carrying the server's own message.
 */
export async function callApi<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = {};
  // The server rejects a JSON content type with an empty body, so a bodiless call sends neither.
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Changes carry the session's CSRF token, which only this site's pages can read.
  const csrf = method === 'GET' ? undefined : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, 'unreachable', 'The request did not reach PatientDesk.');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorOfAnswer(response.status, payload, path);
  return payload as T;
}

/** The ApiRequestError for an error answer, telling the listeners when the session ended or needs MFA. */
function errorOfAnswer(status: number, payload: unknown, path: string): ApiRequestError {
  if (status === 401 && !path.startsWith('/api/auth/')) {
    for (const listener of sessionEndedListeners) listener();
  }
  const parsed = apiErrorSchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    if (code === 'mfa_enrollment_required') for (const listener of enrollmentRequiredListeners) listener();
    return new ApiRequestError(status, code, message, details, requestId, payload);
  }
  // Not the API's own error shape: a proxy or gateway in between answered instead.
  return new ApiRequestError(status, 'unreachable', `HTTP ${status} without an API error`);
}

/**
 * Uploads one file as multipart/form-data (field `file`) with the session cookie and CSRF token,
 * like callApi. XMLHttpRequest rather than fetch, because only it reports upload progress
 * (`onProgress` gets 0 to 1). Aborting `signal` rejects with an AbortError.
 */
export function uploadFile<T>(
  path: string,
  file: File,
  options: { onProgress?(fraction: number): void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancelled = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (options.signal?.aborted) return cancelled();
    const request = new XMLHttpRequest();
    request.open('POST', path);
    const csrf = csrfToken();
    if (csrf) request.setRequestHeader('x-csrf-token', csrf);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      let payload: unknown;
      try {
        payload = JSON.parse(request.responseText);
      } catch {
        payload = undefined;
      }
      if (request.status >= 200 && request.status < 300) resolve(payload as T);
      else reject(errorOfAnswer(request.status, payload, path));
    };
    request.onerror = () =>
      reject(new ApiRequestError(0, 'unreachable', 'The upload did not reach PatientDesk.'));
    request.onabort = cancelled;
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
