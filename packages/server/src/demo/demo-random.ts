import { base, en, en_US, es, es_MX, Faker } from '@faker-js/faker';

/**
 * The demo clinic's source of randomness. Everything is drawn from Faker instances seeded with
 * the seed number, and every date is computed from a fixed reference date instead of today, so
 * one seed number gives exactly the same clinic on any machine, on any day. (A different Faker
 * version may draw differently: the clinic is stable for one release of PatientDesk.)
 */

/** "Today" for the demo clinic: ages and expiry dates are counted from here. */
export const demoReferenceDate = new Date('2026-01-01T00:00:00Z');

export interface DemoRandom {
  /** Makes every random choice, and English names. */
  faker: Faker;
  /** Spanish (Mexican and Central American) names only, so they read like the people they stand for. */
  spanishNames: Faker;
}

export function createDemoRandom(seed: number): DemoRandom {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(seed);
  faker.setDefaultRefDate(demoReferenceDate);
  const spanishNames = new Faker({ locale: [es_MX, es, en, base] });
  spanishNames.seed([seed, 2]);
  spanishNames.setDefaultRefDate(demoReferenceDate);
  return { faker, spanishNames };
}

export type NameSex = 'female' | 'male';

// Faker has no romanised Vietnamese, Chinese, Portuguese or Haitian Creole names as US records
// write them (without tone marks or characters), so these few are listed here.
const namesByLanguage: Record<string, { female: string[]; male: string[]; family: string[] }> = {
  vi: {
    female: ['Linh', 'Mai', 'Thao', 'Trang', 'Lan', 'Ngoc', 'Hoa', 'Huong'],
    male: ['Minh', 'Tuan', 'Duc', 'Hung', 'Quang', 'Long', 'Khanh', 'Bao'],
    family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Vu', 'Dang', 'Bui', 'Do', 'Ngo'],
  },
  zh: {
    female: ['Mei', 'Xiu Ying', 'Li Na', 'Jing', 'Yan', 'Hui', 'Ling', 'Fang'],
    male: ['Wei', 'Jian', 'Hao', 'Lei', 'Jun', 'Ming', 'Tao', 'Qiang'],
    family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou'],
  },
  pt: {
    female: ['Ana', 'Beatriz', 'Fernanda', 'Juliana', 'Mariana', 'Patricia', 'Camila', 'Luciana'],
    male: ['Joao', 'Paulo', 'Rafael', 'Thiago', 'Marcelo', 'Rodrigo', 'Gustavo', 'Luis'],
    family: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira'],
  },
  ht: {
    female: ['Marie', 'Nadege', 'Roseline', 'Guerline', 'Mirlande', 'Fabienne', 'Wislande', 'Judith'],
    male: ['Jean', 'Pierre', 'Wilson', 'Frantz', 'Jacques', 'Ronald', 'Emmanuel', 'Stanley'],
    family: ['Pierre', 'Joseph', 'Jean-Baptiste', 'Louis', 'Charles', 'Etienne', 'Saint-Fleur', 'Desir'],
  },
};

/** A given name that fits the person's language. */
export function givenNameFor(random: DemoRandom, language: string, sex: NameSex): string {
  const listed = namesByLanguage[language];
  if (listed) return random.faker.helpers.arrayElement(listed[sex]);
  return (language === 'es' ? random.spanishNames : random.faker).person.firstName(sex);
}

// Faker's Spanish surnames include a few with a stray lower-case word ("Kardache soto");
// only particles such as "de" and "del" are written in lower case.
const wellFormedSurname =
  /^(?:\p{Lu}[\p{L}'-]*|de|del|la|las|los|y)(?: (?:\p{Lu}[\p{L}'-]*|de|del|la|las|los|y))*$/u;

/** A family name that fits the person's language. */
export function familyNameFor(random: DemoRandom, language: string): string {
  const listed = namesByLanguage[language];
  if (listed) return random.faker.helpers.arrayElement(listed.family);
  if (language !== 'es') return random.faker.person.lastName();
  for (;;) {
    const surname = random.spanishNames.person.lastName();
    if (wellFormedSurname.test(surname)) return surname;
  }
}

/** The sex Faker should draw a name for: a person recorded as other or unknown gets either. */
export function nameSexFor(random: DemoRandom, sex: string): NameSex {
  if (sex === 'female' || sex === 'male') return sex;
  return random.faker.helpers.arrayElement(['female', 'male'] as const);
}

/** Letters of a name as an email address can hold them ("José María" -> "josemaria"). */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Fictional phone numbers in E.164: the 555-0100 to 555-0199 block of each area code is set
 * aside for fiction, so no real person is ever called or texted from the demo.
 */
export function fictionalPhoneNumbers(random: DemoRandom, areaCodes: string[]): string[] {
  const numbers = areaCodes.flatMap((areaCode) =>
    Array.from({ length: 100 }, (_, line) => `+1${areaCode}55501${String(line).padStart(2, '0')}`),
  );
  return random.faker.helpers.shuffle(numbers);
}
