// kill -9 of a real child process while it refunds a Google Play order, at random points,
// including while the Google test server holds the request (Google performs it anyway,
// after the client is gone), then a "restart" (reconcileAll over the same workspace file
// until nothing is open, and the agent's second click where nothing was refunded).
// Every run must end with exactly one refund at the server and true intent statuses.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleAdapter, QuotaLimiter } from '../../../src-main/stores/google/index';
import { realClock } from '../../../src-main/stores/google/quota';
import type { GoogleTestServer } from '../../servers/google/server';
import { tempDb, type TempDb } from '../../support/db';
import { AGENT, ctx, drain, PACKAGE, purchaseIdOf, service, serviceAccount, startGoogle } from './fixtures';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(ROOT, 'test/support/googleRefundChild.ts');
const RUNS = 30;
/** Longer than any hold below: after it, a request Google held has been performed or never will be. */
const SETTLE_MS = 2500;
const MAX_HOLD_MS = 1500;

let server: GoogleTestServer;
let t: TempDb;
let saFile: string;
beforeAll(async () => {
  server = await startGoogle();
  t = tempDb();
  saFile = join(t.dir, 'sa.json');
  writeFileSync(saFile, serviceAccount().json, { mode: 0o600 });
});
afterAll(async () => {
  await server.close();
  t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runChild(purchaseId: number, killAfterMs: number): Promise<{ out: string; killedAt: number | null }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.file, server.rootUrl, server.tokenUrl, String(purchaseId), saFile, String(SETTLE_MS)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killedAt: number | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready') && killAfterMs >= 0) {
        const ms = killAfterMs;
        killAfterMs = -1;
        setTimeout(() => {
          if (child.exitCode == null) {
            killedAt = Date.now();
            child.kill('SIGKILL');
          }
        }, ms);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) ok({ out, killedAt: signal === 'SIGKILL' ? killedAt : null });
      else fail(new Error(`child exited ${code}: ${out} ${err}`));
    });
  });
}

describe('kill -9 during a Google refund, then restart', () => {
  it(`${RUNS} runs killed at random points, also while Google holds the request: one refund each, true statuses`, async () => {
    const adapter = createGoogleAdapter({
      credential: { store: 'google', serviceAccountJson: serviceAccount().json, packageName: PACKAGE },
      endpoint: { rootUrl: server.rootUrl, tokenUrl: server.tokenUrl },
      timeoutMs: 5000,
      settleMs: SETTLE_MS,
      quota: new QuotaLimiter(realClock),
    });
    const outcomes: Record<string, number> = {};
    let doubles = 0;
    let untrue = 0;
    for (let i = 0; i < RUNS; i++) {
      const { token, orderId } = server.account.addOneTime({ unitPriceMinor: 100 + i });
      await drain(t.db, adapter.refresh!([{ kind: 'google_purchase_token', value: token }], ctx()));
      const purchaseId = purchaseIdOf(t.db, 'google', token);
      const holdMs = 100 + Math.floor(Math.random() * (MAX_HOLD_MS - 100));
      let heldAt: number | null = null;
      server.faults.length = 0;
      server.faults.push({ fault: 'hold', match: `${orderId}:refund`, holdMs, duringHold: () => (heldAt = Date.now()) });
      const before = server.refundsPerformed;
      const child = await runChild(purchaseId, Math.floor(Math.random() * 2000));

      // restart: a new service over the same file settles what the dead process left
      const h = service(t.db, { google: adapter });
      const open = () => h.service.list({ paymentRef: orderId }).some((x) => ['pending', 'sent', 'unknown'].includes(x.status));
      for (const end = Date.now() + SETTLE_MS + 10_000; open() && Date.now() < end; ) {
        await h.service.reconcileAll(AGENT);
        if (open()) await sleep(250);
      }
      expect(open(), `run ${i}: an intent is still open`).toBe(false);
      let intents = h.service.list({ paymentRef: orderId });
      if (!intents.some((x) => x.status === 'succeeded')) {
        // nothing was refunded: the agent presses Refund again
        const again = await h.service.create({ purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
        expect(again.status, `run ${i}: ${again.message}`).toBe('succeeded');
        intents = h.service.list({ paymentRef: orderId });
      }
      await sleep(MAX_HOLD_MS); // any request still held at the server lands before counting
      const performed = server.refundsPerformed - before;
      const succeeded = intents.filter((x) => x.status === 'succeeded').length;
      if (performed > 1) doubles++;
      if (succeeded !== performed) untrue++;
      expect(performed, `run ${i}: refunds at the server`).toBe(1);
      expect(succeeded, `run ${i}: succeeded intents`).toBe(1);
      expect(server.account.order(orderId).state).toBe('REFUNDED');
      const held = heldAt as number | null;
      const stage =
        child.killedAt == null
          ? 'finished'
          : held == null || child.killedAt < held
            ? 'killed before Google got the request'
            : child.killedAt <= held + holdMs
              ? 'killed while Google held the request'
              : 'killed after Google refunded';
      outcomes[stage] = (outcomes[stage] ?? 0) + 1;
    }
    console.log(`Google kill -9 runs: ${RUNS}, doubles: ${doubles}, untrue final statuses: ${untrue}, ${JSON.stringify(outcomes)}`);
    expect(doubles).toBe(0);
    expect(untrue).toBe(0);
    expect(outcomes['killed while Google held the request'] ?? 0).toBeGreaterThan(0);
  }, 400_000);
});
