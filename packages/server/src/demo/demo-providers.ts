import type { NewProvider } from '../domains/scheduling/service.ts';
import { type DemoRandom, emailPart, familyNameFor, givenNameFor, type NameSex } from './demo-random.ts';

/** A generated provider, and the demo locations (by key) where they see patients. */
export interface DemoProvider {
  record: Omit<NewProvider, 'organizationId'>;
  locationKeys: string[];
}

interface ProviderPlan {
  specialty: string;
  credentials: string;
  /** "a board-certified family physician", read into the bio. */
  title: string;
  focus: string[];
  alwaysTelehealth?: boolean;
}

const physician = (specialty: string, title: string, focus: string[], credentials = 'MD'): ProviderPlan => ({
  specialty,
  credentials,
  title,
  focus,
});

// Twenty providers, shaped like a community practice: mostly primary care, a few specialists.
const plans: ProviderPlan[] = [
  physician('Family medicine', 'a board-certified family physician', [
    'preventive care for the whole family',
    'managing diabetes and high blood pressure',
    'sports injuries and active lifestyles',
  ]),
  physician('Family medicine', 'a family physician', [
    'caring for families across generations',
    'women’s health and contraception',
  ]),
  physician(
    'Family medicine',
    'an osteopathic family physician',
    ['back pain and musculoskeletal care', 'whole-person primary care'],
    'DO',
  ),
  physician(
    'Family medicine',
    'a family nurse practitioner',
    ['same-day sick visits', 'chronic disease coaching'],
    'FNP-C',
  ),
  physician(
    'Family medicine',
    'a physician assistant',
    ['urgent same-day visits', 'skin checks and minor procedures'],
    'PA-C',
  ),
  physician('Pediatrics', 'a board-certified pediatrician', [
    'newborn care and breastfeeding support',
    'asthma and allergies in children',
  ]),
  physician('Pediatrics', 'a pediatrician', ['adolescent health', 'ADHD and school concerns']),
  physician('Pediatrics', 'a pediatrician', [
    'well-child visits and vaccines',
    'children with complex needs',
  ]),
  physician(
    'Pediatrics',
    'a pediatric nurse practitioner',
    ['well-child visits', 'sick visits for little ones'],
    'CPNP',
  ),
  physician('Internal medicine', 'a board-certified internist', [
    'complex chronic conditions',
    'heart health and cholesterol',
  ]),
  physician('Internal medicine', 'an internist', ['care for older adults', 'medication reviews']),
  physician(
    'Internal medicine',
    'an osteopathic internist',
    ['diabetes and thyroid care', 'preventive screening'],
    'DO',
  ),
  physician('Geriatrics', 'a geriatrician', ['memory concerns', 'staying independent at home']),
  physician('Obstetrics and gynecology', 'an obstetrician-gynecologist', [
    'prenatal care and delivery',
    'menopause care',
  ]),
  physician(
    'Obstetrics and gynecology',
    'a certified nurse-midwife',
    ['low-intervention birth', 'prenatal and postpartum care'],
    'CNM',
  ),
  physician('Cardiology', 'a cardiologist', ['heart failure', 'heart rhythm problems']),
  physician('Dermatology', 'a dermatologist', ['eczema and acne', 'skin cancer screening']),
  {
    ...physician(
      'Behavioral health',
      'a clinical psychologist',
      ['anxiety and depression', 'trauma-focused therapy'],
      'PhD',
    ),
    alwaysTelehealth: true,
  },
  {
    ...physician(
      'Behavioral health',
      'a licensed clinical social worker',
      ['family and couples counselling', 'grief and life changes'],
      'LICSW',
    ),
    alwaysTelehealth: true,
  },
  {
    ...physician('Psychiatry', 'a psychiatrist', ['medication for mood disorders', 'ADHD in adults'], 'MD'),
    alwaysTelehealth: true,
  },
];

// Doctors (MD, DO, PhD) are addressed "Dr."; nurse practitioners, midwives, PAs and social
// workers by name, as they introduce themselves.
const doctorCredentials = new Set(['MD', 'DO', 'PhD']);

const languageNames: Record<string, string> = { es: 'Spanish', vi: 'Vietnamese', pt: 'Portuguese' };

