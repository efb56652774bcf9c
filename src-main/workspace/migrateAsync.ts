// Pending migrations at start-up, off the main thread. Migration 006 rebuilds the ledger
// from every stored money event; run on main, it would block the window (DESIGN §8) and
// hold back every progress event until it ended. Here a worker thread migrates the file on
// its own connection and main only relays its progress; createServices then finds the
// schema current. Plain Node: shell/main.ts calls it, tests run it with the real worker.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, type MigrationProgress } from '../db/migrations';
import { DeskError } from '../ipc/define';
import { workerEntry } from '../worker/runner';
import type { MigrateWorkerMessage } from '../worker/migrateWorker';
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
  return new Promise((resolve, reject) => {
    const entry = workerEntry(undefined, 'migrateWorker');
    const worker = new Worker(entry.file, { execArgv: entry.execArgv, workerData: { file } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      fn();
    };
    // Settles once the thread is gone, so a caller never reopens the file under a live writer.
    const abort = () =>
      settle(() => void worker.terminate().finally(() => reject(new DeskError('internal', 'The workspace update was stopped; it runs again at the next start.'))));
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort);
    worker.on('message', (m: MigrateWorkerMessage) => {
      if (settled) return;
      if (m.type === 'progress') onProgress?.({ migration: m.migration, done: m.done, total: m.total });
      else if (m.type === 'done') settle(() => resolve({ from: m.from, to: m.to }));
      else settle(() => reject(new DeskError(m.deskCode ?? 'internal', m.deskCode ? m.message : `The workspace could not be brought up to date: ${m.message}`)));
    });
    worker.on('error', (e) => settle(() => reject(new DeskError('internal', `The workspace could not be brought up to date: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new DeskError('internal', `The workspace update stopped (exit code ${code}); it runs again at the next start.`))));
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
