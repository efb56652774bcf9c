// Runs reads off the main thread (DESIGN §8: no synchronous query may block the main
// process; issue 20: not for more than 16 ms). Main only posts a message and awaits the
// answer of one long-lived worker thread (dbWorker.ts), which has its own read-only
// connection to the workspace file. An in-memory database has no file another connection
// could open, so its tasks run inline (tests and throwaway workspaces only).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/connection';
import { DeskError } from '../ipc/define';
import { TASKS, type TaskArgs, type TaskName, type TaskResult, type WorkerReply, type WorkerRequest } from './tasks';

export interface DbWorkerRunner {
  /** One task over `db`'s file, in the worker (inline for an in-memory database). */
  run<K extends TaskName>(db: Db, task: K, args: TaskArgs<K>): Promise<TaskResult<K>>;
  /** Ends the worker; requests still waiting are refused. Safe to call twice. */
  close(): Promise<void>;
}

export interface DbWorkerOptions {
  /** What the agent calls this work, for error messages ("Insights", "Search"). */
  name: string;
  /** A request not answered by then is refused and the worker restarted. */
  timeoutMs?: number;
  /** Run on the calling thread, always (for comparisons in tests). */
  inline?: boolean;
  /** The refusal of a request that ran out of time. */
  tooLong?: (seconds: number) => string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Where a worker's code is (dbWorker by default): next to this module when it runs from source (tsx, vitest),
 * else the built entry out/main/dbWorker.js, which sits beside the bundle that holds this
 * code (index.js) or one folder up from a shared chunk.
 */
export function workerEntry(here = import.meta.url, worker: 'dbWorker' | 'migrateWorker' | 'importWorker' = 'dbWorker'): { file: string; execArgv: string[] } {
  if (here.endsWith('.ts')) return { file: fileURLToPath(new URL(`./${worker}.ts`, here)), execArgv: ['--import', 'tsx'] };
  const names = [`./${worker}.js`, `../${worker}.js`];
  const found = names.map((n) => fileURLToPath(new URL(n, here))).find((f) => existsSync(f));
  if (!found) throw new DeskError('internal', `The database worker cannot start: ${worker}.js is missing from the build.`);
  return { file: found, execArgv: [] };
}

/** True when the handle has no file a second connection could open. */
export function isInMemory(db: Db): boolean {
  return db.memory || db.name === '' || db.name === ':memory:';
}

export function createDbWorkerRunner(options: DbWorkerOptions): DbWorkerRunner {
  const { name } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const tooLong = options.tooLong ?? ((s: number) => `${name} took longer than ${s} s and was stopped.`);
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;

  function failAll(error: Error): void {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  }

  function drop(w: Worker, error: Error): void {
    if (worker !== w) return;
    worker = null;
    failAll(error);
    void w.terminate();
  }

  function start(): Worker {
    const entry = workerEntry();
    const w = new Worker(entry.file, { execArgv: entry.execArgv });
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      clearTimeout(p.timer);
      if (!pending.size) w.unref();
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new DeskError('internal', `${name} could not be computed: ${reply.message}`, reply.sqliteCode === 'SQLITE_BUSY'));
    });
    w.on('error', (e) => drop(w, new DeskError('internal', `${name} stopped: ${e.message}`, true)));
    w.on('exit', (code) => drop(w, new DeskError('internal', `${name} stopped (exit code ${code}).`, true)));
    return w;
  }

  return {
    run(db, task, args) {
      if (closed) return Promise.reject(new DeskError('internal', `${name} is closed.`));
      if (options.inline || isInMemory(db)) {
        try {
          return Promise.resolve((TASKS[task] as (db: Db, a: unknown) => never)(db, args));
        } catch (e) {
          return Promise.reject(e);
        }
      }
      let w: Worker;
      try {
        w = worker ??= start();
      } catch (e) {
        return Promise.reject(e);
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          // The worker is still inside SQLite and would hold every later request: restart it.
          drop(w, new DeskError('internal', tooLong(Math.round(timeoutMs / 1000)), true));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        // An idle worker must not keep the process alive; a busy one must.
        w.ref();
        const req: WorkerRequest = { id, file: db.name, task, args };
        w.postMessage(req);
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      failAll(new DeskError('internal', `${name} is closed.`));
      if (w) await w.terminate();
    },
  };
}
