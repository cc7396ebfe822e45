import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../errors.ts';
import { sessionCookieName } from './sessions.ts';

/**
 * CSRF protection for cookie-authenticated requests that change something: the double-submit
 * pattern, with the token bound to the session. At sign-in the browser gets `pd_csrf` (readable
 * by the app's own scripts, unlike the session cookie) and sends it back in the `x-csrf-token`
 * header; another site can make the browser send cookies but cannot read them to set the header.
 * Bearer-token requests carry no ambient credentials and need no token. The session cookie is
 * also SameSite=Strict, a second layer.
 */
export const csrfCookieName = 'pd_csrf';
export const csrfHeaderName = 'x-csrf-token';

export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`patientdesk csrf\n${sessionToken}`).digest('base64url');
}

export class CsrfTokenInvalid extends DomainError {
  constructor() {
    super(
      'csrf_token_invalid',
      403,
      'This request did not carry the page’s security token. Reload the page and try again.',
    );
  }
}

/** Throws unless a cookie-authenticated request carries the session's CSRF token. */
export function checkCsrfToken(request: FastifyRequest): void {
  const sessionToken = request.cookies[sessionCookieName];
  if (!sessionToken) return; // authenticated some other way (Bearer token)
  const sent = request.headers[csrfHeaderName];
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CsrfTokenInvalid();
}

export interface CookieSettings {
  secure: boolean;
}

/** Sets the session cookie and its CSRF companion. */
export function setSessionCookies(
  reply: FastifyReply,
  settings: CookieSettings,
  session: { token: string; expiresAt: Date },
): void {
  const common = {
    sameSite: 'strict' as const,
    secure: settings.secure,
    path: '/',
    expires: session.expiresAt,
  };
  reply.setCookie(sessionCookieName, session.token, { ...common, httpOnly: true });
  reply.setCookie(csrfCookieName, csrfTokenFor(session.token), { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, { path: '/' });
  reply.clearCookie(csrfCookieName, { path: '/' });
}
