import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Database, Orm } from '../db/connection.ts';
import { createMessageSearch } from '../domains/conversations/message-search.ts';
import {
  createLocation,
  createOrganization,
  createTeam,
  findOrganizationBySlug,
} from '../domains/organizations/service.ts';
import { patientConsents, patientCoverages } from '../domains/patients/schema.ts';
import { createPatients, createProxy, recordProxyRelationships } from '../domains/patients/service.ts';
import { payerKey } from '../domains/scheduling/insurance.ts';
import { assignProviderLocations, createProviders } from '../domains/scheduling/service.ts';
import { createStaffMember, listStaffMembers } from '../domains/staff/service.ts';
import type { FieldCipher } from '../security/field-encryption.ts';
import { demoLocations, demoOrganization, demoStaff, demoTeams, inLoginOrder } from './clinic-profile.ts';
import { demoCoverages } from './demo-coverage.ts';
import { addDemoKiosk } from './demo-front-door.ts';
import { seedDemoHelpArticles } from './demo-help-articles.ts';
import { seedDemoInbox } from './demo-inbox.ts';
import type { DemoProvider } from './demo-providers.ts';
import { seedDemoScheduling } from './demo-scheduling.ts';
import { demoClosedDates } from './demo-scheduling-holidays.ts';

export interface DemoClinicSummary {
  organizationSlug: string;
  organizationName: string;
  logins: { email: string; role: string }[];
}

export interface SeedDemoOptions {
  /** The same seed number always gives the same clinic. */
  seed: number;
  /** The password of every demo staff login. */
  password: string;
  /** Encrypts the PHI the demo holds (insurance member numbers, what patients wrote when booking). */
  cipher: FieldCipher;
  /** How many days ahead providers' free time is computed (PATIENTDESK_FREE_TIME_DAYS). */
  freeTimeDays: number;
  /** When the demo is created (now unless told): appointments and holidays are placed from here. */
  now?: Date;
  onProgress?: (step: string) => void;
}

/**
 * Creates the demo clinic "Riverside Family Health" (organisation `demo`): 2 locations, 5
 * teams, a staff login for every role, 20 providers, 500 patients and their proxies, and the
 * providers' schedules with appointments placed around the moment it is created. It all
 * happens in one transaction, so a failure part-way leaves no half-made clinic behind.
 */
