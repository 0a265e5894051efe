import { defineConfig } from 'vitest/config';

const shared = {
  globalSetup: ['libs/testing/src/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

// Fault tests disturb the shared broker or database (closing every connection, restarting), so
// they run alone, after everything else.
export default defineConfig({
  test: {
    projects: [
      {
        // Pure logic next to its code (src/**/x.unit.test.ts): no database, no broker, no global setup;
        // the whole project runs in about a second, first in npm test.
        test: {
          name: 'unit',
          include: ['{libs,services}/*/src/**/*.unit.test.ts', 'gateway/src/**/*.unit.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['{libs,services,gateway,e2e}/**/test/**/*.test.ts'],
          exclude: [
            '**/*.unit.test.ts',
            '**/*.fault.test.ts',
            '**/*.browser.test.ts',
            'e2e/faults/**',
            '**/node_modules/**',
          ],
        },
      },
      {
        test: {
          ...shared,
          // The admin console's pages are built once for the whole project.
          globalSetup: [...shared.globalSetup, 'e2e/fixtures/build-admin-console.ts'],
          name: 'browser',
          include: ['{libs,services,gateway,e2e}/**/test/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'fault',
          include: ['{libs,services,gateway,e2e}/**/test/**/*.fault.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
        },
      },
      {
        // The attack suite (npm run test:security): probes built from the gateway's OpenAPI document and
        // the specific attacks of issue 13, through the gateway and straight at the service ports.
        test: {
          ...shared,
          name: 'security',
          include: ['e2e/security/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        // The fault suite: its own PostgreSQL cluster and RabbitMQ node (started once by its global
        // setup), the system as real processes, one scenario file at a time.
        test: {
          name: 'faults',
          include: ['e2e/faults/**/*.faults.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['e2e/faults/harness/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
