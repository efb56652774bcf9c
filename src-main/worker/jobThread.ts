// The thread side of worker/job.ts: runs the work and posts its progress, then its result or
// its failure (a DeskError keeps its code).
import { parentPort } from 'node:worker_threads';
import { DeskError } from '../ipc/define';
import type { JobMessage } from './job';

export function jobThread<P, R>(work: (progress: (p: P) => void) => R | Promise<R>): void {
  const post = (m: JobMessage<P, R>) => parentPort!.postMessage(m);
  Promise.resolve()
    .then(() => work((progress) => post({ type: 'progress', progress })))
    .then(
      (result) => post({ type: 'done', result }),
      (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e), deskCode: e instanceof DeskError ? e.code : null }),
    );
}
