// The import worker thread: commits one history file into the workspace on its own
// read-write connection (issue 20: the import's batches and its one large COMMIT held the
// main thread, 136 ms at worst for 20,000 events). The file is still one transaction: a worker
// stopped mid-file commits nothing. Progress goes to main at most every 100 ms.
// Started by transfer/importAsync.ts; built as out/main/importWorker.js (electron.vite.config.ts).
import { workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { commitImport, throttledProgress, type CommitReport, type ImportProgress } from '../db/import';
import { jobThread } from './jobThread';

export interface ImportWorkerData {
  /** The workspace database. */
  dbFile: string;
  /** The history file, checked by the caller. */
  file: string;
  now: number;
}

jobThread<ImportProgress, CommitReport>(async (progress) => {
  const { dbFile, file, now } = workerData as ImportWorkerData;
  const db = openDatabase(dbFile);
  try {
    return await commitImport(db, file, throttledProgress(progress), now);
  } finally {
    db.close();
  }
});
