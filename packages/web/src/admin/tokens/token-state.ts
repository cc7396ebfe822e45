import type { ApiTokenSummary } from '@patientdesk/contracts';

export type TokenState = 'active' | 'expired' | 'revoked';

/** Whether a token still opens the API at `now`: revoked beats expired. */
export function tokenState(token: Pick<ApiTokenSummary, 'expiresAt' | 'revokedAt'>, now: Date): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export const tokenStateColor: Record<TokenState, string> = {
  active: 'green',
  expired: 'yellow',
  revoked: 'gray',
};

/** The example shown with a new token: a patient search, as the API's own documentation has it. */
export function curlExample(token: string, origin: string): string {
  return `curl -H "Authorization: Bearer ${token}" "${origin}/api/patients?q=smith"`;
}
