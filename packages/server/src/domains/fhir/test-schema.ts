import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Checks resources against HL7's official FHIR R4 JSON schema, for tests only: the schema sits
 * beside the repository (`../shared/data/fhir-r4`), and the product never reads it. The schema
 * checks structure, data-type patterns and required value sets; it does not check FHIR
 * invariants. A missing schema fails the test that needs it (it is never skipped).
 */

const repository = path.resolve(import.meta.dirname, '../../../../..');
export const fhirSchemaPath = path.resolve(repository, '../shared/data/fhir-r4/fhir.schema.json');

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function loadSchema(): Ajv {
  if (ajv) return ajv;
  if (!fs.existsSync(fhirSchemaPath))
    throw new Error(
      `The official FHIR R4 JSON schema is missing: expected it at ${fhirSchemaPath}. ` +
        'Put fhir.schema.json (HL7 FHIR R4, 4.0.x) there; the FHIR tests cannot check resources without it.',
    );
  const schema = JSON.parse(fs.readFileSync(fhirSchemaPath, 'utf8')) as Record<string, unknown>;
  // The schema is draft-06 with a Swagger-style discriminator; ajv 8 reads it once these top-level
  // keys are gone (the definitions themselves are plain JSON schema).
  const { $schema: _draft, id: _id, discriminator: _discriminator, ...rest } = schema;
  ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ ...rest, $id: 'fhir' });
  return ajv;
}

function validatorFor(resourceType: string): ValidateFunction {
  const known = validators.get(resourceType);
  if (known) return known;
  const validate = loadSchema().getSchema(`fhir#/definitions/${resourceType}`);
  if (!validate) throw new Error(`The FHIR R4 schema has no resource type "${resourceType}".`);
  validators.set(resourceType, validate);
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined, at: string): string[] {
  return (errors ?? []).map((error) => {
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
        : error.keyword === 'enum'
          ? ` (one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
          : '';
    return `${at}${error.instancePath || '/'} ${error.message ?? 'is not valid'}${extra}`;
  });
}

/**
 * What is wrong with a resource by the official schema: an empty list when it is valid. A
 * Bundle's entries (and an OperationOutcome inside them) are each checked as their own type, so
 * a mistake is named by entry rather than lost in the schema's `oneOf` over every resource type.
 */
export function fhirSchemaErrors(resource: unknown, at = ''): string[] {
  if (typeof resource !== 'object' || resource === null || !('resourceType' in resource))
    return [`${at}/ is not a FHIR resource (no resourceType)`];
  const type = String((resource as { resourceType: unknown }).resourceType);
  const validate = validatorFor(type);
  if (type !== 'Bundle') return validate(resource) ? [] : describe(validate.errors, at);
  const bundle = resource as { entry?: { resource?: unknown }[] };
  const entries = bundle.entry ?? [];
  const envelope = {
    ...bundle,
    ...(bundle.entry ? { entry: entries.map(({ resource: _r, ...e }) => e) } : {}),
  };
  const problems = validate(envelope) ? [] : describe(validate.errors, at);
  entries.forEach((entry, index) => {
    if (entry.resource !== undefined)
      problems.push(...fhirSchemaErrors(entry.resource, `${at}/entry/${index}/resource`));
  });
  return problems;
}

/** Throws with every problem listed when the resource is not valid FHIR R4. */
export function assertValidFhir(resource: unknown): void {
  const problems = fhirSchemaErrors(resource);
  if (problems.length > 0)
    throw new Error(`Not valid against the FHIR R4 schema:\n  ${problems.join('\n  ')}`);
}
