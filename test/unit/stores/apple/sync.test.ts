// Get Notification History: pagination by token, 429 with Retry-After in milliseconds,
// retention window, errors; refresh through history, refunds, statuses and order lookup.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppleAdapter } from '../../../../src-main/stores/apple';
import { StoreError } from '../../../../src-main/stores/errors';
import { signJws } from '../../../servers/apple/jws';
import { collect, ctx, subTx, worldPerTest, type World } from '../../../servers/apple/world';

let w: World;
let slept: number[];
worldPerTest('sandbox', (x) => {
  w = x;
  slept = [];
});

const adapter = (o: { now?: () => number } = {}) =>
  createAppleAdapter({ ...w.adapterOptions(), retry: { sleep: async (ms) => void slept.push(ms), random: () => 0 }, ...o });


afterEach(() => {
  vi.useRealTimers();
});

describe('Apple sync', () => {
  it('pages through history with the pagination token, cursor in each batch, resumable', async () => {
    const t = Date.now() - 100_000;
    for (let i = 0; i < 5; i++) w.notify('DID_RENEW', null, subTx({ transactionId: `r${i}` }), { signedDate: t + i });
    const c = ctx();
    const batches = await collect(adapter().sync(null, c));
    expect(batches.map((b) => b.events.length)).toEqual([2, 2, 1]);
    const hist = w.server.requests.filter((r) => r.path === '/inApps/v1/notifications/history');
    expect(hist.map((r) => r.query.get('paginationToken') != null)).toEqual([false, true, true]);
    const first = hist[0]!.body as { startDate: number; endDate: number };
    // the sandbox keeps 30 days
    expect(first.endDate - first.startDate).toBeLessThanOrEqual(30 * 86_400_000);
    expect(first.endDate - first.startDate).toBeGreaterThan(29 * 86_400_000);
    expect(JSON.parse(batches[0]!.cursor!.value!)).toMatchObject({ token: expect.any(String), start: first.startDate, end: first.endDate });
    expect(batches[0]!.cursor!.account).toBe('apple:com.example.refunddesk:sandbox');

    // a crash after the first batch: resume from its cursor with the same request body
    w.server.requests.length = 0;
    const resumed = await collect(adapter().sync(batches[0]!.cursor!.value, ctx()));
    expect(resumed.flatMap((b) => b.events.map((e) => e.orderId))).toEqual(['r2', 'r3', 'r4']);
    expect(w.server.requests[0]!.body).toEqual({ startDate: first.startDate, endDate: first.endDate });

    // the last cursor starts the next run where this one ended (minus a small overlap)
    const last = JSON.parse(batches[2]!.cursor!.value!) as { start: number; token?: string };
    expect(last.token).toBeUndefined();
    expect(last.start).toBeGreaterThan(Date.now() - 10 * 60_000);
  });

  it('honours 429 Retry-After in milliseconds, then succeeds', async () => {
    // Retry-After is a moment (UNIX ms): a still clock makes the wait exactly what the server set.
    vi.useFakeTimers({ toFake: ['Date'] });
    w.notify('DID_RENEW', null, subTx(), { signedDate: Date.now() - 1000 });
    w.server.failNext({ path: '/inApps/v1/notifications/history', status: 429, retryAfterMs: 1234, times: 2 });
    const c = ctx();
    const batches = await collect(adapter().sync(null, c));
    expect(slept).toEqual([1234, 1234]);
    expect(batches.flatMap((b) => b.events)).toHaveLength(1);
    expect(c.notices.join('\n')).toMatch(/wait 1234 ms/);
  });

  it('gives up with rate_limited (retryable, with the wait) after repeated 429s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    w.server.failNext({ path: '/inApps/v1/notifications/history', status: 429, retryAfterMs: 500, times: 10 });
    const err = await collect(adapter().sync(null, ctx())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 500, status: 429 });
    expect(slept).toEqual([500, 500, 500]);
  });

  it('maps 401, 404 and 500 to clear errors', async () => {
    const cases: [number, string][] = [[401, 'auth'], [500, 'transient']];
    for (const [status, kind] of cases) {
      w.server.failNext({ path: '/inApps/v1/notifications/history', status, times: 1 });
      const err = await collect(adapter().sync(null, ctx())).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind, status });
    }
    w.server.failNext({ path: '/inApps/v1/notifications/history', status: 401, times: 1 });
    expect((await adapter().testConnection()).message).toMatch(/key ID, issuer ID/);
    const e404 = await collect(adapter().refresh!([{ kind: 'apple_original_transaction_id', value: 'nope' }], ctx())).catch((e: unknown) => e);
    expect(e404).toMatchObject({ kind: 'not_found', status: 404, storeCode: '4040010' });
  });

  it('clamps a cursor older than the retention window and says so', async () => {
    const c = ctx();
    await collect(adapter().sync(JSON.stringify({ start: Date.now() - 90 * 86_400_000 }), c));
    expect(c.notices.join('\n')).toMatch(/30 days/);
    const body = w.server.requests[0]!.body as { startDate: number };
    expect(body.startDate).toBeGreaterThan(Date.now() - 30 * 86_400_000);
  });

  it('testConnection reads one page of the whole retention and says when Notification History is empty (no V2 URL)', async () => {
    const r = await adapter().testConnection();
    expect(r).toMatchObject({ ok: true, mode: 'sandbox' });
    const body = w.server.requests[0]!.body as { startDate: number; endDate: number };
    // sandbox retention: 30 days, a minute of margin
    expect(body.endDate - body.startDate).toBe(30 * 86_400_000 - 60_000);
    expect(r.message).toContain('Notification History came back empty for the last 30 days. Set an App Store Server Notifications V2 URL');
    expect(r.missing).toEqual(['notifications: the history of the last 30 days is empty (set an App Store Server Notifications V2 URL)']);
    // a second ago: Get Notification History's end date is exclusive
    w.notify('SUBSCRIBED', 'INITIAL_BUY', subTx(), { signedDate: Date.now() - 1000 });
    const again = await adapter().testConnection();
    expect(again.missing).toEqual([]);
    expect(again.message).toContain('Notification History holds only the notifications Apple tried to send to your App Store Server Notifications V2 URL');
  });

  it('a first sync that finds no notification at all says why history may be empty', async () => {
    const c = ctx();
    await collect(adapter().sync(null, c));
    expect(c.notices).toContain("Apple's Notification History came back empty for the last 30 days. Set an App Store Server Notifications V2 URL in App Store Connect (App Information); until then refunds are found only by refreshing a customer.");
  });
});

