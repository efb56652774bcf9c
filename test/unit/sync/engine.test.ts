// The sync engine against the Stripe test server: 429, 5xx budget, 31-day gap,
// malformed responses, offline, one run per account.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refundCharge, seedAccount } from '../../servers/stripe';
import { ACCOUNT, events, harness, type Harness } from '../stores/stripe/harness';
import { createAmazonAdapter } from '../../../src-main/stores/amazon';
import { createSyncEngine } from '../../../src-main/sync/engine';
import { FakeRvsServer, subscriptionReceipt } from '../../servers/amazon/server';
import { tempDb } from '../../support/db';
import { eventCount, purchases, syncCursor } from '../../support/read';

let h: Harness;
let seed: ReturnType<typeof seedAccount>;
const count = () => eventCount(h.t.db);
const cursorOf = () => syncCursor(h.t.db, ACCOUNT);

afterEach(() => h.close());

describe('sync engine', () => {
  beforeEach(async () => {
    h = await harness();
    seed = seedAccount(h.server.account);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    h.server.addFault({ fault: { kind: 'rate_limit', retryAfterSec: 1 }, path: '/v1/', times: 1 });
    const t0 = Date.now();
    const s = await h.engine.sync(ACCOUNT);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(s.lastError).toBeNull();
    expect(h.server.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(count()).toBeGreaterThan(0);
  });

  it('retries 5xx within a bounded budget and records the store words when it runs out', async () => {
    h.server.addFault({ fault: { kind: 'server_error' }, path: '/v1/events', times: 2 });
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    refundCharge(h.server.account, { charge: seed.payment.charge.id as string });
    h.server.addFault({ fault: { kind: 'server_error' }, path: '/v1/events', times: 1000 });
    const before = h.server.requests.length;
    const s = await h.engine.sync(ACCOUNT);
    expect(s.state).toBe('error');
    expect(s.lastError).toBe('An unknown error occurred');
    const tried = h.server.requests.length - before;
    expect(tried).toBeGreaterThan(1);
    expect(tried).toBeLessThanOrEqual(16); // adapter budget (4) × engine budget (4)
    expect(events(h.t, 'refund')).toHaveLength(0);
    h.server.clearFaults();
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    expect(events(h.t, 'refund')).toHaveLength(1);
  });

  it('reports a malformed response as a clear error and writes nothing for it', async () => {
    await h.engine.sync(ACCOUNT);
    refundCharge(h.server.account, { charge: seed.payment.charge.id as string });
    const before = count();
    const cursor = cursorOf();
    h.server.addFault({ fault: { kind: 'malformed' }, path: '/v1/events', times: 1 });
    const s = await h.engine.sync(ACCOUNT);
    expect(s.state).toBe('error');
    expect(s.lastError).toMatch(/not valid JSON/);
    expect(count()).toBe(before);
    expect(cursorOf()).toBe(cursor);
    expect(h.emitted.some((e) => e.name === 'onSyncStatus' && (e.payload as { state: string }).state === 'error')).toBe(true);
  });

  it('never runs two syncs of one account at once: a second request joins the first', async () => {
    const [a, b] = [h.engine.sync(ACCOUNT), h.engine.sync(ACCOUNT)];
    expect(a).toBe(b);
    await a;
    expect(h.server.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(1);
    expect(h.emitted.some((e) => e.name === 'onSyncProgress')).toBe(true);
  });
});

describe('sync engine, offline and gaps', () => {
  it('offline: stops, says why, and resumes when the network is back', async () => {
    let online = false;
    h = await harness({}, { isOnline: () => online });
    seedAccount(h.server.account);
    const s = await h.engine.sync(ACCOUNT);
    expect(s.state).toBe('offline');
    expect(s.lastError).toMatch(/Offline/);
    expect(h.server.requests).toHaveLength(0);
    online = true;
    h.engine.setOnline(true);
    await new Promise((r) => setTimeout(r, 20));
    const done = await h.engine.sync(ACCOUNT);
    expect(done.state).toBe('idle');
    expect(count()).toBeGreaterThan(0);
  });

  it('after a 31-day gap falls back to a backfill and records a notice', async () => {
    let offsetMs = 0;
    h = await harness({ now: () => Date.now() + offsetMs });
    seed = seedAccount(h.server.account);
    await h.engine.sync(ACCOUNT);
    const refunded = refundCharge(h.server.account, { charge: seed.payment.charge.id as string, amount: 100 }) as { id: string };
    offsetMs = 31 * 86400_000;
    h.server.account.clockOffset = 31 * 86400;
    const s = await h.engine.sync(ACCOUNT);
    expect(s.lastError).toBeNull();
    expect(s.notice).toMatch(/31 days.*backfill/);
    expect(h.server.requests.filter((r) => r.path === '/v1/customers').length).toBe(2);
    expect(events(h.t, 'refund').map((e) => e.detail.storeRef)).toEqual([refunded.id]);
  });
});

describe('sync IPC handlers', () => {
  it('sync:now starts a run and answers at once; sync:status lists every account', async () => {
    const { createSyncHandlers } = await import('../../../src-main/sync/handlers');
    h = await harness();
    seedAccount(h.server.account);
    const handlers = createSyncHandlers(h.engine);
    const started = handlers['sync:now']({});
    expect(started).toMatchObject([{ account: ACCOUNT, store: 'stripe', state: 'running' }]);
    expect(() => handlers['sync:now']({ account: 'stripe:nope' })).toThrow(/No store account/);
    await h.engine.sync(ACCOUNT);
    const [s] = handlers['sync:status']();
    expect(s).toMatchObject({ state: 'idle', lastError: null });
    expect(s!.lastSuccessAt).toBeGreaterThan(0);
  });
});

describe('sync engine with an adapter that speaks DeskError (Amazon RVS)', () => {
  it('retries a store 500 and a 429 like any store, and shows offline when the store cannot be reached', async () => {
    const rvs = new FakeRvsServer('amzn-secret-1234');
    await rvs.start();
    const t = tempDb();
    try {
      rvs.receipts.set('r1', { userId: 'u1', body: subscriptionReceipt('r1') });
      const adapter = createAmazonAdapter({
        credential: { store: 'amazon', sharedSecret: 'amzn-secret-1234', environment: 'production' },
        baseUrl: rvs.url,
        knownReceipts: () => [{ receiptId: 'r1', userId: 'u1' }],
      });
      const engine = createSyncEngine({
        db: t.db,
        adapters: () => new Map([['amazon', { store: 'amazon' as const, adapter }]]),
        emit: () => {},
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
      });
      rvs.failNext.push(500, 500);
      expect((await engine.sync('amazon')).lastError).toBeNull();
      expect(rvs.requests).toHaveLength(3);
      expect(purchases(t.db, 'amazon')).toHaveLength(1);

      rvs.failNext.push(429);
      expect((await engine.sync('amazon')).lastError).toBeNull();
      expect(rvs.requests).toHaveLength(5);

      await rvs.close();
      const s = await engine.sync('amazon');
      expect(s.state).toBe('offline');
      expect(s.lastError).toMatch(/Offline/);
    } finally {
      t.close();
    }
  });
});
