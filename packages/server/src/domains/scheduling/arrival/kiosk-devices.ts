import { createHash, randomBytes } from 'node:crypto';
import type { KioskCreated, KioskDevice } from '@patientdesk/contracts';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { NotFound } from '../../../errors.ts';
import type { ActorScope } from '../../access/actor-scope.ts';
import { locations } from '../../organizations/schema.ts';
import { staffMemberIdOf } from '../../patients/patient-access.ts';
import { kioskDevices } from '../schema.ts';

/**
 * Check-in kiosks: a tablet at a location, let in by a secret key made for it here. The key is
 * shown once, inside the address to open on the device; only its SHA-256 is stored (like a
 * password, a stolen database does not open a kiosk). Withdrawing a kiosk shuts it out at once.
 */

export type KioskRow = typeof kioskDevices.$inferSelect;

/** 256 random bits: guessing one is hopeless, so a plain hash (no slow KDF) is enough. */
export function newKioskKey(): string {
  return randomBytes(32).toString('base64url');
}

export function kioskKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The address to open on the device the first time; the page keeps the key and drops it from the address. */
export const kioskAddress = (publicUrl: string, locationId: string, key: string) =>
  `${publicUrl}/kiosk/${locationId}?key=${encodeURIComponent(key)}`;

function describeKiosk(row: KioskRow): KioskDevice {
  return {
    id: row.id,
    locationId: row.locationId,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  };
}

/** The organisation's location (row-level security hides other organisations'), or 404. */
async function locationOrNotFound(orm: Orm, locationId: string) {
  const [location] = await orm.select().from(locations).where(eq(locations.id, locationId));
  if (!location)
    throw new NotFound(
      `There is no location ${locationId} in your clinic. Choose one of the clinic's locations.`,
    );
  return location;
}

/** Makes a kiosk for a location: its key is in the answer, and nowhere else, ever again. */
export async function createKiosk(
  scope: ActorScope,
  publicUrl: string,
  locationId: string,
  name: string,
): Promise<KioskCreated> {
  await scope.authorize('schedule.manage');
  const location = await locationOrNotFound(scope.orm, locationId);
  const key = newKioskKey();
  const [row] = await scope.orm
    .insert(kioskDevices)
    .values({
      organizationId: location.organizationId,
      locationId: location.id,
      name,
      keyHash: kioskKeyHash(key),
      createdBy: staffMemberIdOf(scope),
    })
    .returning();
  scope.record({
    action: 'kiosk.create',
    resourceType: 'kiosk',
    resourceId: row!.id,
    outcome: 'allowed',
    details: { locationId: location.id, name },
  });
  return { ...describeKiosk(row!), key, address: kioskAddress(publicUrl, location.id, key) };
}

/** A location's kiosks in use (withdrawn ones are gone for good), oldest first. */
export async function listKiosks(scope: ActorScope, locationId: string): Promise<KioskDevice[]> {
  await scope.authorize('schedule.manage');
  await locationOrNotFound(scope.orm, locationId);
  const rows = await scope.orm
    .select()
    .from(kioskDevices)
    .where(and(eq(kioskDevices.locationId, locationId), isNull(kioskDevices.revokedAt)))
    .orderBy(asc(kioskDevices.createdAt));
  return rows.map(describeKiosk);
}

/** Withdraws a kiosk: its key stops working at the next call. Withdrawing twice changes nothing. */
export async function revokeKiosk(
  scope: ActorScope,
  locationId: string,
  kioskId: string,
  now = new Date(),
): Promise<void> {
  await scope.authorize('schedule.manage');
  const [row] = await scope.orm
    .select()
    .from(kioskDevices)
    .where(and(eq(kioskDevices.id, kioskId), eq(kioskDevices.locationId, locationId)));
  if (!row) throw new NotFound(`There is no kiosk ${kioskId} at this location. Reload the list of kiosks.`);
  if (row.revokedAt) return;
  await scope.orm.update(kioskDevices).set({ revokedAt: now }).where(eq(kioskDevices.id, row.id));
  scope.record({
    action: 'kiosk.revoke',
    resourceType: 'kiosk',
    resourceId: row.id,
    outcome: 'allowed',
    details: { locationId, name: row.name },
  });
}
