// A history file's import in a worker thread of its own (worker/importWorker.ts), so that
// neither its batches nor its final COMMIT hold the main process (issue 20). Main relays the
// progress and gets the report, or the worker's refusal in the same words and code.
import type { CommitReport, ImportProgress } from '../db/import';
import { runJob } from '../worker/job';
import type { ImportWorkerData } from '../worker/importWorker';

export function importInWorker(data: ImportWorkerData, onProgress?: (p: ImportProgress) => void): Promise<CommitReport> {
  return runJob<ImportProgress, CommitReport>('importWorker', data, {
    onProgress,
    words: {
      failed: (message) => message,
      // A worker that ended without a word committed nothing: its transaction died with it.
      stopped: (code) => `The import stopped (exit code ${code}); nothing was written.`,
    },
  });
}
