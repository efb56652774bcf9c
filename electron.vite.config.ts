import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src-main/shell/csp';

/** Writes the CSP into index.html: strict in a build, with the dev server's websocket in dev. */
function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'refund-desk-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(html) {
      return html.replace('%CSP%', contentSecurityPolicy({ dev, meta: true }));
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/index.ts'),
          // Insights and search run in worker threads (DESIGN §8); worker/runner.ts finds it beside index.js.
          dbWorker: resolve(import.meta.dirname, 'src-main/worker/dbWorker.ts'),
          // Pending migrations run off the main thread at start-up (workspace/migrateAsync.ts).
          migrateWorker: resolve(import.meta.dirname, 'src-main/worker/migrateWorker.ts'),
          // A history file's import runs off the main thread (transfer/importAsync.ts).
          importWorker: resolve(import.meta.dirname, 'src-main/worker/importWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() anything but electron's renderer modules,
      // so it is one self-contained CommonJS file (zod and the contract bundled in).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src-renderer/src') } },
    plugins: [vue(), cspMeta()],
    build: {
      rollupOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
  },
});
