import { type ConversationMessage, maxAttachmentsPerReply } from '@patientdesk/contracts';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { uploadFile } from '../../api/client.ts';

/**
 * The files an agent attaches in the composer. Each one uploads as soon as it is chosen (the
 * server checks its real type and size then, so a refusal comes while the agent still writes),
 * and the reply or note names the uploaded ones by id. Like the drafts, they are kept per
 * conversation while the desk is open, so looking at another conversation loses nothing.
 */

export type MessageAttachment = ConversationMessage['attachments'][number];

interface FileBase {
  /** Tells apart two files of the same name. */
  key: string;
  fileName: string;
  sizeBytes: number;
}
export type ComposerFile =
  | (FileBase & { state: 'uploading'; progress: number; cancel: AbortController })
  | (FileBase & { state: 'ready'; attachment: MessageAttachment })
  | (FileBase & { state: 'refused'; error: unknown });

const filesByConversation = new Map<string, ComposerFile[]>();
const listeners = new Set<() => void>();
const none: ComposerFile[] = [];
let nextKey = 0;

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function change(conversationId: string, update: (files: ComposerFile[]) => ComposerFile[]) {
  filesByConversation.set(conversationId, update(filesByConversation.get(conversationId) ?? none));
  for (const listener of listeners) listener();
}

const replace = (conversationId: string, key: string, next: (file: ComposerFile) => ComposerFile) =>
  change(conversationId, (files) => files.map((file) => (file.key === key ? next(file) : file)));

/** Files beyond what one reply may carry are not uploaded; their names are returned. */
function upload(conversationId: string, chosen: File[]): string[] {
  const current = (filesByConversation.get(conversationId) ?? none).filter(
    (file) => file.state !== 'refused',
  );
  const room = Math.max(0, maxAttachmentsPerReply - current.length);
  for (const file of chosen.slice(0, room)) {
    const key = `file-${++nextKey}`;
    const cancel = new AbortController();
    const base = { key, fileName: file.name || 'attachment', sizeBytes: file.size };
    change(conversationId, (files) => [...files, { ...base, state: 'uploading', progress: 0, cancel }]);
    uploadFile<MessageAttachment>(`/api/conversations/${conversationId}/attachments`, file, {
      signal: cancel.signal,
      onProgress: (progress) =>
        replace(conversationId, key, (entry) =>
          entry.state === 'uploading' ? { ...entry, progress } : entry,
        ),
    }).then(
      (attachment) =>
        replace(conversationId, key, () => ({
          ...base,
          fileName: attachment.fileName,
          state: 'ready',
          attachment,
        })),
      (error: unknown) => {
        // A cancelled upload was removed by the agent: there is nothing left to tell.
        if (error instanceof DOMException && error.name === 'AbortError') return;
        replace(conversationId, key, () => ({ ...base, state: 'refused', error }));
      },
    );
  }
  return chosen.slice(room).map((file) => file.name);
}

/** The composer's files for one conversation, and what the agent can do with them. */
export function useComposerFiles(conversationId: string) {
  const files = useSyncExternalStore(subscribe, () => filesByConversation.get(conversationId) ?? none);
  // Names of files not attached because the reply already carries as many as it may.
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const add = useCallback((chosen: File[]) => setLeftOut(upload(conversationId, chosen)), [conversationId]);
  const remove = useCallback(
    (key: string) =>
      change(conversationId, (current) =>
        current.filter((file) => {
          if (file.key !== key) return true;
          if (file.state === 'uploading') file.cancel.abort();
          return false;
        }),
      ),
    [conversationId],
  );
  /** After sending: those files went with the message, and refusals are no longer news. */
  const clearSent = useCallback(
    (sentIds: string[]) => {
      setLeftOut([]);
      change(conversationId, (current) =>
        current.filter(
          (file) =>
            file.state === 'uploading' || (file.state === 'ready' && !sentIds.includes(file.attachment.id)),
        ),
      );
    },
    [conversationId],
  );
  return useMemo(
    () => ({
      files,
      leftOut,
      add,
      remove,
      clearSent,
      attachmentIds: files.flatMap((file) => (file.state === 'ready' ? [file.attachment.id] : [])),
      uploading: files.some((file) => file.state === 'uploading'),
    }),
    [files, leftOut, add, remove, clearSent],
  );
}
