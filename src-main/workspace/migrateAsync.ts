// Pending migrations at start-up, off the main thread. Migration 006 rebuilds the ledger
// from every stored money event; run on main, it would block the window (DESIGN §8) and
// hold back every progress event until it ended. Here a worker thread migrates the file on
// its own connection and main only relays its progress; createServices then finds the
// schema current. Plain Node: shell/main.ts calls it, tests run it with the real worker.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, type MigrationProgress } from '../db/migrations';
import { runJob } from '../worker/job';
import type { MigrateStep } from '../worker/migrateWorker';
import { readWorkspaceList, workspaceFile } from './index';

export interface MigrateFileOptions {
  /** Aborting stops the worker at once; its open transaction is never committed. */
  signal?: AbortSignal;
}

/** The schema version in the file's header, read without writing anything. */
function fileSchemaVersion(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/**
 * Brings the workspace file up to SCHEMA_VERSION in a worker thread, one transaction per
 * migration, and reports the long steps' progress. Resolves at once when the file is current;
 * a file from a newer app is refused in words (migrate()'s DeskError 'conflict').
 */
export function migrateWorkspaceFile(file: string, onProgress?: MigrationProgress, options: MigrateFileOptions = {}): Promise<{ from: number; to: number }> {
  let from: number;
  try {
    from = fileSchemaVersion(file);
  } catch (e) {
    return Promise.reject(e);
  }
  // A newer schema goes to the worker too: migrate() refuses it there, in its own words.
  if (from === SCHEMA_VERSION) return Promise.resolve({ from, to: from });
  return runJob<MigrateStep, { from: number; to: number }>('migrateWorker', { file }, {
    onProgress,
    signal: options.signal,
    words: {
      failed: (message) => `The workspace could not be brought up to date: ${message}`,
      stopped: (code) => `The workspace update stopped (exit code ${code}); it runs again at the next start.`,
      aborted: 'The workspace update was stopped; it runs again at the next start.',
    },
  });
}

/**
 * Migrates the current workspace of `dataDir` before createServices opens it. Nothing to do
 * before the first run or for a demo not yet created (createServices writes both, current).
 * A damaged workspace list throws, as openCurrentWorkspace would.
 */
export async function migrateCurrentWorkspace(dataDir: string, onProgress?: MigrationProgress, options: MigrateFileOptions = {}): Promise<void> {
  const list = readWorkspaceList(dataDir);
  const file = list && workspaceFile(dataDir, list.current);
  if (!file || !existsSync(file)) return;
  await migrateWorkspaceFile(file, onProgress, options);
}
