/** A piece of a message: plain text, or a web address to make clickable. */
export type MessagePart = { kind: 'text'; text: string } | { kind: 'link'; href: string };

// http(s) addresses up to the next space; a sentence's closing punctuation is not part of one.
const addressPattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g;

/** Splits a message's body into text and the web addresses in it (sign-in and invitation links). */
export function splitLinks(body: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of body.matchAll(addressPattern)) {
    if (match.index > last) parts.push({ kind: 'text', text: body.slice(last, match.index) });
    parts.push({ kind: 'link', href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return parts;
}
