import type { FhirResource } from './fhir-types.ts';
import { idParameter, type SearchParameter } from './search-params.ts';

/**
 * The CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html) at /metadata, made
 * from the same table the routes are registered from, so it lists exactly the resource types,
 * interactions and search parameters this server supports, no more.
 */

export type Interaction = 'read' | 'search-type' | 'create';

export interface SupportedResource {
  type: string;
  interactions: readonly Interaction[];
  searchParameters: readonly SearchParameter[];
  /** What the resource holds here and what it comes from. */
  documentation: string;
}

/** Search result parameters every search takes. */
const pagingDocumentation =
  'Every search takes _count (page size, default 20) and _offset (where the page starts); the Bundle links to the next and previous pages.';

export function capabilityStatement(input: {
  base: string;
  publishedAt: Date;
  softwareVersion: string;
  resources: readonly SupportedResource[];
}): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: input.publishedAt.toISOString(),
    publisher: 'PatientDesk',
    kind: 'instance',
    software: { name: 'PatientDesk', version: input.softwareVersion },
    implementation: {
      description: 'PatientDesk scheduling: providers, locations, schedules, free slots and appointments.',
      url: input.base,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: `${pagingDocumentation} Unknown search parameters are ignored and named in the Bundle, or refused with 400 under "Prefer: handling=strict".`,
        security: {
          cors: false,
          description:
            'A staff session of PatientDesk, or an API token an administrator made (Authorization: Bearer pdt_...). Each call acts with the role of the staff member behind it; reads and changes of appointments are recorded in the audit log.',
        },
        resource: input.resources.map((resource) => ({
          type: resource.type,
          documentation: resource.documentation,
          interaction: resource.interactions.map((code) => ({ code })),
          ...(resource.interactions.includes('search-type')
            ? {
                searchParam: [idParameter, ...resource.searchParameters].map((parameter) => ({
                  name: parameter.name,
                  type: parameter.type,
                  documentation: parameter.documentation,
                })),
              }
            : {}),
        })),
      },
    ],
  };
}
