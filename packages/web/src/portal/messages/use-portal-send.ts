import type { PortalThread } from '@patientdesk/contracts';
import { useCallback, useRef, useState } from 'react';
import { callApi } from '../../api/client.ts';
import { type PendingMessage, pendingMessageFor } from './client-message-id.ts';

export interface PortalDraft {
  patientId: string;
  subject?: string;
  body: string;
}

export interface PortalSend {
  busy: boolean;
  /** Why the last attempt failed, until the next one succeeds. */
  error: unknown;
  /** Sends the draft; the thread it joined, or undefined when it failed (see `error`). */
  send(draft: PortalDraft): Promise<PortalThread | undefined>;
}

/**
 * Sends portal messages so that a retry is never a duplicate: the id made for a message is kept
 * until the server confirms it, and sent again with the same text after a failure.
 */
export function usePortalSend(): PortalSend {
  const pending = useRef<PendingMessage>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const send = useCallback(async (draft: PortalDraft) => {
    const subject = draft.subject?.trim() || undefined;
    const message = pendingMessageFor(
      pending.current,
      JSON.stringify([draft.patientId, subject ?? '', draft.body]),
    );
    pending.current = message;
    setBusy(true);
    try {
      const thread = await callApi<PortalThread>('POST', '/api/portal/messages', {
        patientId: draft.patientId,
        subject,
        body: draft.body,
        clientMessageId: message.id,
      });
      pending.current = undefined;
      setError(undefined);
      return thread;
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, send };
}
