export * from './auth.ts';
export * from './errors.ts';
export * from './health.ts';
export * from './live.ts';
export * from './organizations.ts';
export * from './staff.ts';
