// A history file's import in a worker thread of its own (worker/importWorker.ts), so that
// neither its batches nor its final COMMIT hold the main process (issue 20). Main relays the
// progress and gets the report, or the worker's refusal in the same words and code.
import { Worker } from 'node:worker_threads';
import type { CommitReport, ImportProgress } from '../db/import';
import { DeskError } from '../ipc/define';
import type { ImportWorkerData, ImportWorkerMessage } from '../worker/importWorker';
import { workerEntry } from '../worker/runner';

export function importInWorker(data: ImportWorkerData, onProgress?: (p: ImportProgress) => void): Promise<CommitReport> {
  return new Promise((resolve, reject) => {
    const entry = workerEntry(undefined, 'importWorker');
    const worker = new Worker(entry.file, { execArgv: entry.execArgv, workerData: data });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.report));
      else settle(() => reject(new DeskError(m.deskCode ?? 'internal', m.message)));
    });
    worker.on('error', (e) => settle(() => reject(new DeskError('internal', `The import stopped: ${e.message}`))));
    // A worker that ended without a word committed nothing: its transaction died with it.
    worker.on('exit', (code) => settle(() => reject(new DeskError('internal', `The import stopped (exit code ${code}); nothing was written.`))));
  });
}
