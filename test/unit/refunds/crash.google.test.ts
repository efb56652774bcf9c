// kill -9 of a real child process while it refunds a Google Play order, at random points,
// including while the Google test server holds the request (Google performs it anyway,
// after the client is gone), then a "restart" (reconcileAll over the same workspace file
// until nothing is open, and the agent's second click where nothing was refunded).
// Every run must end with exactly one refund at the server and true intent statuses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleAdapter, QuotaLimiter } from '../../../src-main/stores/google/index';
import { realClock } from '../../../src-main/stores/google/quota';
import type { GoogleTestServer } from '../../servers/google/server';
import { tempDb, type TempDb } from '../../support/db';
import { runRefundChild } from '../../support/killChild';
import { ctx, ingestRun, PACKAGE, purchaseIdOf, service, serviceAccount, settleAfterRestart, startGoogle } from './fixtures';

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
      await ingestRun(t.db, adapter.refresh!([{ kind: 'google_purchase_token', value: token }], ctx()));
      const purchaseId = purchaseIdOf(t.db, 'google', token);
      const holdMs = 100 + Math.floor(Math.random() * (MAX_HOLD_MS - 100));
      let heldAt: number | null = null;
      server.faults.length = 0;
      server.faults.push({ fault: 'hold', match: `${orderId}:refund`, holdMs, duringHold: () => (heldAt = Date.now()) });
      const before = server.refundsPerformed;
      const child = await runRefundChild([t.file, String(purchaseId), 'google', server.rootUrl, server.tokenUrl, saFile, String(SETTLE_MS)], Math.floor(Math.random() * 2000));

      // restart: a new service over the same file settles what the dead process left
      const h = service(t.db, { google: adapter });
      const intents = await settleAfterRestart(h, { paymentRef: orderId, purchaseId, label: `run ${i}` }, { deadlineMs: SETTLE_MS + 10_000, pollMs: 250 });
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
