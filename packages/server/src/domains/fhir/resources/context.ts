import type { Orm } from '../../../db/connection.ts';

/** What mapping and searching a resource needs: the tenant's database, whose data, and the server's FHIR base URL. */
export interface FhirContext {
  orm: Orm;
  organizationId: string;
  /** The address people open the app at. */
  publicUrl: string;
  /** `https://clinic.example.org/fhir/R4`: full URLs and local code systems start with it. */
  base: string;
  /** The organisation's time zone: dates in searches without a zone are read in it. */
  timeZone: string;
}
