import { Unprocessable } from '../../../errors.ts';
import {
  type BundleEnvelope,
  bundleEnvelope,
  type ImportedResourceType,
  importableBundleTypes,
  importedResourceTypes,
  type Reference,
} from './fhir-schemas.ts';
import { type MappedResource, mapResource } from './map-resources.ts';

/** One thing wrong with a bundle; `entry` counts from 0, as `Bundle.entry[12]` does. */
export interface BundleProblem {
  entry?: number;
  /** `Patient/abc`, or the resource type alone when the resource has no id. */
  resource?: string;
  field?: string;
  message: string;
}

/** "entry 12 (Patient/abc): birthDate must be a date like 2009-04-29" */
export function describeProblem(problem: BundleProblem): string {
  const where =
    problem.entry === undefined
      ? ''
      : `entry ${problem.entry}${problem.resource ? ` (${problem.resource})` : ''}: `;
  return `${where}${problem.field ? `${problem.field} ` : ''}${problem.message}`;
}

/** A bundle that is not imported at all; nothing from it is written. */
export class BundleRejected extends Unprocessable {
  constructor(readonly problems: BundleProblem[]) {
    super(
      `The bundle was not imported: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}. ${problems
        .slice(0, 3)
        .map(describeProblem)
        .join('; ')}${problems.length > 3 ? '; ...' : ''}`,
      problems.map((problem) => ({
        field:
          problem.entry === undefined
            ? problem.field
            : `entry[${problem.entry}]${problem.field ? `.${problem.field}` : ''}`,
        message: describeProblem(problem),
      })),
    );
  }
}

/** Where the patient of a RelatedPerson is: an entry of the same bundle, or a patient imported before. */
export type PatientTarget =
  | { kind: 'entry'; index: number }
  | { kind: 'stored'; reference: string; externalIds: string[]; identifierValue?: string };

export interface ParsedEntry {
  index: number;
  resource: string;
  mapped: MappedResource;
  /** Set for a RelatedPerson. */
  patient?: PatientTarget;
}

export interface ParsedBundle {
  type: string;
  entries: ParsedEntry[];
  /** Entries of types PatientDesk does not import (Encounter, Claim, ...), counted by type. */
  skipped: Record<string, number>;
  /** Every entry of the bundle, imported or skipped. */
  entryCount: number;
}

/**
 * Checks a whole bundle and maps every entry PatientDesk imports. Throws BundleRejected with
 * every problem found (not only the first), so one run shows all there is to fix.
 */
export function parseBundle(json: unknown): ParsedBundle {
  const envelope = bundleEnvelope.safeParse(json);
  if (!envelope.success) throw new BundleRejected([{ message: envelopeProblem(json) }]);
  const bundle = envelope.data;
  if (!(importableBundleTypes as readonly string[]).includes(bundle.type)) {
    throw new BundleRejected([
      {
        field: 'type',
        message: `is "${bundle.type}"; PatientDesk imports bundles of type ${importableBundleTypes.join(', ')}`,
      },
    ]);
  }
  const entries = bundle.entry ?? [];
  const problems: BundleProblem[] = [];
  const parsed: ParsedEntry[] = [];
  const skipped: Record<string, number> = {};
  entries.forEach((entry, index) => {
    const type = entry.resource?.resourceType;
    if (!isImported(type)) {
      const key = type ?? '(entry without a resource)';
      skipped[key] = (skipped[key] ?? 0) + 1;
      return;
    }
    const resource = entry.resource?.id ? `${type}/${entry.resource.id}` : type;
    const result = mapResource(type, entry.resource);
    if (result.ok) parsed.push({ index, resource, mapped: result.mapped });
    else problems.push(...result.problems.map((problem) => ({ entry: index, resource, ...problem })));
  });
  for (const entry of parsed) {
    if (entry.mapped.type !== 'RelatedPerson') continue;
    const target = locatePatient(entry.mapped.patient, bundle, parsed);
    if ('problem' in target)
      problems.push({
        entry: entry.index,
        resource: entry.resource,
        field: 'patient',
        message: target.problem,
      });
    else entry.patient = target;
  }
  if (problems.length > 0) throw new BundleRejected(problems);
  return { type: bundle.type, entries: parsed, skipped, entryCount: entries.length };
}

function isImported(type: string | undefined): type is ImportedResourceType {
  return (importedResourceTypes as readonly (string | undefined)[]).includes(type);
}

function envelopeProblem(json: unknown): string {
  const resourceType = (json as { resourceType?: unknown } | null)?.resourceType;
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return 'is not a FHIR Bundle: the file holds JSON, but not a FHIR resource (an object with a resourceType).';
  if (resourceType !== 'Bundle')
    return `is not a FHIR Bundle: its resourceType is ${typeof resourceType === 'string' ? `"${resourceType}"` : 'missing'}. Import bundles (resourceType "Bundle"), such as Synthea's exports.`;
  return 'is not a valid FHIR Bundle: it needs a "type" and, if it has entries, "entry" must be a list of objects.';
}

const patientPath = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const otherResourcePath = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[^/]+)?$/;

/**
 * Resolves a RelatedPerson's patient reference: to the entry with that fullUrl, or with that
 * Patient id, or carrying that identifier; failing those, to a patient imported earlier (looked
 * up when the bundle is imported).
 */
function locatePatient(
  reference: Reference,
  bundle: BundleEnvelope,
  parsed: ParsedEntry[],
): PatientTarget | { problem: string } {
  const entries = bundle.entry ?? [];
  const patientEntry = (index: number): PatientTarget | { problem: string } =>
    entries[index]?.resource?.resourceType === 'Patient'
      ? { kind: 'entry', index }
      : {
          problem: `refers to entry ${index}, which is a ${entries[index]?.resource?.resourceType ?? 'empty entry'}, not a Patient`,
        };
  const text = reference.reference?.trim();
  if (text) {
    if (text.startsWith('#'))
      return { problem: 'refers to a contained patient, which PatientDesk does not import' };
    const byFullUrl = entries.findIndex((entry) => entry.fullUrl === text);
    if (byFullUrl !== -1) return patientEntry(byFullUrl);
    const id =
      patientPath.exec(text)?.[1] ??
      (text.startsWith('urn:uuid:') ? text.slice('urn:uuid:'.length) : undefined);
    if (!id) {
      const other = otherResourcePath.exec(text)?.[1];
      return {
        problem: other
          ? `must refer to a Patient, not a ${other}`
          : 'is not a reference PatientDesk understands',
      };
    }
    const byId = entries.findIndex(
      (entry) => entry.resource?.resourceType === 'Patient' && entry.resource.id === id,
    );
    if (byId !== -1) return { kind: 'entry', index: byId };
    return { kind: 'stored', reference: text, externalIds: [`fhir:Patient/${id}`], identifierValue: id };
  }
  const wanted = reference.identifier!;
  const byIdentifier = parsed.find(
    (entry) =>
      entry.mapped.type === 'Patient' &&
      (
        entries[entry.index]?.resource as { identifier?: { system?: string; value?: string }[] }
      )?.identifier?.some(
        (item) => item.value === wanted.value && (!wanted.system || item.system === wanted.system),
      ),
  );
  if (byIdentifier) return { kind: 'entry', index: byIdentifier.index };
  const label = `${wanted.system ? `${wanted.system}|` : ''}${wanted.value}`;
  return wanted.system
    ? { kind: 'stored', reference: label, externalIds: [`${wanted.system}|${wanted.value}`] }
    : { kind: 'stored', reference: label, externalIds: [], identifierValue: wanted.value! };
}
