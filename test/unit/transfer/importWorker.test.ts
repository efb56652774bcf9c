// A history file's import commits in a worker thread of its own (issue 20): the same report
// and the same rows as on the calling thread, the progress relayed, a refusal in the same
// words, and the main thread's own CPU time a small part of what importing inline costs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransferOps } from '../../../src-main/transfer/ops';
import { handlerContext } from '../../support/contexts';
import { threadCpuMs } from '../../support/cpu';
import { tempDb, type TempDb } from '../../support/db';
import { rcBody } from '../../support/rcEvents';
import { auditRecords, eventCount } from '../../support/read';

const dbs: TempDb[] = [];
afterEach(() => dbs.splice(0).forEach((t) => t.close()));

function workspace(): TempDb {
  const t = tempDb();
  dbs.push(t);
  return t;
}

describe('imports off the main thread', () => {
  it('commits the same rows in the worker as inline, relays progress, and leaves main nearly idle', async () => {
    const inlineWs = workspace();
    const file = join(inlineWs.dir, 'rc.jsonl');
    writeFileSync(file, Array.from({ length: 4000 }, (_, i) => JSON.stringify(rcBody(i))).join('\n') + '\n');
    const inline = await threadCpuMs(() => createTransferOps({ db: inlineWs.db, userDataDir: inlineWs.dir }).commitImport(file, handlerContext()));

    const t = workspace();
    const ctx = handlerContext();
    const ops = createTransferOps({ db: t.db, userDataDir: t.dir, importOffMain: true });
    const worker = await threadCpuMs(() => ops.commitImport(file, ctx));
    expect(worker.value).toEqual(inline.value);
    expect(worker.value.inserted).toBe(4000);
    expect(eventCount(t.db)).toBe(eventCount(inlineWs.db));
    const progress = ctx.emitted.filter((e) => e.name === 'onImportProgress').map((e) => e.payload as { bytesRead: number; totalBytes: number });
    expect(progress.at(-1)).toMatchObject({ bytesRead: progress.at(-1)!.totalBytes });
    expect(auditRecords(t.db, 'transfer.import').map((a) => a.result)).toEqual(['ok']);
    expect(worker.ms).toBeLessThan(inline.ms / 5);
  });

  it('refuses a file in the worker in the inline words, and writes nothing', async () => {
    const t = workspace();
    const file = join(t.dir, 'blank.jsonl');
    writeFileSync(file, '\n\n');
    const inline = await createTransferOps({ db: t.db, userDataDir: t.dir }).commitImport(file, handlerContext()).catch((e: unknown) => e);
    const worker = await createTransferOps({ db: t.db, userDataDir: t.dir, importOffMain: true }).commitImport(file, handlerContext()).catch((e: unknown) => e);
    expect(worker).toMatchObject({ code: 'invalid_input', message: (inline as Error).message });
    expect(eventCount(t.db)).toBe(0);
    expect(auditRecords(t.db, 'transfer.import').map((a) => a.result)).toEqual(['failed', 'failed']);
  });
});
