import { type DemoPatient, generatePatients } from './demo-patients.ts';
import { type DemoProvider, generateProviders } from './demo-providers.ts';
import { type DemoProxy, generateProxies } from './demo-proxies.ts';
import { createDemoRandom, fictionalPhoneNumbers } from './demo-random.ts';
import { type DemoSchedulingPlan, planDemoScheduling } from './demo-scheduling-plan.ts';

export interface GeneratedDemoClinic {
  providers: DemoProvider[];
  patients: DemoPatient[];
  proxies: DemoProxy[];
  scheduling: DemoSchedulingPlan;
}

// Area codes around Worcester and Boston; each gives 100 fictional numbers (555-0100..0199).
const areaCodes = ['508', '774', '978', '617', '781', '413'];

/**
 * The people of the demo clinic, drawn from the seeded generator in a fixed order, so they
 * depend only on the seed number (not on the database or how long it takes).
 */
export function generateDemoClinic(seed: number): GeneratedDemoClinic {
  const random = createDemoRandom(seed);
  const phones = fictionalPhoneNumbers(random, areaCodes);
  const providers = generateProviders(random);
  const patients = generatePatients(random, phones);
  const proxies = generateProxies(random, patients, phones);
  // Drawn last, so the people above are the same as before the demo had schedules.
  const scheduling = planDemoScheduling(random, providers);
  return { providers, patients, proxies, scheduling };
}
