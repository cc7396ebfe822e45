import type { StaffRole } from '../domains/staff/schema.ts';

/**
 * The fixed part of the demo clinic: who it is, where it sees patients, its teams and its staff
 * logins. These never change with the seed number, so the README and the start-up banner can
 * name the logins; the people (patients, proxies, providers) come from the seeded generator.
 */

export const demoOrganization = {
  slug: 'demo',
  name: 'Riverside Family Health (demo)',
  timeZone: 'America/New_York',
  country: 'US',
  defaultLanguage: 'en',
  // A demo is tried by people without an authenticator app at hand; the sign-in page says that
  // two-step sign-in is off here. Real organisations require it by default.
  requireStaffMfa: false,
} as const;

export const demoLocations = [
  {
    key: 'main',
    name: 'Riverside Main Street Clinic',
    addressLine: '415 Main Street',
    city: 'Worcester',
    region: 'MA',
    postalCode: '01608',
    country: 'US',
    phone: '+15085550100',
    timeZone: 'America/New_York',
    latitude: 42.2626,
    longitude: -71.8023,
  },
  {
    key: 'westborough',
    name: 'Riverside Westborough Family & Pediatrics',
    addressLine: '88 East Main Street, Suite 200',
    city: 'Westborough',
    region: 'MA',
    postalCode: '01581',
    country: 'US',
    phone: '+15085550150',
    timeZone: 'America/New_York',
    latitude: 42.2695,
    longitude: -71.6161,
  },
] as const;

export const demoTeams = [
  {
    slug: 'front-desk',
    name: 'Front desk',
    description: 'First answer on every channel: check-in, directions, forms and general questions.',
  },
  {
    slug: 'scheduling',
    name: 'Scheduling',
    description: 'Booking, rescheduling and cancelling visits, waitlists and reminders.',
  },
  {
    slug: 'billing',
    name: 'Billing',
    description: 'Statements, insurance questions, payment plans and financial assistance.',
  },
  {
    slug: 'nurse-line',
    name: 'Nurse line',
    description: 'Symptoms, refills and test results, answered by licensed nurses.',
  },
  {
    slug: 'patient-relations',
    name: 'Patient relations',
    description: 'Complaints, compliments and concerns, including from people who are not patients.',
  },
] as const;

export type DemoTeamSlug = (typeof demoTeams)[number]['slug'];

export interface DemoStaffMember {
  email: string;
  displayName: string;
  role: StaffRole;
  languages: string[];
  teams: DemoTeamSlug[];
}

/** The demo logins, in the order people are shown them: the admin first, then the desk. */
export const demoStaff: DemoStaffMember[] = [
  { email: 'admin@demo.test', displayName: 'Morgan Ellis', role: 'admin', languages: ['en'], teams: [] },
  {
    email: 'agent@demo.test',
    displayName: 'Jamie Okafor',
    role: 'agent',
    languages: ['en'],
    teams: ['front-desk'],
  },
  {
    email: 'agent2@demo.test',
    displayName: 'Sofía Ramírez',
    role: 'agent',
    languages: ['en', 'es'],
    teams: ['front-desk', 'patient-relations'],
  },
  {
    email: 'agent3@demo.test',
    displayName: 'Tuan Pham',
    role: 'agent',
    languages: ['en', 'vi'],
    teams: ['front-desk', 'billing'],
  },
  {
    email: 'scheduler@demo.test',
    displayName: 'Priya Raman',
    role: 'scheduler',
    languages: ['en'],
    teams: ['scheduling'],
  },
  {
    email: 'billing@demo.test',
    displayName: 'Marcus Bell',
    role: 'billing',
    languages: ['en'],
    teams: ['billing'],
  },
  {
    email: 'clinician@demo.test',
    displayName: 'Keisha Grant, RN',
    role: 'clinician',
    languages: ['en'],
    teams: ['nurse-line'],
  },
  {
    email: 'supervisor@demo.test',
    displayName: 'Angela Foster',
    role: 'supervisor',
    languages: ['en', 'es'],
    teams: ['front-desk', 'scheduling', 'billing', 'nurse-line', 'patient-relations'],
  },
  {
    email: 'compliance@demo.test',
    displayName: 'Robert Lindqvist',
    role: 'compliance',
    languages: ['en'],
    teams: ['patient-relations'],
  },
];

/** Sorts logins as `demoStaff` lists them; a login the profile does not know goes last, by email. */
export function inLoginOrder<Login extends { email: string }>(logins: Login[]): Login[] {
  const position = (email: string) => {
    const index = demoStaff.findIndex((staff) => staff.email === email.toLowerCase());
    return index === -1 ? demoStaff.length : index;
  };
  return [...logins].sort((a, b) => position(a.email) - position(b.email) || a.email.localeCompare(b.email));
}
