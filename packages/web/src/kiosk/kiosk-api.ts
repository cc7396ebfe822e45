import {
  apiErrorSchema,
  type KioskCheckInRequest,
  type KioskCheckInResult,
  type KioskDetails,
  type KioskLookupRequest,
  type KioskLookupResult,
  type KioskWelcome,
  kioskKeyHeader,
} from '@patientdesk/contracts';
import { ApiRequestError } from '../api/client.ts';

/**
 * The kiosk's own small client: every call carries the device's key, and never a cookie (the
 * kiosk is no one's session; a staff member signed in on the same browser must not lend it
 * theirs).
 */
export interface KioskApi {
  welcome(): Promise<KioskWelcome>;
  lookup(request: KioskLookupRequest): Promise<KioskLookupResult>;
  details(ticket: string): Promise<KioskDetails>;
  checkIn(request: KioskCheckInRequest): Promise<KioskCheckInResult>;
}

export function kioskApi(locationId: string, key: string): KioskApi {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { [kioskKeyHeader]: key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`/api/kiosk/${locationId}${path}`, {
        method,
        credentials: 'omit',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiRequestError(0, 'unreachable', 'The kiosk could not reach the clinic.');
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) return payload as T;
    const parsed = apiErrorSchema.safeParse(payload);
    if (!parsed.success) throw new ApiRequestError(response.status, 'unreachable', `HTTP ${response.status}`);
    const { code, message, details, requestId } = parsed.data.error;
    throw new ApiRequestError(response.status, code, message, details, requestId, payload);
  }
  return {
    welcome: () => call('GET', ''),
    lookup: (request) => call('POST', '/lookup', request),
    details: (ticket) => call('POST', '/details', { ticket }),
    checkIn: (request) => call('POST', '/check-in', request),
  };
}

/** The kiosk's key was refused: missing, unknown, withdrawn, or for another location. */
export const isKeyRefused = (error: unknown) =>
  error instanceof ApiRequestError && (error.status === 401 || error.status === 403);
