import { describe, expect, it } from 'vitest';
import { curlExample, tokenState } from './token-state.ts';

const now = new Date('2026-03-01T12:00:00Z');

describe('API token state', () => {
  it('is active with no expiry, or an expiry still to come', () => {
    expect(tokenState({ expiresAt: null, revokedAt: null }, now)).toBe('active');
    expect(tokenState({ expiresAt: '2026-03-02T00:00:00Z', revokedAt: null }, now)).toBe('active');
  });

  it('is expired from the moment of its expiry', () => {
    expect(tokenState({ expiresAt: '2026-03-01T12:00:00Z', revokedAt: null }, now)).toBe('expired');
  });

  it('is revoked when revoked, expired or not', () => {
    expect(tokenState({ expiresAt: '2026-01-01T00:00:00Z', revokedAt: '2025-12-01T00:00:00Z' }, now)).toBe(
      'revoked',
    );
  });

  it('shows a curl call with the token as a bearer token, the address quoted for the shell', () => {
    expect(curlExample('pdt_abc', 'https://desk.example.org')).toBe(
      'curl -H "Authorization: Bearer pdt_abc" "https://desk.example.org/api/patients?q=smith"',
    );
  });
});
