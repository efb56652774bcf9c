// Mutation test of the security safeguards (issue 18): each mutation in mutations.ts is
// applied to its own copy of the sources, and the guards named for it must fail there,
// while the same guards pass on an unmutated copy. Two at a time: the machine has 2 cores.
// The table of what caught each mutation goes to test-results/security-mutations.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMutation, makeCopy, pool, projectDir, removeCopy, runGuards, type GuardRun } from './mutationRunner';
import { MUTATIONS, type Mutation } from './mutations';
import { ensureBuiltRenderer } from '../packaging/builtRenderer';

const PARALLEL = 2;
/** MUTATIONS=id,id runs only those (while working on one safeguard); the full list otherwise. */
const only = process.env['MUTATIONS']?.split(',').filter(Boolean);
const selected = only?.length ? MUTATIONS.filter((m) => only.includes(m.id)) : MUTATIONS;
const copies: string[] = [];

interface Outcome { m: Mutation; runs: GuardRun[]; error?: string }

describe('security mutations', () => {
  beforeAll(() => ensureBuiltRenderer(), 320_000);
  afterAll(() => copies.forEach(removeCopy));

  it('covers the 20 items of Electron\'s checklist and at least 35 mutations, each with a guard', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(MUTATIONS.map((m) => m.id)).size).toBe(MUTATIONS.length);
    const items = new Set(MUTATIONS.flatMap((m) => (m.checklist ? [m.checklist] : [])));
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const m of MUTATIONS) expect(m.guards.gate || (m.guards.tests?.length ?? 0) > 0, m.id).toBe(true);
  });

  it('every guard passes on an unmutated copy, and fails on each mutant', async () => {
    const baseline = makeCopy();
    copies.push(baseline);
    const tests = [...new Set(selected.flatMap((m) => m.guards.tests ?? []))];
    const clean = await runGuards(baseline, { tests, gate: selected.some((m) => m.guards.gate) });
    for (const r of clean) expect(r.failed, `${r.guard} fails on the unmutated copy:\n${r.detail}`).toBe(false);

    expect(selected.length, `MUTATIONS=${only?.join(',')} names no mutation`).toBeGreaterThan(0);
    const outcomes = await pool(selected, PARALLEL, async (m): Promise<Outcome> => {
      const dir = makeCopy();
      try {
        applyMutation(dir, m);
        return { m, runs: await runGuards(dir, m.guards) };
      } catch (err) {
        return { m, runs: [], error: err instanceof Error ? err.message : String(err) };
      } finally {
        removeCopy(dir);
      }
    });

    const lines = ['| mutation | checklist | what | caught by | ms |', '|---|---|---|---|---|'];
    for (const { m, runs, error } of outcomes) {
      const caught = runs.filter((r) => r.failed).map((r) => `${r.guard}${r.detail ? ` (${r.detail.split('\n')[0]!.trim().slice(0, 120)})` : ''}`);
      lines.push(`| ${m.id} | ${m.checklist ?? '-'} | ${m.what} | ${error ?? (caught.join('; ') || 'NOT CAUGHT')} | ${runs.reduce((s, r) => s + r.ms, 0)} |`);
    }
    mkdirSync(join(projectDir, 'test-results'), { recursive: true });
    if (!only?.length) writeFileSync(join(projectDir, 'test-results/security-mutations.md'), `${lines.join('\n')}\n`);
    else console.log(lines.join('\n'));

    for (const { m, runs, error } of outcomes) {
      expect.soft(error, `${m.id}: ${error}`).toBeUndefined();
      for (const r of runs) expect.soft(r.failed, `${m.id} (${m.what}) survived ${r.guard}`).toBe(true);
    }
  }, 600_000);
});
