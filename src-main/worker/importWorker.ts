// The import worker thread: commits one history file into the workspace on its own
// read-write connection (issue 20: the import's batches and its one large COMMIT held the
// main thread, 136 ms at worst for 20,000 events). The file is still one transaction: a worker
// stopped mid-file commits nothing. Progress goes to main at most every 100 ms.
// Started by transfer/importAsync.ts; built as out/main/importWorker.js (electron.vite.config.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { commitImport, type CommitReport, type ImportProgress } from '../db/import';
import { DeskError, type ErrorCode } from '../ipc/define';

export interface ImportWorkerData {
  /** The workspace database. */
  dbFile: string;
  /** The history file, checked by the caller. */
  file: string;
  now: number;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; report: CommitReport }
  /** deskCode: the DeskError's code (a refused file is 'invalid_input'); null for any other failure. */
  | { type: 'failed'; message: string; deskCode: ErrorCode | null };

const post = (m: ImportWorkerMessage) => parentPort!.postMessage(m);

async function run({ dbFile, file, now }: ImportWorkerData): Promise<void> {
  const db = openDatabase(dbFile);
  let last = 0;
  try {
    const report = await commitImport(
      db,
      file,
      (p) => {
        const t = Date.now();
        if (t - last < 100 && p.bytesRead < p.totalBytes) return;
        last = t;
        post({ type: 'progress', progress: p });
      },
      now,
    );
    post({ type: 'done', report });
  } finally {
    db.close();
  }
}

run(workerData as ImportWorkerData).catch((e: unknown) =>
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e), deskCode: e instanceof DeskError ? e.code : null }),
);
