// Runs Insights off the main thread (DESIGN §8: no synchronous query may block the main
// process for more than 50 ms; a year of a large workspace takes seconds). Main only posts
// a message and awaits the answer of one long-lived worker thread, which has its own
// read-only connection to the workspace file. An in-memory database has no file another
// connection could open, so it is computed inline (tests and throwaway workspaces only).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/connection';
import type { InsightsDto, InsightsQuery } from '../ipc/channels/insights';
import { DeskError } from '../ipc/define';
import { computeInsights } from './compute';
import type { WorkerReply, WorkerRequest } from './protocol';

export interface InsightsRunner {
  /** Every series for one query, computed in the worker (inline for an in-memory database). */
  compute(db: Db, query: InsightsQuery): Promise<InsightsDto>;
  /** Ends the worker; requests still waiting are refused. Safe to call twice. */
  close(): Promise<void>;
}

export interface InsightsRunnerOptions {
  /** A request not answered by then is refused and the worker restarted. */
  timeoutMs?: number;
  /** Compute on the calling thread, always (for comparisons in tests). */
  inline?: boolean;
}

interface Pending {
  resolve(dto: InsightsDto): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Where the worker's code is: next to this module when it runs from source (tsx, vitest),
 * else the built entry out/main/insightsWorker.js, which sits beside the bundle that
 * holds this code (index.js) or one folder up from a shared chunk.
 */
export function workerEntry(here = import.meta.url): { file: string; execArgv: string[] } {
  if (here.endsWith('.ts')) return { file: fileURLToPath(new URL('./insightsWorker.ts', here)), execArgv: ['--import', 'tsx'] };
  const names = ['./insightsWorker.js', '../insightsWorker.js'];
  const found = names.map((n) => fileURLToPath(new URL(n, here))).find((f) => existsSync(f));
  if (!found) throw new DeskError('internal', 'Insights cannot start: insightsWorker.js is missing from the build.');
  return { file: found, execArgv: [] };
}

/** True when the handle has no file a second connection could open. */
export function isInMemory(db: Db): boolean {
  return db.memory || db.name === '' || db.name === ':memory:';
}

export function createInsightsRunner(options: InsightsRunnerOptions = {}): InsightsRunner {
  const timeoutMs = options.timeoutMs ?? 30_000;
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
      else p.reject(new DeskError('internal', `Insights could not be computed: ${reply.message}`, reply.sqliteCode === 'SQLITE_BUSY'));
    });
    w.on('error', (e) => drop(w, new DeskError('internal', `Insights stopped: ${e.message}`, true)));
    w.on('exit', (code) => drop(w, new DeskError('internal', `Insights stopped (exit code ${code}).`, true)));
    return w;
  }

  return {
    compute(db, query) {
      if (closed) return Promise.reject(new DeskError('internal', 'Insights is closed.'));
      if (options.inline || isInMemory(db)) {
        try {
          return Promise.resolve(computeInsights(db, query));
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
      return new Promise<InsightsDto>((resolve, reject) => {
        const timer = setTimeout(() => {
          // The worker is still inside SQLite and would hold every later request: restart it.
          drop(w, new DeskError('internal', `Insights took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; try a shorter period.`, true));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        // An idle worker must not keep the process alive; a busy one must.
        w.ref();
        const req: WorkerRequest = { id, file: db.name, query, now: Date.now() };
        w.postMessage(req);
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      failAll(new DeskError('internal', 'Insights is closed.'));
      if (w) await w.terminate();
    },
  };
}
