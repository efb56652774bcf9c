// The Insights worker thread (DESIGN §8: no query may block the main process for more
// than 50 ms). It answers one request at a time over its own READ-ONLY connection to the
// workspace file: WAL lets it read the last committed state while main keeps writing.
// Built as out/main/insightsWorker.js (electron.vite.config.ts); run from source in tests.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { InsightsQuery } from '../ipc/channels/insights';
import { computeInsights } from './compute';
import type { WorkerReply, WorkerRequest } from './protocol';

let open: { file: string; db: Db } | null = null;

function connection(file: string): Db {
  if (open?.file === file && open.db.open) return open.db;
  open?.db.close();
  // fileMustExist: a workspace that vanished is an error, not a new empty database.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // A checkpoint by main may hold a lock for a moment; wait instead of failing at once.
  db.pragma('busy_timeout = 5000');
  // Same bound as main's connection (connection.ts): reports stay inside the memory budget.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  open = { file, db };
  return db;
}

function answer(req: WorkerRequest): WorkerReply {
  try {
    const value = computeInsights(connection(req.file), req.query as InsightsQuery, req.now);
    return { id: req.id, ok: true, value };
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    return { id: req.id, ok: false, message: String(err.message ?? e), sqliteCode: typeof err.code === 'string' ? err.code : null };
  }
}

parentPort!.on('message', (req: WorkerRequest) => parentPort!.postMessage(answer(req)));
