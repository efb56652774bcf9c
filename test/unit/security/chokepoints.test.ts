// Rules that hold across files, checked on the sources: links leave the app only through
// links.ts, the Electron version stays a supported one, and the app loads no remote page.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|vue)$/.test(e.name) ? [path] : [];
  });
}

/**
 * The oldest Electron major this app may ship with. Electron supports the latest three
 * majors (electronjs.org/docs/latest/tutorial/electron-timelines); raise this floor when
 * upgrading, never lower it.
 */
const ELECTRON_FLOOR = 45;

describe('chokepoints', () => {
  it('shell.openExternal is called only in src-main/shell/links.ts', () => {
    // shell.openExternal(…), shell['openExternal'], or `const { openExternal } = shell`.
    const direct = /\bshell\s*(\.\s*openExternal\b|\[\s*['"`]openExternal)|\{[^}]*\bopenExternal\b[^}]*\}\s*=\s*shell\b/;
    const offenders = [...sources('src-main'), ...sources('src-renderer')]
      .filter((f) => f !== join('src-main', 'shell', 'links.ts'))
      .filter((f) => direct.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders.map((f) => relative('.', f))).toEqual([]);
  });

  it('the Electron entry hands main\'s native refund confirmation to the services', () => {
    // Plain-Node hosts (tests, the e2e host) may omit confirmRefund; the app must not.
    const entry = readFileSync(join(root, 'src-main/shell/main.ts'), 'utf8');
    expect(entry).toMatch(/createServices\(\{[\s\S]*\bconfirmRefund: createConfirmDialog\(dialog, \(\) => mainWindow\)/);
  });

  it('Electron is a supported major, and the installed one matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const range = pkg.devDependencies['electron'] ?? '';
    const major = Number(/^\D*(\d+)/.exec(range)?.[1]);
    expect(major, `electron ${range}`).toBeGreaterThanOrEqual(ELECTRON_FLOOR);
    const installed = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(Number(installed.split('.')[0])).toBe(major);
  });
});
