import argon2 from 'argon2';

// OWASP's recommended argon2id settings (19 MiB, 2 passes, 1 lane): strong, yet fast enough
// that signing in stays well under a second on a small server.
const hashingOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id for storage. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashingOptions);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown account) it still does the
 * same work, so response time does not reveal which email addresses have accounts.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('not-a-real-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(storedHash, password).catch(() => false);
}
