// Applies one mutation to a COPY of the sources (never to the tree) and runs the guards
// named for it there: vitest on the listed test files, and/or the Electronegativity gate.
// A mutation is caught when a guard that passes on the unmutated copy fails on the mutant.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Mutation } from './mutations';

export const projectDir = resolve(import.meta.dirname, '../../..');

/** What a copy needs to run the unit tests and the gate. node_modules is linked, not copied. */
const COPIED = [
  'src-main', 'src-renderer', 'scripts', 'test', 'resources', 'build', 'out/renderer', '.github',
  'electron-builder.yml', 'package.json', 'vitest.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json',
];

export interface GuardRun {
  guard: string;
  failed: boolean;
  ms: number;
  /** The tail of the output when the guard failed: what caught the mutation. */
  detail: string;
}

export function makeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rd-mutant-'));
  for (const item of COPIED) {
    if (existsSync(join(projectDir, item))) cpSync(join(projectDir, item), join(dir, item), { recursive: true });
  }
  symlinkSync(join(projectDir, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

export function removeCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Applies the text replacement; throws when the original text is gone (the mutation is stale). */
export function applyMutation(dir: string, m: Mutation): void {
  const file = join(dir, m.file);
  const text = readFileSync(file, 'utf8');
  const found = typeof m.from === 'string' ? text.includes(m.from) : m.from.test(text);
  if (!found) throw new Error(`mutation ${m.id}: ${m.file} no longer contains ${String(m.from)}; update test/unit/security/mutations.ts`);
  const next = typeof m.from === 'string' ? text.replace(m.from, () => m.to) : text.replace(m.from, m.to);
  if (next === text) throw new Error(`mutation ${m.id}: the replacement changed nothing`);
  writeFileSync(file, next);
}

/** The child must not think it runs inside this vitest worker. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|TINYPOOL|NODE_OPTIONS$)/.test(k)) env[k] = v;
  return { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };
}

function run(cwd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, out, ms: Date.now() - started });
    });
  });
}

const VITEST = join(projectDir, 'node_modules/vitest/vitest.mjs');
const TSX = join(projectDir, 'node_modules/tsx/dist/cli.mjs');

export async function runGuards(dir: string, guards: Mutation['guards']): Promise<GuardRun[]> {
  const runs: GuardRun[] = [];
  if (guards.tests?.length) {
    const r = await run(dir, [VITEST, 'run', '--project', 'unit', '--maxWorkers=1', '--no-file-parallelism', ...guards.tests], 120_000);
    const failedLines = r.out.split('\n').filter((l) => /FAIL|AssertionError|Error:|×/.test(l)).slice(0, 6).join('\n');
    runs.push({ guard: `tests: ${guards.tests.join(', ')}`, failed: r.code !== 0, ms: r.ms, detail: r.code !== 0 ? failedLines || r.out.slice(-600) : '' });
  }
  if (guards.gate) {
    const r = await run(dir, [TSX, join(dir, 'scripts/security-gate.ts'), '--root', dir], 120_000);
    const blocked = r.out.split('\n').filter((l) => l.startsWith('BLOCK')).map((l) => l.split(/\s+/).slice(1, 3).join(' '));
    runs.push({ guard: 'gate', failed: r.code !== 0, ms: r.ms, detail: r.code !== 0 ? (blocked.join('; ') || r.out.slice(-400)) : '' });
  }
  return runs;
}

/** Runs `task` over `items` with at most `limit` at a time (2 cores, shared). */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
