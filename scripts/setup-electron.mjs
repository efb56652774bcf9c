// Run before `npm start` / `npm run dev`: makes sure Electron's binary is there.
//
// `npm ci` does not run electron's postinstall (package.json allowScripts denies it), so
// that installs work where Electron's download host is unreachable; tests and the build
// never need the binary. On a machine with internet this fetches it once.
//
// Native modules need no rebuild to start the app: better-sqlite3 13 and keytar 7 are
// N-API modules, whose binaries load in Node and in Electron alike. So the modules that
// `npm ci` built for Node stay as they are, and `npm test` keeps working after a start.
// electron-builder rebuilds them inside the packaged app only (electron-builder.yml).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function binaryPresent() {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

if (!binaryPresent()) {
  console.log('Refund Desk: downloading the Electron binary (once) …');
  try {
    execFileSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
  } catch {
    console.error(
      '\nElectron\'s binary could not be downloaded (no internet, or its download host is blocked).\n' +
        'The build and the tests do not need it. To run the app, on a machine with internet run:\n' +
        '  node node_modules/electron/install.js\n' +
        'or point ELECTRON_MIRROR at a reachable mirror first.',
    );
    process.exit(1);
  }
}
if (!binaryPresent()) {
  console.error('Electron\'s install script ran but no binary is in node_modules/electron/dist.');
  process.exit(1);
}
