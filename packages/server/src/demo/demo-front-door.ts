import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Orm, rowsOf } from '../db/connection.ts';
import { kioskAddress, kioskKeyHash } from '../domains/scheduling/arrival/kiosk-devices.ts';
import { kioskDevices } from '../domains/scheduling/schema.ts';

/**
 * What the start banner offers someone trying the demo: patients to sign in to the portal as
 * (one who books in Spanish with insurance, a parent who books for a child), and the check-in
 * kiosk of the main location. The kiosk's key is derived from the demo password, so the banner
 * can print the kiosk's address at every start while the database keeps only its hash, as for
 * any kiosk.
 */

/** The demo kiosk's key: a keyed hash of the location with the demo password. */
export function demoKioskKey(password: string, locationId: string): string {
  return createHmac('sha256', password).update(`demo-kiosk:${locationId}`).digest('base64url');
}

/** Sets up the kiosk of the demo's main location. */
export async function addDemoKiosk(
  tx: Orm,
  input: { organizationId: string; locationId: string; password: string },
): Promise<void> {
  await tx.insert(kioskDevices).values({
    organizationId: input.organizationId,
    locationId: input.locationId,
    name: 'Front lobby kiosk (demo)',
    keyHash: kioskKeyHash(demoKioskKey(input.password, input.locationId)),
  });
}

export interface DemoPortalLogin {
  contact: string;
  who: string;
}

/** Two portal logins worth trying: an adult who speaks Spanish and has insurance, and a parent. */
export async function demoPortalLogins(orm: Orm, organizationId: string): Promise<DemoPortalLogin[]> {
  const [patient] = rowsOf<{ email: string; given_name: string; family_name: string; payer_name: string }>(
    await orm.execute(sql`
      select p.email, p.given_name, p.family_name, c.payer_name
      from patients p join patient_coverages c on c.patient_id = p.id
      where p.organization_id = ${organizationId} and p.preferred_language = 'es' and p.email is not null
        and p.birth_date < current_date - interval '25 years' and p.merged_into_id is null
      order by p.mrn limit 1`),
  );
  const [parent] = rowsOf<{ email: string; given_name: string; family_name: string; child: string }>(
    await orm.execute(sql`
      select x.email, x.given_name, x.family_name, p.given_name as child
      from proxies x
      join proxy_authorizations a on a.proxy_id = x.id
      join patients p on p.id = a.patient_id
      where x.organization_id = ${organizationId} and x.email is not null and 'scheduling' = any(a.scopes)
        and p.birth_date > current_date - interval '12 years'
      order by x.email limit 1`),
  );
  const logins: DemoPortalLogin[] = [];
  if (patient)
    logins.push({
      contact: patient.email,
      who: `${patient.given_name} ${patient.family_name}, speaks Spanish, insured by ${patient.payer_name}`,
    });
  if (parent)
    logins.push({
      contact: parent.email,
      who: `${parent.given_name} ${parent.family_name}, a parent who books for ${parent.child}`,
    });
  return logins;
}

/** The demo kiosk's address, when its key still matches the demo password. */
export async function demoKioskAddress(
  orm: Orm,
  input: { organizationId: string; password: string; publicUrl: string },
): Promise<{ locationName: string; address: string } | undefined> {
  const kiosks = rowsOf<{ location_id: string; key_hash: string; location_name: string }>(
    await orm.execute(sql`
      select k.location_id, k.key_hash, l.name as location_name
      from kiosk_devices k join locations l on l.id = k.location_id
      where k.organization_id = ${input.organizationId} and k.revoked_at is null`),
  );
  for (const kiosk of kiosks) {
    const key = demoKioskKey(input.password, kiosk.location_id);
    if (kioskKeyHash(key) === kiosk.key_hash)
      return {
        locationName: kiosk.location_name,
        address: kioskAddress(input.publicUrl, kiosk.location_id, key),
      };
  }
  return undefined;
}