/** The twenty demo providers: realistic names, specialties, NPIs, languages and short bios. */
export function generateProviders(random: DemoRandom): DemoProvider[] {
  const { faker } = random;
  // About a third of a Worcester-area practice speaks Spanish; one each Vietnamese and Portuguese.
  const secondLanguages = faker.helpers.shuffle([
    ...Array<string>(6).fill('es'),
    'vi',
    'pt',
    ...Array<string | undefined>(plans.length - 8).fill(undefined),
  ]);
  const npis = new Set<string>();
  return plans.map((plan, index) => {
    const sex: NameSex = faker.helpers.arrayElement(['female', 'male']);
    const secondLanguage = secondLanguages[index];
    const nameLanguage = secondLanguage ?? 'en';
    const givenName = givenNameFor(random, nameLanguage, sex);
    const familyName = familyNameFor(random, nameLanguage);
    const prefix = doctorCredentials.has(plan.credentials) ? 'Dr.' : null;
    const languages = secondLanguage ? ['en', secondLanguage] : ['en'];
    const record: DemoProvider['record'] = {
      givenName,
      familyName,
      prefix,
      credentials: plan.credentials,
      sex,
      npi: uniqueNpi(random, npis),
      specialty: plan.specialty,
      languages,
      email: `${emailPart(givenName)}.${emailPart(familyName)}@riverside.example.com`,
      phone: null,
      acceptingNewPatients: faker.datatype.boolean(0.8),
      offersTelehealth: plan.alwaysTelehealth ?? faker.datatype.boolean(0.5),
      bio: biography(random, plan, { givenName, familyName, prefix, sex, secondLanguage }),
    };
    return { record, locationKeys: locationsFor(random, plan, index) };
  });
}

function biography(
  random: DemoRandom,
  plan: ProviderPlan,
  person: {
    givenName: string;
    familyName: string;
    prefix: string | null;
    sex: NameSex;
    secondLanguage?: string;
  },
): string {
  const { faker } = random;
  const name = person.prefix ? `${person.prefix} ${person.familyName}` : person.givenName;
  const pronoun = person.sex === 'female' ? 'She' : 'He';
  const focus = faker.helpers.arrayElement(plan.focus);
  const since = faker.number.int({ min: 2006, max: 2024 });
  const sentences = [
    `${person.prefix ? `${person.prefix} ` : ''}${person.givenName} ${person.familyName} is ${plan.title} with a special interest in ${focus}.`,
    `${pronoun} joined Riverside Family Health in ${since}.`,
  ];
  if (person.secondLanguage)
    sentences.push(`${name} sees patients in English and ${languageNames[person.secondLanguage]}.`);
  return sentences.join(' ');
}

// Pediatric and obstetric care are mostly at the Westborough family site; the rest of the
// practice leans to the main clinic, and a quarter of the providers work at both.
function locationsFor(random: DemoRandom, plan: ProviderPlan, index: number): string[] {
  if (index === 0) return ['main', 'westborough'];
  const familySite = ['Pediatrics', 'Obstetrics and gynecology'].includes(plan.specialty);
  return random.faker.helpers.weightedArrayElement([
    { weight: familySite ? 15 : 45, value: ['main'] },
    { weight: familySite ? 60 : 30, value: ['westborough'] },
    { weight: 25, value: ['main', 'westborough'] },
  ]);
}

/**
 * A made-up NPI in the right format: ten digits whose last is the Luhn check digit computed
 * over the 80840 prefix and the first nine, as the NPI rule says. Issued NPIs start with 1 or
 * 2, so one starting with 98 never names a real clinician (Synthea's start with 999).
 */
function uniqueNpi(random: DemoRandom, used: Set<string>): string {
  for (;;) {
    const base = `98${random.faker.string.numeric(7)}`;
    const npi = `${base}${luhnCheckDigit(`80840${base}`)}`;
    if (!used.has(npi)) {
      used.add(npi);
      return npi;
    }
  }
}

/** The digit that makes `digits` + it pass the Luhn check. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Counting from the right of the payload, every other digit starting with the last is doubled.
    const digit = Number(digits[digits.length - 1 - i]);
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a ten-digit NPI passes its check digit. */
export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && luhnCheckDigit(`80840${npi.slice(0, 9)}`) === Number(npi[9]);
}
