import { kioskKeyHeader } from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Database, Orm } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import { Forbidden, Invalid, Unauthenticated } from '../../../errors.ts';
import { DecryptionError, type FieldCipher } from '../../../security/field-encryption.ts';
import type { AuditContext, AuditEventInput, AuditTrail } from '../../audit/audit-trail.ts';
import { locations, organizations } from '../../organizations/schema.ts';
import { kioskDevices } from '../schema.ts';
import { type KioskRow, kioskKeyHash } from './kiosk-devices.ts';

/**
 * How a kiosk's request is let in: the device's key (header `x-kiosk-key`) must belong to a
 * kiosk that is not withdrawn, of the very location in the address. The work then runs in the
 * kiosk's organisation's tenant transaction (row-level security), and what it records goes to
 * the audit log with the kiosk as the actor, even when the work fails.
 */

export interface KioskScope {
  orm: Orm;
  kiosk: KioskRow;
  location: typeof locations.$inferSelect;
  organization: Pick<typeof organizations.$inferSelect, 'id' | 'name' | 'slug' | 'defaultLanguage'>;
  record(event: AuditEventInput): void;
}

export interface KioskAccessDependencies {
  database: Database;
  audit: AuditTrail;
}

const setUpAgain = 'Ask the front desk to set this kiosk up again.';

/** The kiosk the key belongs to, checked against the location; 401 or 403 otherwise. */
export async function kioskFor(
  database: Database,
  key: string | undefined,
  locationId: string,
): Promise<KioskRow> {
  if (!key) throw new Unauthenticated(`This kiosk has no key. ${setUpAgain}`);
  // Found by the key's hash across organisations (the kiosk names its organisation); the work
  // itself then runs under row-level security.
  const [kiosk] = await database.orm
    .select()
    .from(kioskDevices)
    .where(eq(kioskDevices.keyHash, kioskKeyHash(key)));
  if (!kiosk) throw new Unauthenticated(`This kiosk's key is not known. ${setUpAgain}`);
  if (kiosk.revokedAt) throw new Forbidden(`This kiosk was withdrawn. ${setUpAgain}`);
  if (kiosk.locationId !== locationId)
    throw new Forbidden(`This kiosk belongs to another location. ${setUpAgain}`);
  return kiosk;
}

/** Who the audit log names for a kiosk's work: the device, as a system actor. */
export function kioskAuditContext(request: FastifyRequest | undefined, kiosk: KioskRow): AuditContext {
  return {
    organizationId: kiosk.organizationId,
    actorType: 'system',
    actorId: kiosk.id,
    actorRole: 'kiosk',
    actorName: `Check-in kiosk "${kiosk.name}"`,
    ip: request?.ip ?? null,
    userAgent: request?.headers['user-agent'] ?? null,
    requestId: request?.id ?? null,
  };
}

/** Runs a kiosk request's work: key checked, last seen noted, in the tenant, audited. */
export async function runAsKiosk<T>(
  deps: KioskAccessDependencies,
  request: FastifyRequest & { params: { locationId: string } },
  work: (scope: KioskScope) => Promise<T>,
  now = new Date(),
): Promise<T> {
  const header = request.headers[kioskKeyHeader];
  const kiosk = await kioskFor(
    deps.database,
    Array.isArray(header) ? header[0] : header,
    request.params.locationId,
  );
  const events: AuditEventInput[] = [];
  try {
    return await inTenant(deps.database, kiosk.organizationId, async (orm) => {
      await orm.update(kioskDevices).set({ lastSeenAt: now }).where(eq(kioskDevices.id, kiosk.id));
      const [place] = await orm
        .select({ location: locations, organization: organizations })
        .from(locations)
        .innerJoin(organizations, eq(organizations.id, locations.organizationId))
        .where(eq(locations.id, kiosk.locationId));
      return work({
        orm,
        kiosk,
        location: place!.location,
        organization: place!.organization,
        record: (event) => events.push(event),
      });
    });
  } finally {
    await deps.audit.record(kioskAuditContext(request, kiosk), events);
  }
}

// ---------------------------------------------------------------------------------------------
// Tickets: which visit the patient chose, between the kiosk's steps

const ticketField = 'kiosk.ticket';
/** Long enough to confirm details at a slow pace; short enough that a ticket left behind is useless. */
const ticketMinutes = 10;

interface TicketContent {
  appointmentId: string;
  kioskId: string;
  expiresAt: number;
}

/**
 * A sealed note of the visit the patient found, for this kiosk, for a few minutes. Encrypted and
 * authenticated (AES-GCM): it cannot be read, forged or moved to another kiosk, so the next
 * steps reach only a visit the search disclosed, with the name or code it was found by.
 */
export function issueTicket(cipher: FieldCipher, kiosk: KioskRow, appointmentId: string, now: Date): string {
  const content: TicketContent = {
    appointmentId,
    kioskId: kiosk.id,
    expiresAt: now.getTime() + ticketMinutes * 60_000,
  };
  return cipher.encrypt(ticketField, JSON.stringify(content));
}

/** The appointment a ticket names; 400 when it is not this kiosk's, or has run out. */
export function readTicket(cipher: FieldCipher, kiosk: KioskRow, ticket: string, now: Date): string {
  const startAgain = (why: string) =>
    new Invalid(`${why} Please start again.`, [{ field: 'body.ticket', message: why }]);
  let content: TicketContent;
  try {
    content = JSON.parse(cipher.decrypt(ticketField, ticket)) as TicketContent;
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof SyntaxError)
      throw startAgain('This check-in was not started on this kiosk.');
    throw error;
  }
  if (content.kioskId !== kiosk.id) throw startAgain('This check-in was not started on this kiosk.');
  if (content.expiresAt < now.getTime()) throw startAgain('This check-in took too long.');
  return content.appointmentId;
}
