import type { ErrorDetail } from '@patientdesk/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../../db/connection.ts';
import { Invalid } from '../../../errors.ts';
import { locations } from '../../organizations/schema.ts';
import { payerKey } from '../insurance.ts';
import { appointmentTypes } from '../schema.ts';

/**
 * The checks a provider's profile passes before it is saved: payer names that make a key,
 * languages that are ISO 639 codes, and kinds of visit and locations of the same clinic. Each
 * refusal names the list item at fault.
 */

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Payer names as keys, in the order given, once each. */
export function insuranceKeys(names: string[]): string[] {
  const problems: ErrorDetail[] = [];
  const keys = names.map((name, index) => {
    const key = payerKey(name);
    if (!key)
      problems.push({
        field: `body.acceptedInsurance.${index}`,
        message: 'must name a payer in letters or digits',
      });
    return key;
  });
  if (problems.length > 0)
    throw new Invalid('An insurance payer’s name has no letters or digits in it.', problems);
  return [...new Set(keys)];
}

/** ISO 639 codes the platform knows a language for, once each. */
export function languageCodes(codes: string[]): string[] {
  const problems = codes.flatMap((code, index) =>
    languageNames.of(code)
      ? []
      : [{ field: `body.languages.${index}`, message: `"${code}" is not a language code` }],
  );
  if (problems.length > 0)
    throw new Invalid('A language is not an ISO 639 code. Use codes like en, es or vi.', problems);
  return [...new Set(codes)];
}

export async function checkTypesOfClinic(orm: Orm, organizationId: string, typeIds: string[]) {
  if (typeIds.length === 0) return;
  const known = new Set(
    (
      await orm
        .select({ id: appointmentTypes.id })
        .from(appointmentTypes)
        .where(
          and(eq(appointmentTypes.organizationId, organizationId), inArray(appointmentTypes.id, typeIds)),
        )
    ).map((row) => row.id),
  );
  const problems = typeIds.flatMap((id, index) =>
    known.has(id)
      ? []
      : [
          {
            field: `body.appointmentTypeIds.${index}`,
            message: 'is not one of the clinic’s appointment types',
          },
        ],
  );
  if (problems.length > 0) throw new Invalid('Some appointment types are not this clinic’s.', problems);
}

export async function checkLocationsOfClinic(orm: Orm, organizationId: string, locationIds: string[]) {
  if (locationIds.length === 0) return;
  const known = new Set(
    (
      await orm
        .select({ id: locations.id })
        .from(locations)
        .where(and(eq(locations.organizationId, organizationId), inArray(locations.id, locationIds)))
    ).map((row) => row.id),
  );
  const problems = locationIds.flatMap((id, index) =>
    known.has(id)
      ? []
      : [{ field: `body.locations.${index}.locationId`, message: 'is not one of the clinic’s locations' }],
  );
  if (problems.length > 0) throw new Invalid('Some locations are not this clinic’s.', problems);
}
