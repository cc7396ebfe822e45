import type { ContactChannel, PatientSex } from '../domains/patients/schema.ts';
import type { NewPatient } from '../domains/patients/service.ts';
import { type DemoRandom, emailPart, familyNameFor, givenNameFor, nameSexFor } from './demo-random.ts';

/** A generated patient, with the age (at the reference date) the proxies are chosen by. */
export interface DemoPatient {
  record: Omit<NewPatient, 'organizationId'>;
  age: number;
}

// Roughly a family practice's panel: a fifth children, a fifth over 65, the rest adults.
const ageBands: { weight: number; value: [number, number] }[] = [
  { weight: 7, value: [0, 4] },
  { weight: 9, value: [5, 11] },
  { weight: 7, value: [12, 17] },
  { weight: 20, value: [18, 34] },
  { weight: 18, value: [35, 49] },
  { weight: 18, value: [50, 64] },
  { weight: 15, value: [65, 79] },
  { weight: 6, value: [80, 95] },
];

// The languages of a central Massachusetts panel: mostly English, a fifth Spanish, a few others.
const languages = [
  { weight: 75, value: 'en' },
  { weight: 20, value: 'es' },
  { weight: 2, value: 'vi' },
  { weight: 1.5, value: 'pt' },
  { weight: 1, value: 'zh' },
  { weight: 0.5, value: 'ht' },
] as const;

const sexes = [
  { weight: 51, value: 'female' },
  { weight: 48, value: 'male' },
  { weight: 0.6, value: 'other' },
  { weight: 0.4, value: 'unknown' },
] as const satisfies readonly { weight: number; value: PatientSex }[];

// Towns around the two demo locations, with their real ZIP codes, so addresses look local.
const towns = [
  ['Worcester', '01604'],
  ['Worcester', '01605'],
  ['Worcester', '01606'],
  ['Worcester', '01609'],
  ['Worcester', '01610'],
  ['Shrewsbury', '01545'],
  ['Auburn', '01501'],
  ['Holden', '01520'],
  ['Grafton', '01519'],
  ['Millbury', '01527'],
  ['Westborough', '01581'],
  ['Northborough', '01532'],
  ['Marlborough', '01752'],
  ['Framingham', '01702'],
  ['Hopkinton', '01748'],
  ['Southborough', '01772'],
] as const;

const streets = [
  'Main St',
  'Elm St',
  'Pleasant St',
  'Maple Ave',
  'Chestnut St',
  'Highland St',
  'Park Ave',
  'Lincoln St',
  'Water St',
  'Summer St',
  'School St',
  'Church St',
  'Prospect St',
  'Grove St',
  'Oak St',
  'Washington St',
  'Union St',
  'Central St',
  'Mill St',
  'Cedar St',
  'Winter St',
  'Hillside Rd',
  'Lakeview Dr',
  'Orchard Ln',
] as const;

export const demoPatientCount = 500;

/** The demo panel of patients; `phones` are fictional numbers, one taken per household. */
export function generatePatients(random: DemoRandom, phones: string[]): DemoPatient[] {
  return Array.from({ length: demoPatientCount }, (_, index) => generatePatient(random, index, phones));
}

function generatePatient(random: DemoRandom, index: number, phones: string[]): DemoPatient {
  const { faker } = random;
  const [youngest, oldest] = faker.helpers.weightedArrayElement(ageBands);
  const age = faker.number.int({ min: youngest, max: oldest });
  const sex = faker.helpers.weightedArrayElement(sexes);
  const language = faker.helpers.weightedArrayElement(languages);
  const nameSex = nameSexFor(random, sex);
  const givenName = givenNameFor(random, language, nameSex);
  const familyName = familyNameFor(random, language);
  const [city, postalCode] = faker.helpers.arrayElement(towns);
  const email = emailFor(random, givenName, familyName, age);
  return {
    age,
    record: {
      mrn: `RFH-${String(1001 + index).padStart(6, '0')}`,
      givenName,
      familyName,
      // Some patients go by another name than the legal one; the desk should use it.
      preferredName: age >= 16 && faker.datatype.boolean(0.05) ? faker.person.firstName(nameSex) : null,
      birthDate: faker.date.birthdate({ mode: 'age', min: age, max: age }).toISOString().slice(0, 10),
      sex,
      phone: phones.pop() ?? null,
      email,
      preferredLanguage: language,
      preferredChannel: channelFor(random, age, email),
      addressLine: `${faker.number.int({ min: 2, max: 480 })} ${faker.helpers.arrayElement(streets)}${
        faker.datatype.boolean(0.15) ? `, Apt ${faker.number.int({ min: 1, max: 24 })}` : ''
      }`,
      city,
      region: 'MA',
      postalCode,
      country: 'US',
      externalId: null,
    },
  };
}

// Young children have no email of their own; most adults do. Only reserved example domains
// are used, so no message can reach a real mailbox.
function emailFor(random: DemoRandom, givenName: string, familyName: string, age: number): string | null {
  const { faker } = random;
  const hasEmail = age < 13 ? false : faker.datatype.boolean(age < 18 ? 0.5 : 0.88);
  if (!hasEmail) return null;
  const domain = faker.helpers.arrayElement(['example.com', 'example.test']);
  const number = faker.datatype.boolean(0.6) ? faker.number.int({ min: 1, max: 99 }) : '';
  return `${emailPart(givenName)}.${emailPart(familyName)}${number}@${domain}`;
}

// Older patients prefer a phone call more often; nobody prefers email without an address.
function channelFor(random: DemoRandom, age: number, email: string | null): ContactChannel {
  const elderly = age >= 75;
  const channel = random.faker.helpers.weightedArrayElement<ContactChannel>([
    { weight: elderly ? 25 : 45, value: 'sms' },
    { weight: elderly ? 15 : 25, value: 'email' },
    { weight: elderly ? 50 : 20, value: 'phone' },
    { weight: 10, value: 'portal' },
  ]);
  return channel === 'email' && !email ? 'sms' : channel;
}
