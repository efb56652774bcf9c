// Issue 19, "Done when": a fifth store is one folder, its registry lines and one
// STORE_PROFILES entry. A copy of src-main (inside the repo, so node_modules resolves) gets
// exactly those from test/support/fifthStore/ at the marked anchors and must type-check as
// it is: an exhaustive switch or a per-store table anywhere else fails the test.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const COPY = join(ROOT, '.fifth-store');
const FIXTURE = join(ROOT, 'test/support/fifthStore');

/** Inserts `text` above the one line that holds `anchor`. */
function insertAt(file: string, anchor: string, text: string): void {
  const src = readFileSync(file, 'utf8');
  const lines = src.split('\n');
  const at = lines.findIndex((l) => l.includes(anchor));
  expect(at, `${anchor} in ${file}`).toBeGreaterThanOrEqual(0);
  expect(lines.filter((l) => l.includes(anchor)), `one ${anchor}`).toHaveLength(1);
  lines.splice(at, 0, text.replace(/\n$/, ''));
  writeFileSync(file, lines.join('\n'));
}

afterAll(() => rmSync(COPY, { recursive: true, force: true }));

describe('a fifth store', () => {
  it('type-checks with one folder, the registry lines and one STORE_PROFILES entry, nothing else', () => {
    rmSync(COPY, { recursive: true, force: true });
    mkdirSync(COPY);
    cpSync(join(ROOT, 'src-main'), join(COPY, 'src-main'), { recursive: true });
    writeFileSync(
      join(COPY, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { lib: ['ES2023'], types: ['node'], noEmit: true, incremental: false }, include: ['src-main/**/*.ts'] }),
    );
    // the folder
    mkdirSync(join(COPY, 'src-main/stores/fake'));
    cpSync(join(FIXTURE, 'fake/index.ts.txt'), join(COPY, 'src-main/stores/fake/index.ts'));
    // the profile entry
    insertAt(join(COPY, 'src-main/domain/profiles.ts'), 'ANCHOR: store profiles', readFileSync(join(FIXTURE, 'profile.txt'), 'utf8'));
    // the registry: its factory's import and its case
    const registry = join(COPY, 'src-main/stores/registry.ts');
    insertAt(registry, 'ANCHOR: store imports', "import { createFakeAdapter } from './fake';");
    insertAt(registry, 'ANCHOR: store adapters', "    case 'fake': return createFakeAdapter(credential, '', now ?? Date.now);");
    expect(existsSync(join(COPY, 'src-main/stores/fake/index.ts'))).toBe(true);

    let out = '';
    let ok = true;
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(COPY, 'tsconfig.json')], { encoding: 'utf8', cwd: ROOT });
    } catch (err) {
      ok = false;
      out = String((err as { stdout?: string }).stdout ?? err);
    }
    // tsc's own words name every other file the new store would have to touch
    expect(out).toBe('');
    expect(ok).toBe(true);
  }, 400_000);
});