export async function seedDemoClinic(
  database: Database,
  options: SeedDemoOptions,
): Promise<DemoClinicSummary> {
  const progress = options.onProgress ?? (() => {});
  // The generator (and Faker with its locale data, a quarter of a second to load) is loaded
  // only here, so commands and starts that merely describe the demo clinic stay quick.
  const { generateDemoClinic } = await import('./generate-demo-clinic.ts');
  // Everything random is drawn before the first write.
  const { providers, patients, proxies, scheduling } = generateDemoClinic(options.seed);
  const now = options.now ?? new Date();

  return database.orm.transaction(async (tx) => {
    progress(`Creating the organisation "${demoOrganization.name}"`);
    const organization = await createOrganization(tx, demoOrganization);
    const organizationId = organization.id;

    progress(`Adding ${demoLocations.length} locations and ${demoTeams.length} teams`);
    const locationIds = new Map<string, string>();
    const places = new Map<string, { id: string; timeZone: string; closedDates: string[] }>();
    for (const { key, ...location } of demoLocations) {
      const today = DateTime.fromJSDate(now, { zone: location.timeZone }).toISODate()!;
      const created = await createLocation(tx, {
        ...location,
        organizationId,
        closedDates: demoClosedDates(today),
      });
      locationIds.set(key, created.id);
      places.set(key, { id: created.id, timeZone: created.timeZone, closedDates: created.closedDates });
    }
    const teamIds = new Map<string, string>();
    for (const team of demoTeams)
      teamIds.set(team.slug, (await createTeam(tx, { ...team, organizationId })).id);

    progress(`Adding ${demoStaff.length} staff logins (hashing each password takes a moment)`);
    let schedulerId: string | null = null;
    for (const staff of demoStaff) {
      const member = await createStaffMember(tx, {
        organizationId,
        email: staff.email,
        displayName: staff.displayName,
        role: staff.role,
        languages: staff.languages,
        password: options.password,
        teamIds: staff.teams.map((slug) => teamIds.get(slug)!),
      });
      if (staff.role === 'scheduler') schedulerId ??= member.id;
    }

    progress(`Adding ${providers.length} providers`);
    const providerIds = await addProviders(tx, organizationId, providers, locationIds);

    progress(`Adding ${patients.length} patients`);
    const patientIds = new Map(
      (
        await createPatients(
          tx,
          patients.map((patient) => ({ ...patient.record, organizationId })),
        )
      ).map((row) => [row.mrn, row.id]),
    );

    progress('Adding insurance coverage and contact consents');
    const seeded = patients.map((patient) => ({
      ...patient.record,
      id: patientIds.get(patient.record.mrn)!,
    }));
    const coverages = demoCoverages(seeded);
    for (let start = 0; start < coverages.length; start += 500) {
      await tx.insert(patientCoverages).values(
        coverages.slice(start, start + 500).map(({ memberNumber, ...coverage }) => ({
          ...coverage,
          organizationId,
          memberNumberEncrypted: options.cipher.encrypt('patient_coverages.member_number', memberNumber),
        })),
      );
    }
    const consents = seeded.flatMap((patient) => [
      ...(patient.phone ? [{ patientId: patient.id, channel: 'sms' as const }] : []),
      ...(patient.email ? [{ patientId: patient.id, channel: 'email' as const }] : []),
    ]);
    for (let start = 0; start < consents.length; start += 500) {
      await tx.insert(patientConsents).values(
        consents.slice(start, start + 500).map((consent) => ({
          ...consent,
          organizationId,
          status: 'granted' as const,
          source: 'registration' as const,
        })),
      );
    }

    progress(`Adding ${proxies.length} proxies (parents, guardians, caretakers)`);
    const relationships = [];
    for (const proxy of proxies) {
      const created = await createProxy(tx, { ...proxy.record, organizationId });
      relationships.push({
        organizationId,
        proxyId: created.id,
        patientId: patientIds.get(proxy.patientMrn)!,
        relationship: proxy.relationship,
        scopes: proxy.scopes,
        expiresAt: proxy.expiresAt,
      });
    }
    await recordProxyRelationships(tx, relationships);

    progress('Setting up the inbox: channels, routing, response targets, saved replies, waiting messages');
    // The rest runs as the tenant, as requests do: routing sees only this clinic's teams.
    await tx.execute(
      sql`select set_config('role', 'patientdesk_tenant', true), set_config('patientdesk.organization_id', ${organizationId}, true)`,
    );
    await seedDemoInbox(tx, {
      organizationId,
      mainLocationId: locationIds.get('main')!,
      cipher: options.cipher,
      search: createMessageSearch(options.cipher),
    });
    await seedDemoHelpArticles(tx, { organizationId, teamIds, timeZone: demoOrganization.timeZone });

    progress('Adding kinds of visit, working hours, holidays, appointments, a waitlist and free time');
    const payers = new Map(coverages.map((coverage) => [coverage.patientId, payerKey(coverage.payerName)]));
    await seedDemoScheduling(tx, {
      organizationId,
      timeZone: demoOrganization.timeZone,
      now,
      freeTimeDays: options.freeTimeDays,
      cipher: options.cipher,
      plan: scheduling,
      providers: providers.map((provider) => ({
        id: providerIds.get(provider.record.npi!)!,
        npi: provider.record.npi!,
        specialty: provider.record.specialty ?? '',
        locationKeys: provider.locationKeys,
      })),
      locations: places,
      mainLocationKey: 'main',
      patients: seeded.map((patient) => ({
        id: patient.id,
        birthDate: patient.birthDate,
        sex: patient.sex ?? 'unknown',
        language: patient.preferredLanguage ?? 'en',
        payer: payers.get(patient.id) ?? null,
      })),
      schedulerId,
    });

    await addDemoKiosk(tx, {
      organizationId,
      locationId: locationIds.get('main')!,
      password: options.password,
    });

    return {
      organizationSlug: organization.slug,
      organizationName: organization.name,
      logins: demoStaff.map(({ email, role }) => ({ email, role })),
    };
  });
}

async function addProviders(
  tx: Orm,
  organizationId: string,
  providers: DemoProvider[],
  locationIds: Map<string, string>,
): Promise<Map<string, string>> {
  const created = await createProviders(
    tx,
    providers.map((provider) => ({ ...provider.record, organizationId })),
  );
  const providerIds = new Map(created.map((row) => [row.npi, row.id]));
  await assignProviderLocations(
    tx,
    providers.flatMap((provider) =>
      provider.locationKeys.map((key) => ({
        organizationId,
        providerId: providerIds.get(provider.record.npi!)!,
        locationId: locationIds.get(key)!,
      })),
    ),
  );
  return providerIds as Map<string, string>;
}

/** The demo clinic's name and staff logins, or undefined when this database has no demo clinic. */
export async function describeDemoClinic(database: Database): Promise<DemoClinicSummary | undefined> {
  const organization = await findOrganizationBySlug(database.orm, demoOrganization.slug);
  if (!organization) return undefined;
  const staff = await listStaffMembers(database.orm, organization.id);
  return {
    organizationSlug: organization.slug,
    organizationName: organization.name,
    logins: inLoginOrder(
      staff.filter((member) => !member.disabledAt).map(({ email, role }) => ({ email, role })),
    ),
  };
}
