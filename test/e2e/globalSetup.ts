// The e2e project loads the BUILT renderer. CI builds before testing; a developer who
// runs `npm test` on a fresh checkout gets the build done here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup() {
  const root = resolve(import.meta.dirname, '../..');
  if (!existsSync(resolve(root, 'out/renderer/index.html'))) {
    execFileSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  if (!existsSync(process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium')) {
    throw new Error('e2e tests need Debian\'s chromium at /usr/bin/chromium (apt-get install chromium), or CHROMIUM_PATH.');
  }
}
