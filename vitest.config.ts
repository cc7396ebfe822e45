import { defineConfig } from 'vitest/config';

// Server tests run on embedded PGlite always, and again on a real PostgreSQL server when
// TEST_DATABASE_URL is set (CI sets it). Browser tests have their own config.
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const serverTests = ['packages/server/src/**/*.test.ts', 'packages/contracts/src/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'pglite',
          include: serverTests,
          // Tests that compare the two databases need both, so they run only in the postgres project.
          exclude: ['**/*.postgres.test.ts', '**/node_modules/**'],
          env: { PATIENTDESK_TEST_DATABASE: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'postgres',
                include: serverTests,
                // Tests of the embedded database alone (its lock, crash safety) need no second run.
                exclude: ['**/*.embedded.test.ts', '**/node_modules/**'],
                env: { PATIENTDESK_TEST_DATABASE: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'web',
          include: ['packages/web/src/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
