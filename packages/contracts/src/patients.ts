// The patient record API: search, the record shaped by role, changes to it, and the portal.
export * from './patients/changes.ts';
export * from './patients/portal.ts';
export * from './patients/record.ts';
export * from './patients/search.ts';
export * from './patients/vocabulary.ts';
