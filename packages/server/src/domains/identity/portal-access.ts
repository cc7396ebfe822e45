import { and, eq, gt, isNull, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { PatientGrant } from '../access/actor.ts';
import { organizations } from '../organizations/schema.ts';
import { type ProxyScope, patients, proxies, proxyAuthorizations } from '../patients/schema.ts';
import type { PortalContact } from './portal-contact.ts';

export interface PortalIdentity {
  subject: { type: 'patient' | 'proxy'; id: string };
  displayName: string;
  grants: PatientGrant[];
}

export interface AgeRules {
  adolescentAge: number;
  adultAge: number;
}

const scopesForAdolescents: readonly ProxyScope[] = ['scheduling', 'billing'];

function ageOn(birthDate: string, today: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - year;
  if (today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day))
    age -= 1;
  return age;
}

/**
 * What a proxy may do for a patient of this age, after the organisation's age rules: a parent's
 * or guardian's access ends when the patient comes of age; from the adolescent age, only
 * scheduling and billing remain (adolescents' confidential care), unless the proxy is a legal
 * representative, whose authority a court or document defines.
 */
export function scopesAfterAgeRules(
  scopes: readonly ProxyScope[],
  relationship: string,
  patientBirthDate: string,
  rules: AgeRules,
  today = new Date(),
): ProxyScope[] {
  if (relationship === 'legal-representative') return [...scopes];
  const age = ageOn(patientBirthDate, today);
  if (age >= rules.adultAge)
    return relationship === 'parent' || relationship === 'guardian' ? [] : [...scopes];
  if (age >= rules.adolescentAge) return scopes.filter((scope) => scopesForAdolescents.includes(scope));
  return [...scopes];
}

const digitsOf = (column: SQLWrapper) => sql`regexp_replace(coalesce(${column}, ''), '\\D', '', 'g')`;

/** Rows whose email is the contact's, or whose phone has its digits (with or without the US 1). */
function matchesContact(contact: PortalContact, email: SQLWrapper, digits: SQLWrapper): SQL {
  return contact.kind === 'email'
    ? sql`lower(${email}) = ${contact.value}`
    : sql`${digits} in (${contact.value}, ${`1${contact.value}`})`;
}

/**
 * Everyone a verified contact may act as in one organisation: the patient records that carry
 * the contact (their own record: everything) and the proxies that carry it (the scopes of their
 * unexpired authorisations, narrowed by the age rules). Merged records are left out.
 */
export async function portalIdentityFor(
  orm: Orm,
  organizationId: string,
  contact: PortalContact,
  today = new Date(),
): Promise<PortalIdentity | undefined> {
  const [organization] = await orm
    .select({ adolescentAge: organizations.proxyAdolescentAge, adultAge: organizations.proxyAdultAge })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!organization) return undefined;
  const ownRecords = await orm
    .select({ id: patients.id, givenName: patients.givenName, familyName: patients.familyName })
    .from(patients)
    .where(
      and(
        eq(patients.organizationId, organizationId),
        isNull(patients.mergedIntoId),
        matchesContact(contact, patients.email, patients.phoneDigits),
      ),
    )
    .orderBy(patients.createdAt);
  const proxyRecords = await orm
    .select({ id: proxies.id, givenName: proxies.givenName, familyName: proxies.familyName })
    .from(proxies)
    .where(
      and(
        eq(proxies.organizationId, organizationId),
        matchesContact(contact, proxies.email, digitsOf(proxies.phone)),
      ),
    )
    .orderBy(proxies.createdAt);

  const grants: PatientGrant[] = ownRecords.map((record) => ({
    patientId: record.id,
    via: 'self',
    scopes: ['scheduling', 'billing', 'messaging', 'records'],
  }));
  for (const proxy of proxyRecords) {
    const authorizations = await orm
      .select({
        patientId: proxyAuthorizations.patientId,
        relationship: proxyAuthorizations.relationship,
        scopes: proxyAuthorizations.scopes,
        birthDate: patients.birthDate,
      })
      .from(proxyAuthorizations)
      .innerJoin(patients, eq(patients.id, proxyAuthorizations.patientId))
      .where(
        and(
          eq(proxyAuthorizations.proxyId, proxy.id),
          isNull(patients.mergedIntoId),
          or(isNull(proxyAuthorizations.expiresAt), gt(proxyAuthorizations.expiresAt, today)),
        ),
      );
    for (const authorization of authorizations) {
      if (grants.some((grant) => grant.patientId === authorization.patientId)) continue;
      const scopes = scopesAfterAgeRules(
        authorization.scopes,
        authorization.relationship,
        authorization.birthDate,
        organization,
        today,
      );
      if (scopes.length === 0) continue;
      grants.push({
        patientId: authorization.patientId,
        via: 'proxy',
        scopes,
        proxyId: proxy.id,
        relationship: authorization.relationship,
      });
    }
  }
  if (ownRecords.length === 0 && proxyRecords.length === 0) return undefined;
  const proxy = proxyRecords[0];
  const own = ownRecords[0];
  const actsForOthers = grants.some((grant) => grant.via === 'proxy');
  const subject =
    actsForOthers || !own
      ? { type: 'proxy' as const, id: proxy!.id }
      : { type: 'patient' as const, id: own.id };
  const named = subject.type === 'proxy' ? proxy! : own!;
  return { subject, displayName: `${named.givenName} ${named.familyName}`, grants };
}
