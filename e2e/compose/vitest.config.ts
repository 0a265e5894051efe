import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:compose`: the whole Shop from docker-compose.yml on a real Docker engine. Not part of
// `npm test` (it builds the image and runs containers for minutes); .ci/run calls it after that.
export default defineConfig({
  test: {
    name: 'compose',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['e2e/compose/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
