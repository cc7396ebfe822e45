import { type ApiError, apiErrorSchema, type ErrorDetail } from '@patientdesk/contracts';

/** An error answer of the API, with the message written for people and the fields at fault. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiError['error']['code'] | 'network_error',
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls the PatientDesk API with the session cookie. Answers are parsed as JSON; error answers
 * become an ApiRequestError carrying the server's own message.
 */
export async function callApi<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, 'network_error', 'network');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(payload);
    if (parsed.success) {
      const { code, message, details, requestId } = parsed.data.error;
      throw new ApiRequestError(response.status, code, message, details, requestId);
    }
    throw new ApiRequestError(response.status, 'internal_error', `HTTP ${response.status}`);
  }
  return payload as T;
}
