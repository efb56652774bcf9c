// kill -9 of a real child process mid-sync, then resume in-process: nothing lost, nothing doubled.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/connection';
import { migrate } from '../../../src-main/db/migrations';
import { createStripeAdapter } from '../../../src-main/stores/stripe';
import { createSyncEngine } from '../../../src-main/sync/engine';
import { tempDb, type TempDb } from '../../support/db';
import { generateRefundEvents, seedAccount, startStripeServer, type StripeTestServer } from '../../servers/stripe';
import { eventCount, eventRecords, syncCursor } from '../../support/read';

const CHILD = fileURLToPath(new URL('./fixtures/syncChild.ts', import.meta.url));
const ACCOUNT = 'stripe:default';
let server: StripeTestServer;
let t: TempDb;
afterEach(async () => {
  await server?.close();
  t?.close();
});

/** Starts the child and SIGKILLs it once the server has answered `afterRequests` more requests. */
async function runAndKill(file: string, afterRequests: number): Promise<'killed' | 'finished'> {
  const start = server.requests.length;
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(server.port), file, server.keys.secret], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (server.requests.length - start >= afterRequests) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 2);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`child failed (${code}): ${stderr}`));
    });
  });
}

function resume(file: string) {
  const db = openDatabase(file);
  migrate(db);
  const adapter = createStripeAdapter({
    credential: { store: 'stripe', secretKey: server.keys.secret },
    endpoint: { host: server.host, port: server.port, protocol: 'http' },
    account: ACCOUNT,
    pageSize: 20,
  });
  const engine = createSyncEngine({ db, adapters: () => new Map([[ACCOUNT, { store: 'stripe' as const, adapter }]]), emit: () => {} });
  return { db, engine };
}

const keys = (db: ReturnType<typeof openDatabase>) =>
  eventRecords(db).map((r) => r.dedupe_key).sort();

describe('kill -9 mid-sync', () => {
  it('resumes from the committed cursor with no lost or doubled events (backfill and events)', async () => {
    server = await startStripeServer();
    seedAccount(server.account);
    generateRefundEvents(server.account, 600, 10);
    server.setLatency(3);
    t = tempDb();
    t.db.close();
    // The same account synced at the same moments without a crash is the reference.
    const ref = tempDb();
    ref.db.close();
    const clean = resume(ref.file);

    // The kill lands at a random request of the run, never so late that the child could
    // finish first: the clean run of the same phase says how many requests it takes.
    const killPoint = async () => {
      const before = server.requests.length;
      await clean.engine.sync(ACCOUNT);
      const total = server.requests.length - before;
      expect(total).toBeGreaterThan(6);
      return 1 + Math.floor(Math.random() * (total - 4));
    };

    // 1. killed during the backfill, at a random point
    expect(await runAndKill(t.file, await killPoint())).toBe('killed');
    let r = resume(t.file);
    const mid = syncCursor(r.db, ACCOUNT);
    // Events and cursor commit together: any event on disk means a cursor to resume from.
    const written = eventCount(r.db);
    if (written > 0) expect(mid).toBeTruthy();
    expect((await r.engine.sync(ACCOUNT)).lastError).toBeNull();
    r.db.close();

    // 2. new refunds arrive; killed during the incremental events sync
    generateRefundEvents(server.account, 600, 10);
    expect(await runAndKill(t.file, await killPoint())).toBe('killed');
    r = resume(t.file);
    expect((await r.engine.sync(ACCOUNT)).lastError).toBeNull();
    const got = keys(r.db);
    r.db.close();

    const want = keys(clean.db);
    clean.db.close();
    ref.close();

    const gotSet = new Set(got);
    const lost = want.filter((k) => !gotSet.has(k));
    expect(lost.slice(0, 5), `lost ${lost.length}`).toEqual([]);
    expect(got).toEqual(want);
    const refunds = got.filter((k) => /^ledger:refund:stripe:re_[^:]+:succeeded$/.test(k));
    expect(refunds).toHaveLength(server.account.refunds.items.length);
    expect(new Set(got).size).toBe(got.length);
  }, 120_000);
});
