// The migration worker thread: brings one workspace file up to SCHEMA_VERSION on its own
// read-write connection, so the ledger rebuild of migration 006 never blocks main (DESIGN §8)
// and main can pass its progress to the window while it runs. migrate() still commits one
// transaction per migration: a worker killed mid-rebuild leaves the older schema, intact.
// Started by workspace/migrateAsync.ts; built as out/main/migrateWorker.js (electron.vite.config.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrations';
import { DeskError, type ErrorCode } from '../ipc/define';

export type MigrateWorkerMessage =
  | { type: 'progress'; migration: string; done: number; total: number }
  | { type: 'done'; from: number; to: number }
  /** deskCode: the DeskError's code (a newer schema is 'conflict'); null for any other failure. */
  | { type: 'failed'; message: string; deskCode: ErrorCode | null };

const post = (m: MigrateWorkerMessage) => parentPort!.postMessage(m);

try {
  const db = openDatabase((workerData as { file: string }).file);
  try {
    const result = migrate(db, undefined, (p) => post({ type: 'progress', ...p }));
    post({ type: 'done', ...result });
  } finally {
    db.close();
  }
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e), deskCode: e instanceof DeskError ? e.code : null });
}
