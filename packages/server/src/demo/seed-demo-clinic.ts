import type { Database } from '../db/connection.ts';

export interface DemoClinicSummary {
  organizationSlug: string;
  organizationName: string;
  logins: { email: string; role: string }[];
}

export async function seedDemoClinic(
  _database: Database,
  _options: { seed: number; password: string; onProgress?: (step: string) => void },
): Promise<DemoClinicSummary> {
  throw new Error('being written');
}

export async function describeDemoClinic(_database: Database): Promise<DemoClinicSummary | undefined> {
  return undefined;
}
