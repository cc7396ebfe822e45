import type {
  PortalConversation,
  PortalThread,
  SignedInPortalUser,
  WidgetChat,
} from '@patientdesk/contracts';
import { WidgetApiError } from './widget-api.ts';

/**
 * The widget for someone signed in to the clinic's portal (the widget on PatientDesk's own
 * pages, where the portal session cookie is at hand): their messages go to their secure portal
 * thread about themselves (or, for a proxy, about the patient they pick), identity-verified,
 * instead of an anonymous chat. Portal users have no websocket: the widget polls while open.
 */

export interface PortalChatPatient {
  id: string;
  displayName: string;
}

function csrfToken(): string | undefined {
  return /(?:^|;\s*)pd_csrf=([^;]+)/.exec(document.cookie)?.[1];
}

async function call<T>(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const csrf = method === 'POST' ? csrfToken() : undefined;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new WidgetApiError(
      payload?.error?.message ?? `The portal answered ${response.status}.`,
      response.status,
    );
  return payload as T;
}

/** The patients this portal user may message about, when the widget runs on PatientDesk's own origin. */
export async function portalPatientsFor(baseUrl: string, org: string): Promise<PortalChatPatient[]> {
  if (baseUrl !== window.location.origin) return [];
  try {
    const me = await call<SignedInPortalUser | { kind: 'staff' }>(baseUrl, 'GET', '/api/auth/me');
    if (me.kind !== 'portal' || me.organization.slug !== org) return [];
    return me.patients
      .filter((patient) => patient.relationship === 'self' || patient.scopes.includes('messaging'))
      .map(({ id, displayName }) => ({ id, displayName }));
  } catch {
    return [];
  }
}

const asChat = (thread: PortalThread): WidgetChat => ({
  conversation: { id: thread.conversation.id, status: thread.conversation.status },
  messages: thread.messages,
  contactDetails: { name: null, email: false, phone: false },
});

export function createPortalChat(baseUrl: string, patient: PortalChatPatient) {
  return {
    patient,
    async chat(): Promise<WidgetChat | null> {
      const { items } = await call<{ items: PortalConversation[] }>(
        baseUrl,
        'GET',
        '/api/portal/conversations',
      );
      const latest = items.find((item) => item.channel === 'portal' && item.patient?.id === patient.id);
      if (!latest) return null;
      return asChat(await call<PortalThread>(baseUrl, 'GET', `/api/portal/conversations/${latest.id}`));
    },
    async send(body: string, clientMessageId: string): Promise<WidgetChat> {
      return asChat(
        await call<PortalThread>(baseUrl, 'POST', '/api/portal/messages', {
          patientId: patient.id,
          body,
          clientMessageId,
        }),
      );
    },
  };
}

export type PortalChat = ReturnType<typeof createPortalChat>;
