import { defineConfig } from 'vitest/config';

// Browser tests: the built web app, served by a real PatientDesk server, in Debian's Chromium.
export default defineConfig({
  test: {
    name: 'browser',
    include: ['packages/web/src/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
