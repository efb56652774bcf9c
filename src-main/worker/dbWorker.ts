// The database worker thread (DESIGN §8: no query may block the main process). It answers
// one request at a time over its own READ-ONLY connection to the workspace file: WAL lets
// it read the last committed state while main keeps writing. One runner (runner.ts) per
// kind of work starts its own copy, so a long report never delays a search.
// Built as out/main/dbWorker.js (electron.vite.config.ts); run from source in tests.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection';
import { TASKS, type WorkerReply, type WorkerRequest } from './tasks';

let open: { file: string; db: Db } | null = null;

function connection(file: string): Db {
  if (open?.file === file && open.db.open) return open.db;
  open?.db.close();
  // fileMustExist: a workspace that vanished is an error, not a new empty database.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // A checkpoint by main may hold a lock for a moment; wait instead of failing at once.
  db.pragma('busy_timeout = 5000');
  // Same bound as main's connection (connection.ts): reads stay inside the memory budget.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  open = { file, db };
  return db;
}

function answer(req: WorkerRequest): WorkerReply {
  try {
    const task = TASKS[req.task] as (db: Db, args: unknown) => unknown;
    return { id: req.id, ok: true, value: task(connection(req.file), req.args) };
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    return { id: req.id, ok: false, message: String(err.message ?? e), sqliteCode: typeof err.code === 'string' ? err.code : null };
  }
}

parentPort!.on('message', (req: WorkerRequest) => parentPort!.postMessage(answer(req)));
