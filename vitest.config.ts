import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';

// Three projects: unit (plain Node: services, db, stores against local servers, the
// keychain, the IPC wrapper with electron mocked), renderer (components and Pinia
// stores with a typed fake of window.desk), e2e (Debian's chromium via playwright-core
// against the built renderer and the test host). Two cores: keep forks modest.
// test/unit/<x> mirrors src-main/<x> (db/import, sync, refunds, shell, preload, ipc...),
// so a source folder's tests are found beside its name. Three folders are cross-cutting
// on purpose and mirror no source folder: packaging (the built app, builder config, fuses,
// release workflow), security (chokepoints and mutations over many folders) and
// test/integration (the whole main side driven through IPC).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src-renderer/src') } },
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['test/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});
