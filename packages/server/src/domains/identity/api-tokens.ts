import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { NotFound } from '../../errors.ts';
import { staffMembers } from '../staff/schema.ts';
import { apiTokens } from './schema.ts';
import { hashToken, newToken } from './sessions.ts';

const tokenPrefix = 'pdt_';

export interface CreatedApiToken {
  id: string;
  /** Shown once; only its hash is kept. */
  token: string;
  expiresAt: Date | null;
}

/** Creates an API token that acts as one staff member, with their role and the same audit. */
export async function createApiToken(
  orm: Orm,
  input: { organizationId: string; staffMemberId: string; name: string; expiresAt: Date | null },
): Promise<CreatedApiToken> {
  const token = `${tokenPrefix}${newToken()}`;
  const [row] = await orm
    .insert(apiTokens)
    .values({
      organizationId: input.organizationId,
      staffMemberId: input.staffMemberId,
      name: input.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, tokenPrefix.length + 6),
      expiresAt: input.expiresAt,
    })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token, expiresAt: input.expiresAt };
}

/** The live token behind a Bearer value (not revoked, not expired), marking it used. */
export async function findLiveApiToken(orm: Orm, token: string) {
  if (!token.startsWith(tokenPrefix)) return undefined;
  const now = new Date();
  const [row] = await orm
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await orm.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return row;
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  tokenPrefix: string;
  staffMember: { id: string; displayName: string; email: string };
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An organisation's tokens, newest first, for `/admin`. */
export async function listApiTokens(orm: Orm, organizationId: string): Promise<ApiTokenSummary[]> {
  const rows = await orm
    .select({
      token: apiTokens,
      staffId: staffMembers.id,
      displayName: staffMembers.displayName,
      email: staffMembers.email,
    })
    .from(apiTokens)
    .innerJoin(staffMembers, eq(staffMembers.id, apiTokens.staffMemberId))
    .where(eq(apiTokens.organizationId, organizationId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(({ token, staffId, displayName, email }) => ({
    id: token.id,
    name: token.name,
    tokenPrefix: token.tokenPrefix,
    staffMember: { id: staffId, displayName, email },
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a token at once; requests carrying it are refused from now on. */
export async function revokeApiToken(orm: Orm, organizationId: string, tokenId: string): Promise<void> {
  const revoked = await orm
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        eq(apiTokens.organizationId, organizationId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  if (revoked.length === 0)
    throw new NotFound('There is no active API token with that id in your organisation.');
}
