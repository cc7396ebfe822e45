import { asc, eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { locations, organizations } from '../organizations/schema.ts';
import { patients } from '../patients/schema.ts';
import type { ConversationRow } from './inbound.ts';
import type { TemplateValues, TemplateVariable } from './saved-reply-template.ts';

/** The clinic's address on one line, as a patient would write it on an envelope. */
function addressLine(location: typeof locations.$inferSelect): string | null {
  const cityLine = [location.city, [location.region, location.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const line = [location.addressLine, cityLine].filter(Boolean).join(', ');
  return line || null;
}

/**
 * The values of a saved reply's variables for one conversation: the agent who sends it, the
 * clinic and its main location (the first one it set up), the portal, and the patient only
 * when `patientId` is given (the caller passes it once the contact's identity is verified).
 * Only the groups a template uses are read.
 */
export async function templateValuesFor(
  orm: Orm,
  input: {
    conversation: ConversationRow;
    agentName: string;
    publicUrl: string;
    patientId: string | null;
    needs: readonly TemplateVariable[];
  },
): Promise<TemplateValues> {
  const needs = (group: string) => input.needs.some((name) => name.startsWith(`${group}.`));
  const values: TemplateValues = { 'agent.name': input.agentName };

  if (needs('clinic') || needs('portal')) {
    const [organization] = await orm
      .select({ name: organizations.name, slug: organizations.slug })
      .from(organizations)
      .where(eq(organizations.id, input.conversation.organizationId));
    values['clinic.name'] = organization?.name;
    if (organization)
      values['portal.link'] = `${input.publicUrl}/portal?clinic=${encodeURIComponent(organization.slug)}`;
  }

  if (needs('location')) {
    const [location] = await orm
      .select()
      .from(locations)
      .where(eq(locations.organizationId, input.conversation.organizationId))
      .orderBy(asc(locations.createdAt), asc(locations.id))
      .limit(1);
    if (location) {
      values['location.name'] = location.name;
      values['location.phone'] = location.phone;
      values['location.address'] = addressLine(location);
    }
  }

  if (needs('patient') && input.patientId) {
    const [patient] = await orm
      .select({
        givenName: patients.givenName,
        familyName: patients.familyName,
        preferredName: patients.preferredName,
      })
      .from(patients)
      .where(eq(patients.id, input.patientId));
    if (patient) {
      // Someone without a separate preferred name goes by their given name.
      values['patient.preferredName'] = patient.preferredName?.trim() || patient.givenName;
      values['patient.givenName'] = patient.givenName;
      values['patient.familyName'] = patient.familyName;
    }
  }
  return values;
}
