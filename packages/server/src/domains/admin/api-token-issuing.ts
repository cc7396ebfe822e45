import { defaultApiTokenDays } from '@patientdesk/contracts';
import type { Orm } from '../../db/connection.ts';
import { type CreatedApiToken, createApiToken } from '../identity/api-tokens.ts';
import { findStaffAccount } from './staff-directory.ts';

const dayMs = 24 * 60 * 60_000;

/**
 * When a new token stops working: `expiresInDays` from now, 90 days when not given, never when
 * null. Expiry is an instant (the token's deadline), not a calendar day, so plain milliseconds.
 */
export function tokenExpiry(expiresInDays: number | null | undefined, now = new Date()): Date | null {
  if (expiresInDays === null) return null;
  return new Date(now.getTime() + (expiresInDays ?? defaultApiTokenDays) * dayMs);
}

/** Issues an API token that acts as an active staff member of the organisation, with their role. */
export async function issueApiToken(
  orm: Orm,
  organizationId: string,
  input: { staffMemberId: string; name: string; expiresInDays?: number | null },
): Promise<CreatedApiToken & { staffMemberId: string }> {
  const staff = await findStaffAccount(orm, organizationId, input.staffMemberId, { activeOnly: true });
  const created = await createApiToken(orm, {
    organizationId,
    staffMemberId: staff.id,
    name: input.name,
    expiresAt: tokenExpiry(input.expiresInDays),
  });
  return { ...created, staffMemberId: staff.id };
}
