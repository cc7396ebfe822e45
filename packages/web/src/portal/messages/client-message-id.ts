/** A UUID for each message, also on pages served over plain http (no crypto.randomUUID there). */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A message on its way, with the id the server will store it under once. */
export interface PendingMessage {
  id: string;
  /** What was sent under that id: the patient, subject and text. */
  content: string;
}

/**
 * The id to send `content` under. Sending the same content again after a failure (the answer
 * may have been lost after the server stored it) keeps the id, so the server stores it once;
 * edited content is a new message with a new id, so the edit is never dropped as a duplicate.
 */
export function pendingMessageFor(previous: PendingMessage | undefined, content: string): PendingMessage {
  return previous?.content === content ? previous : { id: newClientMessageId(), content };
}
