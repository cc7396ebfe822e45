import type { ProxyRelationship, ProxyScope } from '../domains/patients/schema.ts';
import type { NewProxy } from '../domains/patients/service.ts';
import type { DemoPatient } from './demo-patients.ts';
import { type DemoRandom, emailPart, familyNameFor, givenNameFor } from './demo-random.ts';

/** A generated proxy and the patient (by MRN) they act for, within the scopes granted. */
export interface DemoProxy {
  record: Omit<NewProxy, 'organizationId'>;
  patientMrn: string;
  relationship: ProxyRelationship;
  scopes: ProxyScope[];
  expiresAt: Date | null;
}

const everything: ProxyScope[] = ['scheduling', 'billing', 'messaging', 'records'];
// Caretakers arrange visits and pass on messages; bills and records stay with the patient or
// their legal representative unless the patient grants more.
const caretaking: ProxyScope[] = ['scheduling', 'messaging'];

// Time-limited caretaker arrangements end at midnight in the clinic's zone (America/New_York);
// the offsets are the ones New York has on those dates (EDT in summer).
const caretakingEnds = [
  new Date('2026-03-01T00:00:00-05:00'),
  new Date('2026-07-01T00:00:00-04:00'),
  new Date('2026-10-01T00:00:00-04:00'),
];

/** Parents of young children, a guardian, and caretakers and family of elderly patients. */
export function generateProxies(random: DemoRandom, patients: DemoPatient[], phones: string[]): DemoProxy[] {
  const { faker } = random;
  const children = patients.filter((patient) => patient.age < 12);
  const teenagers = patients.filter((patient) => patient.age >= 12 && patient.age < 18);
  const elderly = patients.filter((patient) => patient.age >= 75);
  const proxies: DemoProxy[] = [];

  // Not every child's parent has set up proxy access yet; 18 have, and for 3 both parents did.
  const childrenWithParents = faker.helpers.arrayElements(children, Math.min(18, children.length));
  childrenWithParents.forEach((child, index) => {
    proxies.push(parentOf(random, child, child.record.phone ?? phones.pop() ?? null));
    if (index < 3) proxies.push(parentOf(random, child, phones.pop() ?? null));
  });

  const ward = faker.helpers.arrayElement(teenagers);
  if (ward)
    proxies.push({ ...adultFor(random, ward, phones, false), relationship: 'guardian', scopes: everything });

  faker.helpers.arrayElements(elderly, Math.min(10, elderly.length)).forEach((patient, index) => {
    if (index === 0) {
      // One elderly patient has a health-care agent with power of attorney: full access.
      proxies.push({
        ...adultFor(random, patient, phones, true),
        relationship: 'legal-representative',
        scopes: everything,
      });
      return;
    }
    const grownChild = index <= 5;
    proxies.push({
      ...adultFor(random, patient, phones, grownChild),
      relationship: grownChild ? 'child' : 'caretaker',
      scopes: caretaking,
      expiresAt: index % 3 === 0 ? faker.helpers.arrayElement(caretakingEnds) : null,
    });
  });
  return proxies;
}

function parentOf(random: DemoRandom, child: DemoPatient, phone: string | null): DemoProxy {
  const language = child.record.preferredLanguage ?? 'en';
  // Most parents share the child's family name; some do not (remarriage, custom, choice).
  const familyName = random.faker.datatype.boolean(0.8)
    ? child.record.familyName
    : familyNameFor(random, language);
  return {
    record: person(random, language, familyName, phone),
    patientMrn: child.record.mrn,
    relationship: 'parent',
    scopes: everything,
    expiresAt: null,
  };
}

function adultFor(
  random: DemoRandom,
  patient: DemoPatient,
  phones: string[],
  sameFamily: boolean,
): Omit<DemoProxy, 'relationship' | 'scopes'> {
  const language = patient.record.preferredLanguage ?? 'en';
  const familyName = sameFamily ? patient.record.familyName : familyNameFor(random, language);
  return {
    record: person(random, language, familyName, phones.pop() ?? null),
    patientMrn: patient.record.mrn,
    expiresAt: null,
  };
}

function person(
  random: DemoRandom,
  language: string,
  familyName: string,
  phone: string | null,
): DemoProxy['record'] {
  const { faker } = random;
  const givenName = givenNameFor(random, language, faker.helpers.arrayElement(['female', 'male']));
  const email = faker.datatype.boolean(0.85)
    ? `${emailPart(givenName)}.${emailPart(familyName)}@${faker.helpers.arrayElement(['example.com', 'example.test'])}`
    : null;
  return { givenName, familyName, phone, email, preferredLanguage: language, externalId: null };
}