describe('Apple refresh', () => {
  const env = 'Sandbox';
  const tx = (o: Record<string, unknown>) => signJws(w.chain, { bundleId: w.credential.bundleId, environment: env, signedDate: Date.now(), ...subTx(o) });

  it('reads transaction history v2, refund history v2 and subscription statuses; looks up an order ID', async () => {
    const t = Date.now() - 90 * 86_400_000;
    w.server.transactions.set('2000000100', [
      tx({ purchaseDate: t, offerType: 1, offerDiscountType: 'FREE_TRIAL', price: 0 }),
      tx({ transactionId: '2000000101', purchaseDate: t + 7 * 86_400_000 }),
      tx({ transactionId: '2000000102', purchaseDate: t + 37 * 86_400_000, revocationDate: t + 40 * 86_400_000, revocationType: 'REFUND_PRORATED', revocationPercentage: 50000, revocationReason: 0 }),
    ]);
    w.server.refunds.set('2000000100', [
      tx({ transactionId: '2000000102', purchaseDate: t + 37 * 86_400_000, revocationDate: t + 40 * 86_400_000, revocationType: 'REFUND_PRORATED', revocationPercentage: 50000, revocationReason: 0 }),
    ]);
    w.server.statuses.set('2000000100', {
      environment: env,
      bundleId: w.credential.bundleId,
      data: [{ subscriptionGroupIdentifier: 'g1', lastTransactions: [{ status: 2, originalTransactionId: '2000000100', signedTransactionInfo: tx({}), signedRenewalInfo: signJws(w.chain, { environment: env, originalTransactionId: '2000000100', autoRenewStatus: 0, signedDate: Date.now() }) }] }],
    });
    w.server.orders.set('MQ1234ABCD', [tx({ transactionId: '2000000101' })]);

    const batches = await collect(adapter().refresh!([{ kind: 'apple_order_id', value: 'MQ1234ABCD' }], ctx()));
    const paths = w.server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      'GET /inApps/v1/lookup/MQ1234ABCD',
      'GET /inApps/v2/history/2000000100',
      'GET /inApps/v2/refund/lookup/2000000100',
      'GET /inApps/v1/subscriptions/2000000100',
    ]);
    const ev = batches.flatMap((b) => b.events);
    expect(ev.map((e) => e.type)).toEqual(['trial_started', 'trial_converted', 'renewal', 'refund', 'refund']);
    // the refund seen twice (transaction history and refund history) has one dedupe key
    expect(new Set(ev.filter((e) => e.type === 'refund').map((e) => e.dedupeKey)).size).toBe(1);
    expect(ev[3]).toMatchObject({ amountMinor: 500, detail: { refundKind: 'prorated', percentage: 50 } });
    expect(batches[0]!.purchases[0]!.autoRenew).toBe(false);
  });

  it('an unknown order ID is not_found with words the agent understands', async () => {
    const err = await collect(adapter().refresh!([{ kind: 'apple_order_id', value: 'NOPE' }], ctx())).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found', storeCode: 'OrderLookupStatus 1' });
    expect((err as Error).message).toMatch(/receipt email/);
  });
});
