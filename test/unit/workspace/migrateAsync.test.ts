// Pending migrations run in a worker thread at start-up (workspace/migrateAsync.ts): a
// real schema-5 workspace migrates there, its progress arrives in order, main stays free,
// and a worker killed mid-rebuild leaves the file at schema 5, so the next start migrates again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/connection';
import { paymentsOfCustomer } from '../../../src-main/db/ledger';
import { SCHEMA_VERSION, schemaVersion } from '../../../src-main/db/migrations';
import { workspaceFile } from '../../../src-main/workspace';
import { migrateCurrentWorkspace, migrateWorkspaceFile } from '../../../src-main/workspace/migrateAsync';
import { LEGACY_TEAM, seedLegacyWorkspace } from '../../support/legacyWorkspace';

type Progress = { migration: string; done: number; total: number };
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rd-migasync-'));
  file = workspaceFile(dir, LEGACY_TEAM.id);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The file's schema and payments as a fresh connection reads them. */
function inspect(): { version: number; integrity: string; payments: number | null } {
  const db = openDatabase(file);
  try {
    const version = schemaVersion(db);
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    return { version, integrity, payments: version >= 6 ? paymentsOfCustomer(db, 1).length : null };
  } finally {
    db.close();
  }
}

describe('migrateWorkspaceFile (worker thread)', () => {
  it('migrates a schema-5 workspace to the current schema, progress 0..N in order', async () => {
    seedLegacyWorkspace(dir, 2500);
    const progress: Progress[] = [];
    const result = await migrateWorkspaceFile(file, (p) => progress.push(p));
    expect(result).toEqual({ from: 5, to: SCHEMA_VERSION });
    // 2,500 purchases + 500 refunds, rebuilt in pages of 2,000
    expect(progress).toEqual([
      { migration: 'ledger', done: 0, total: 3000 },
      { migration: 'ledger', done: 2000, total: 3000 },
      { migration: 'ledger', done: 3000, total: 3000 },
    ]);
    expect(inspect()).toEqual({ version: SCHEMA_VERSION, integrity: 'ok', payments: 2500 });
  });

  it('keeps the main thread responsive while the rebuild runs', async () => {
    seedLegacyWorkspace(dir, 30_000);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 10);
    const started = performance.now();
    const done: number[] = [];
    try {
      await migrateWorkspaceFile(file, (p) => done.push(p.done));
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    const worstGap = Math.max(...gaps);
    console.info(`[migrateAsync] 36,000 money events migrated in ${Math.round(took)} ms; ${ticks.length} ticks, worst gap ${Math.round(worstGap)} ms`);
    expect(done).toEqual(Array.from({ length: 19 }, (_, i) => i * 2000)); // 0, then 18 pages of 2,000
    // On main, the whole rebuild would be one gap; here main only waits for messages.
    expect(ticks.length).toBeGreaterThan(took / 10 / 4);
    expect(worstGap).toBeLessThan(Math.max(150, took / 3));
    expect(inspect().version).toBe(SCHEMA_VERSION);
  });

  it('a worker killed mid-rebuild leaves the file at schema 5, intact, and the next start migrates it', async () => {
    seedLegacyWorkspace(dir, 30_000);
    const stop = new AbortController();
    const seen: Progress[] = [];
    const killed = migrateWorkspaceFile(file, (p) => {
      seen.push(p);
      if (p.done > 0) stop.abort();
    }, { signal: stop.signal });
    await expect(killed).rejects.toThrow(/stopped; it runs again at the next start/);
    // The kill landed inside the ledger rebuild, not after it.
    expect(seen.at(-1)!.done).toBeLessThan(seen.at(-1)!.total);
    expect(inspect()).toEqual({ version: 5, integrity: 'ok', payments: null });

    const again: Progress[] = [];
    await migrateCurrentWorkspace(dir, (p) => again.push(p));
    expect(again[0]).toEqual({ migration: 'ledger', done: 0, total: 36_000 });
    expect(again.at(-1)).toEqual({ migration: 'ledger', done: 36_000, total: 36_000 });
    expect(inspect()).toEqual({ version: SCHEMA_VERSION, integrity: 'ok', payments: 30_000 });
  });

  it('starts no worker for a current file and refuses a newer schema in words', async () => {
    seedLegacyWorkspace(dir, 3);
    await migrateWorkspaceFile(file);
    const progress: Progress[] = [];
    expect(await migrateWorkspaceFile(file, (p) => progress.push(p))).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(progress).toEqual([]);
    const db = openDatabase(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(migrateWorkspaceFile(file)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/newer Refund Desk/) });
    expect(inspect().version).toBe(SCHEMA_VERSION + 1);
  });

  it('does nothing before the first run or for a listed workspace without a file', async () => {
    await expect(migrateCurrentWorkspace(dir)).resolves.toBeUndefined();
    seedLegacyWorkspace(dir, 1);
    rmSync(file);
    await expect(migrateCurrentWorkspace(dir)).resolves.toBeUndefined();
  });
});
