// Exports run in a worker thread with their own read-only connection (issue 20: no
// synchronous query may hold the main process; a whole 1M-purchase workspace took as long as
// it took). The worker's file must be the main thread's, line for line, and main's own CPU
// time for the call a small part of what writing it inline costs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { largeWorkspaceBatches } from '../../../src-main/demo/large';
import { createTransferOps } from '../../../src-main/transfer/ops';
import { createDbWorkerRunner, type DbWorkerRunner } from '../../../src-main/worker/runner';
import { handlerContext } from '../../support/contexts';
import { threadCpuMs } from '../../support/cpu';
import { auditRecords } from '../../support/read';
import { tempDb, type TempDb } from '../../support/db';

let t: TempDb | undefined;
let runner: DbWorkerRunner | undefined;
afterEach(async () => {
  await runner?.close();
  t?.close();
});

const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1);

describe('exports off the main thread', () => {
  it('writes the same workspace file in the worker, with main nearly idle meanwhile', async () => {
    t = tempDb();
    const now = Date.UTC(2026, 0, 1);
    for (const b of largeWorkspaceBatches({ purchases: 3000, now })) ingest(t.db, b, now);
    const ctx = handlerContext();
    const inline = await threadCpuMs(() => createTransferOps({ db: t!.db, userDataDir: t!.dir }).exportWorkspace(join(t!.dir, 'inline.jsonl'), ctx));
    runner = createDbWorkerRunner({ name: 'The export' });
    const ops = createTransferOps({ db: t.db, userDataDir: t.dir, exports: runner });
    await ops.exportCustomer(1, join(t.dir, 'warm.jsonl'), ctx); // the worker's start-up is not the export
    const worker = await threadCpuMs(() => ops.exportWorkspace(join(t!.dir, 'worker.jsonl'), ctx));
    expect(worker.value.lines).toBe(inline.value.lines);
    expect(worker.value.lines).toBeGreaterThan(15_000);
    expect(body(join(t.dir, 'worker.jsonl'))).toEqual(body(join(t.dir, 'inline.jsonl')));
    expect(worker.ms).toBeLessThan(inline.ms / 5);
    expect(auditRecords(t.db, 'transfer.exportWorkspace').map((a) => a.result)).toEqual(['ok', 'ok']);
  });

  it('writes a customer the same in the worker as inline', async () => {
    t = tempDb();
    const now = Date.UTC(2026, 0, 1);
    for (const b of largeWorkspaceBatches({ purchases: 40, now })) ingest(t.db, b, now);
    const ctx = handlerContext();
    runner = createDbWorkerRunner({ name: 'The export' });
    const inline = await createTransferOps({ db: t.db, userDataDir: t.dir }).exportCustomer(2, join(t.dir, 'a.jsonl'), ctx);
    const worker = await createTransferOps({ db: t.db, userDataDir: t.dir, exports: runner }).exportCustomer(2, join(t.dir, 'b.jsonl'), ctx);
    expect(worker.lines).toBe(inline.lines);
    expect(body(join(t.dir, 'b.jsonl'))).toEqual(body(join(t.dir, 'a.jsonl')));
  });
});
