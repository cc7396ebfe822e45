import type { Database, Orm } from '../../../db/connection.ts';
import { upsertLocation, upsertPartnerOrganization } from '../../organizations/service.ts';
import {
  findPatientsByExternalIdentifierValue,
  findPatientsByExternalIds,
  recordProxyRelationships,
  upsertPatient,
  upsertProxy,
} from '../../patients/service.ts';
import { upsertProvider } from '../../scheduling/service.ts';
import { type ImportedResourceType, importedResourceTypes } from './fhir-schemas.ts';
import { type BundleProblem, BundleRejected, type ParsedBundle, type ParsedEntry } from './parse-bundle.ts';

export type ImportCounts = Record<ImportedResourceType, { created: number; updated: number }>;

export interface BundleImportResult {
  counts: ImportCounts;
  skipped: Record<string, number>;
  entryCount: number;
  /** Every patient the bundle created, updated or linked a related person to (for the audit log). */
  patientIds: string[];
}

export interface ImportingOrganization {
  id: string;
  /** Given to imported locations: FHIR Location has no time zone. */
  timeZone: string;
}

export function emptyCounts(): ImportCounts {
  return Object.fromEntries(
    importedResourceTypes.map((type) => [type, { created: 0, updated: 0 }]),
  ) as ImportCounts;
}

// Organisations and places first, then people, and patients before the proxies that act for them.
const writingOrder = (entry: ParsedEntry) => importedResourceTypes.indexOf(entry.mapped.type);

/**
 * Stores a checked bundle in ONE transaction: each resource is created, or updated when an
 * earlier import brought it in (same external id). If anything fails, the transaction is
 * rolled back and nothing from the bundle stays (BundleRejected says which entry and why).
 */
export async function importBundle(
  database: Database,
  organization: ImportingOrganization,
  bundle: ParsedBundle,
): Promise<BundleImportResult> {
  return database.orm.transaction(async (tx) => {
    const storedPatients = await findStoredPatients(tx, organization.id, bundle.entries);
    const counts = emptyCounts();
    const patientIds = new Map<number, string>();
    for (const entry of [...bundle.entries].sort((a, b) => writingOrder(a) - writingOrder(b))) {
      const patientId =
        entry.patient?.kind === 'entry'
          ? patientIds.get(entry.patient.index)
          : storedPatients.get(entry.index);
      const saved = await saveEntry(tx, organization, entry, patientId).catch((error: unknown) => {
        throw asEntryProblem(entry, error);
      });
      counts[entry.mapped.type][saved.created ? 'created' : 'updated']++;
      if (entry.mapped.type === 'Patient') patientIds.set(entry.index, saved.id);
    }
    return {
      counts,
      skipped: bundle.skipped,
      entryCount: bundle.entryCount,
      patientIds: [...new Set([...patientIds.values(), ...storedPatients.values()])],
    };
  });
}

async function saveEntry(
  tx: Orm,
  organization: ImportingOrganization,
  entry: ParsedEntry,
  patientId: string | undefined,
): Promise<{ id: string; created: boolean }> {
  const organizationId = organization.id;
  const mapped = entry.mapped;
  switch (mapped.type) {
    case 'Organization':
      return upsertPartnerOrganization(tx, { ...mapped.record, organizationId });
    case 'Location':
      return upsertLocation(tx, { ...mapped.record, organizationId, timeZone: organization.timeZone });
    case 'Practitioner':
      return upsertProvider(tx, { ...mapped.record, organizationId });
    case 'Patient':
      return upsertPatient(tx, { ...mapped.record, organizationId });
    case 'RelatedPerson': {
      const proxy = await upsertProxy(tx, { ...mapped.record, organizationId });
      // No scopes: an import records who the person is to the patient, but access to the
      // patient's information is granted only by the patient or the staff.
      await recordProxyRelationships(tx, [
        { organizationId, proxyId: proxy.id, patientId: patientId!, relationship: mapped.relationship },
      ]);
      return proxy;
    }
  }
}

/** The patients, imported earlier, that RelatedPersons of this bundle refer to (by entry index). */
async function findStoredPatients(
  tx: Orm,
  organizationId: string,
  entries: ParsedEntry[],
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const problems: BundleProblem[] = [];
  for (const entry of entries) {
    const target = entry.patient;
    if (target?.kind !== 'stored') continue;
    let matches = await findPatientsByExternalIds(tx, organizationId, target.externalIds);
    if (matches.length === 0 && target.identifierValue)
      matches = await findPatientsByExternalIdentifierValue(tx, organizationId, target.identifierValue);
    if (matches.length === 1) found.set(entry.index, matches[0]!.id);
    else
      problems.push({
        entry: entry.index,
        resource: entry.resource,
        field: 'patient',
        message:
          matches.length === 0
            ? `refers to "${target.reference}", which is neither in this bundle nor imported before. Import the patient first, or in the same bundle.`
            : `refers to "${target.reference}", which matches more than one imported patient. Refer to the patient by identifier (system and value).`,
      });
  }
  if (problems.length > 0) throw new BundleRejected(problems);
  return found;
}

interface PostgresError {
  code?: string;
  constraint?: string;
  message?: string;
}

/**
 * A database error while saving an entry. Data the database refuses (a duplicate MRN, a value
 * that does not fit: SQLSTATE classes 22 and 23) is a problem with that entry; anything else
 * (the connection dropped) is not the bundle's fault and stops the import.
 */
function asEntryProblem(entry: ParsedEntry, error: unknown): unknown {
  if (error instanceof BundleRejected) return error;
  const cause = ((error as { cause?: PostgresError }).cause ?? error) as PostgresError;
  if (!cause.code || !/^2[23]/.test(cause.code)) return error;
  const constraint = cause.constraint ?? '';
  const message = constraint.includes('mrn')
    ? 'has a medical record number that already belongs to another patient (imported with another identifier)'
    : constraint.includes('npi')
      ? 'has an NPI that already belongs to another provider (imported with another identifier)'
      : `could not be saved: ${cause.message ?? 'the database refused it'}`;
  return new BundleRejected([{ entry: entry.index, resource: entry.resource, message }]);
}
