import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../../../errors.ts';

/**
 * An anonymous web-chat visitor is known by a random token the widget keeps in the browser
 * (256 bits, `pdw_` + base64url). The server stores only its SHA-256 as the contact's address,
 * so a database reader cannot take over a visitor's chat, and the token is never logged.
 */
const tokenPattern = /^pdw_[A-Za-z0-9_-]{43}$/;

export function newVisitorToken(): string {
  return `pdw_${randomBytes(32).toString('base64url')}`;
}

export function visitorAddress(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The visitor address of a widget request (`Authorization: Bearer pdw_...`, or `?token=` on the websocket). */
export function visitorAddressOf(request: FastifyRequest, fromQuery?: string): string {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : fromQuery;
  if (!token || !tokenPattern.test(token))
    throw new Unauthenticated('This chat has no visitor token; reload the page to start the chat again.');
  return visitorAddress(token);
}
