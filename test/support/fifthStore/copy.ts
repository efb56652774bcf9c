// Builds a copy of src-main with a fifth store added the way issue 19 promises: its folder,
// one import and one table line in stores/registry.ts, one STORE_PROFILES entry. Nothing
// else is edited, so if the copy type-checks and runs, no other file needed a change.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** Inside the repo (gitignored), so node_modules resolves from the copy. */
export const COPIES = join(ROOT, '.fifth-store');
const FIXTURE = import.meta.dirname;

/** Inserts `text` above the one line that holds `anchor`; throws when the anchor is missing or repeated. */
function insertAt(file: string, anchor: string, text: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(anchor) ? [i] : []));
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} lines hold "${anchor}", want 1`);
  lines.splice(hits[0]!, 0, text.replace(/\n$/, ''));
  writeFileSync(file, lines.join('\n'));
}

/** The registry's two lines for the fake store; the proof's whole edit of registry.ts. */
export const REGISTRY_IMPORT = "import { createFakeAdapter } from './fake';";
export const REGISTRY_LINE = '  fake: (credential, deps) => createFakeAdapter(credential, deps),';

/** A fresh copy at .fifth-store/<name>; `registryLine: false` leaves the table line out. */
export function makeCopy(name: string, opts: { registryLine?: boolean } = {}): string {
  const dir = join(COPIES, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'src-main'), join(dir, 'src-main'), { recursive: true });
  // the folder
  mkdirSync(join(dir, 'src-main/stores/fake'));
  cpSync(join(FIXTURE, 'fake/index.ts.txt'), join(dir, 'src-main/stores/fake/index.ts'));
  // the profile entry
  insertAt(join(dir, 'src-main/domain/profiles.ts'), 'ANCHOR: store profiles', readFileSync(join(FIXTURE, 'profile.txt'), 'utf8'));
  // the registry: one import, one table line
  const registry = join(dir, 'src-main/stores/registry.ts');
  insertAt(registry, 'ANCHOR: store imports', REGISTRY_IMPORT);
  if (opts.registryLine !== false) insertAt(registry, 'ANCHOR: store adapters', REGISTRY_LINE);
  return dir;
}

/** tsc over the copy (all of src-main, or only `files` and what they import); '' when clean. */
export function typecheckCopy(dir: string, files?: string[]): string {
  const where = files ? { files } : { include: ['src-main/**/*.ts'] };
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { lib: ['ES2023'], types: ['node'], noEmit: true, incremental: false }, ...where }),
  );
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', cwd: ROOT });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout || err);
  }
}
