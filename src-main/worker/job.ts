// One piece of work in a worker thread of its own, reporting progress and ending once: the
// start-up migrations (workspace/migrateAsync.ts) and a history file's import
// (transfer/importAsync.ts). The thread runs jobThread.ts; main relays the progress and gets
// the result, or the failure with its DeskError code kept.
import { Worker } from 'node:worker_threads';
import { DeskError, type ErrorCode } from '../ipc/define';
import { workerEntry } from './runner';

export type JobMessage<P, R> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: R }
  /** deskCode: the DeskError's code (a refused file is 'invalid_input'); null for any other failure. */
  | { type: 'failed'; message: string; deskCode: ErrorCode | null };

export interface JobOptions<P> {
  onProgress?: (p: P) => void;
  /** Aborting stops the thread at once; its open transaction is never committed. */
  signal?: AbortSignal;
  /** The agent's words: a failure that is not a DeskError, a thread that ended without a word, an abort. */
  words: { failed(message: string): string; stopped(exitCode: number): string; aborted?: string };
}

export function runJob<P, R>(worker: 'migrateWorker' | 'importWorker', workerData: unknown, o: JobOptions<P>): Promise<R> {
  return new Promise((resolve, reject) => {
    const entry = workerEntry(undefined, worker);
    const thread = new Worker(entry.file, { execArgv: entry.execArgv, workerData });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', abort);
      fn();
    };
    // Settles once the thread is gone, so a caller never reopens the file under a live writer.
    const abort = () => settle(() => void thread.terminate().finally(() => reject(new DeskError('internal', o.words.aborted ?? 'Stopped.'))));
    if (o.signal?.aborted) return abort();
    o.signal?.addEventListener('abort', abort);
    thread.on('message', (m: JobMessage<P, R>) => {
      if (settled) return;
      if (m.type === 'progress') o.onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(new DeskError(m.deskCode ?? 'internal', m.deskCode ? m.message : o.words.failed(m.message))));
    });
    thread.on('error', (e) => settle(() => reject(new DeskError('internal', o.words.failed(e.message)))));
    thread.on('exit', (code) => settle(() => reject(new DeskError('internal', o.words.stopped(code)))));
  });
}
