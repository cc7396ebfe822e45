import type { WidgetChat, WidgetLiveEvent } from '@patientdesk/contracts';

/**
 * The widget's calls to PatientDesk (`/api/widget/:org/...`). The visitor's token lives in the
 * browser's localStorage, one per clinic, and travels as a bearer token (no cookies, so the
 * widget works on the clinic's own website).
 */

export interface WidgetClinic {
  name: string;
  defaultLanguage: string;
  agentsAvailable: boolean;
}

export class WidgetApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function createWidgetApi(baseUrl: string, org: string, storage: Storage | undefined) {
  const root = `${baseUrl}/api/widget/${encodeURIComponent(org)}`;
  const tokenKey = `patientdesk.widget.${org}.token`;
  let token = storage?.getItem(tokenKey) ?? null;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return undefined as T;
    const payload = await response.json().catch(() => ({}));
    if (!response.ok)
      throw new WidgetApiError(
        payload?.error?.message ?? `The chat answered ${response.status}.`,
        response.status,
      );
    return payload as T;
  }

  async function ensureToken(): Promise<void> {
    if (token) return;
    token = (await call<{ token: string }>('POST', '/visitors')).token;
    storage?.setItem(tokenKey, token);
  }

  return {
    /** The clinic's public help-article search (add `&lang=` and `&q=`). */
    helpSearchUrl: `${baseUrl}/api/kb/search?org=${encodeURIComponent(org)}`,
    clinic: () => call<WidgetClinic>('GET', ''),
    hasToken: () => token !== null,
    async chat(): Promise<WidgetChat | null> {
      if (!token) return null;
      try {
        return await call<WidgetChat>('GET', '/messages');
      } catch (error) {
        // A token the server no longer accepts: start over as a new visitor.
        if (error instanceof WidgetApiError && error.status === 401) {
          token = null;
          storage?.removeItem(tokenKey);
          return null;
        }
        throw error;
      }
    },
    async send(
      body: string,
      clientMessageId: string,
      pageUrl: string,
      language: string,
    ): Promise<WidgetChat> {
      await ensureToken();
      return call<WidgetChat>('POST', '/messages', { body, clientMessageId, pageUrl, language });
    },
    leaveContactDetails: (details: { name?: string; email?: string; phone?: string }) =>
      call<void>('POST', '/contact-details', details),
    typing: () => (token ? call<void>('POST', '/typing').catch(() => undefined) : Promise.resolve()),
    /** Opens the live socket; `onEvent` gets each event, `onClose` the close code. */
    live(onEvent: (event: WidgetLiveEvent) => void, onClose: (code: number) => void): WebSocket | null {
      if (!token) return null;
      const socket = new WebSocket(`${root.replace(/^http/, 'ws')}/live?token=${encodeURIComponent(token)}`);
      socket.onmessage = (message) => {
        try {
          onEvent(JSON.parse(String(message.data)) as WidgetLiveEvent);
        } catch {
          // Not ours to show.
        }
      };
      socket.onclose = (close) => onClose(close.code);
      return socket;
    },
  };
}

export type WidgetApi = ReturnType<typeof createWidgetApi>;
