// The security mutation test runs on its own (`npm run test:mutations`, called by .ci/run
// after `npm test`): it starts one vitest or gate process per mutation, which would compete
// with the unit project's own workers for the 2 cores if it ran inside `npm test`.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'security-mutations',
    root: resolve(import.meta.dirname, '../../..'),
    include: ['test/unit/security/mutations.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 320_000,
  },
});
