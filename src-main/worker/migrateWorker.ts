// The migration worker thread: brings one workspace file up to SCHEMA_VERSION on its own
// read-write connection, so the ledger rebuild of migration 006 never blocks main (DESIGN §8)
// and main can pass its progress to the window while it runs. migrate() still commits one
// transaction per migration: a worker killed mid-rebuild leaves the older schema, intact.
// Started by workspace/migrateAsync.ts; built as out/main/migrateWorker.js (electron.vite.config.ts).
import { workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrations';
import type { MigrationProgress } from '../db/migrations';
import { jobThread } from './jobThread';

/** What a migration step reports: MigrationProgress's argument. */
export type MigrateStep = Parameters<MigrationProgress>[0];

jobThread<MigrateStep, { from: number; to: number }>((progress) => {
  const db = openDatabase((workerData as { file: string }).file);
  try {
    return migrate(db, undefined, progress);
  } finally {
    db.close();
  }
});
