// One test per Google row of the detection table (DESIGN.md §2), plus pagination, the
// Voided Purchases quota, malformed answers and the cursor, against the local server.
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../../src-main/stores/errors';
import { allEvents, collect, context, DAY, harnessPerTest, type Harness } from './harness';

let h: Harness;
harnessPerTest((x) => (h = x));

describe('Google sync: detection', () => {
  it('finds a Play Console refund-and-revoke through Voided Purchases, with its amount, and stores it once', async () => {
    const { orderIds } = h.server.account.addSubscription({ priceMinor: 999, renewals: 1 });
    const latest = orderIds[1]!;
    h.server.account.fullRefund(latest, { revoke: true, source: 1, reason: 1 });
    const batches = await collect(h.adapter({ knownOrderIds: () => orderIds }).sync(null, context()));
    const refunds = allEvents(batches).filter((e) => e.type === 'refund');
    // seen by both paths (voided first, then orders) under one dedupe key
    expect(new Set(refunds.map((e) => e.dedupeKey))).toEqual(new Set([`google:refund:${latest}`]));
    const voided = refunds.find((e) => e.detail?.detectedVia === 'google_voided_purchases')!;
    expect(voided).toMatchObject({ amountMinor: 999, currency: 'USD', orderId: latest });
    expect(voided.detail).toMatchObject({ refundKind: 'full', revokesAccess: true, reason: 'remorse', voidedBy: 'by the developer' });
    // orders the cache knows are not re-sent as purchases (refresh owns their details)
    expect(batches.flatMap((b) => b.purchases)).toHaveLength(0);
    // the server got type=1 and the quantity flag, as Google requires for subscriptions
    const q = h.server.requests.find((r) => r.includes('voidedpurchases'))!;
    expect(q).toContain('type=1');
    expect(q).toContain('includeQuantityBasedPartialRefund=true');
  });

  it('finds a refund-only made in the Play Console through the Orders API only', async () => {
    const { orderIds } = h.server.account.addSubscription({ priceMinor: 499, renewals: 2 });
    h.server.account.fullRefund(orderIds[0]!, { revoke: false });
    const batches = await collect(h.adapter({ knownOrderIds: () => orderIds }).sync(null, context()));
    expect(h.server.account.voided).toHaveLength(0);
    const refunds = allEvents(batches).filter((e) => e.type === 'refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ orderId: orderIds[0], amountMinor: 499, currency: 'USD', dedupeKey: `google:refund:${orderIds[0]}` });
    expect(refunds[0]!.detail).toMatchObject({ detectedVia: 'google_orders', refundKind: 'full', revokesAccess: false });
    expect(String(refunds[0]!.detail?.summary)).toContain('in the Play Console, found through the Orders API');
    // the renewals are on the timeline too, each with its own order ID
    expect(allEvents(batches).filter((e) => e.type === 'renewal').map((e) => e.orderId)).toEqual([orderIds[1], orderIds[2]]);
  });

  it('finds a partial refund made in the Play Console, with its amount', async () => {
    const { orderId } = h.server.account.addOneTime({ unitPriceMinor: 1999, currency: 'EUR' });
    h.server.account.partialRefund(orderId, 750);
    const events = allEvents(await collect(h.adapter({ knownOrderIds: () => [orderId] }).sync(null, context())));
    const refund = events.find((e) => e.type === 'refund')!;
    expect(refund).toMatchObject({ amountMinor: 750, currency: 'EUR', orderId });
    expect(refund.detail).toMatchObject({ refundKind: 'partial', detectedVia: 'google_orders' });
  });

  it('finds a chargeback (voidedReason 7, by Google) as a lost dispute', async () => {
    const { orderId } = h.server.account.addOneTime({ unitPriceMinor: 499 });
    h.server.account.chargeback(orderId);
    const events = allEvents(await collect(h.adapter({ knownOrderIds: () => [orderId] }).sync(null, context())));
    const cb = events.filter((e) => e.type === 'dispute_lost');
    expect(cb).toHaveLength(2); // voided + orders, one dedupe key
    expect(new Set(cb.map((e) => e.dedupeKey)).size).toBe(1);
    expect(cb[0]!.detail).toMatchObject({ reason: 'chargeback', voidedBy: 'by Google', detectedVia: 'google_voided_purchases', revokesAccess: true });
    expect(cb[0]!.amountMinor).toBe(499);
  });

  it('finds a quantity-based partial refund (voidedQuantity) with the refunded items’ amount', async () => {
    const { orderId } = h.server.account.addOneTime({ unitPriceMinor: 300, quantity: 5 });
    h.server.account.quantityRefund(orderId, 2);
    const events = allEvents(await collect(h.adapter({ knownOrderIds: () => [orderId] }).sync(null, context())));
    const refunds = events.filter((e) => e.type === 'refund');
    expect(new Set(refunds.map((e) => e.dedupeKey)).size).toBe(1);
    const v = refunds.find((e) => e.detail?.detectedVia === 'google_voided_purchases')!;
    expect(v).toMatchObject({ amountMinor: 600, currency: 'USD' });
    expect(v.detail).toMatchObject({ quantity: 2, refundKind: 'partial', revokesAccess: false });
  });
});

/** The rows Voided Purchases itself gave (a purchase first seen there also brings its orders' rows). */
const voidedOnly = (batches: Awaited<ReturnType<typeof collect>>) => allEvents(batches).filter((e) => e.detail?.detectedVia === 'google_voided_purchases');

describe('Google sync: paging, quota, cursor, errors', () => {
  it('follows token pagination and resumes from the cursor after each page', async () => {
    h.server.account.bulkVoided(25);
    const adapter = h.adapter({ voidedPageSize: 10 });
    const batches = await collect(adapter.sync(null, context()));
    expect(voidedOnly(batches).filter((e) => e.type === 'refund')).toHaveLength(25);
    expect(batches).toHaveLength(3);
    // voided orders the cache has never seen come with their purchase, read from the Orders API
    expect(batches[0]!.purchases).toHaveLength(10);
    expect(batches[0]!.purchases[0]).toMatchObject({ kind: 'one_time', productId: 'coins_100', priceMinor: 199, currency: 'USD' });
    expect(h.server.requests.filter((r) => r.includes('voidedpurchases') && r.includes('token=')).length).toBe(2);
    // resuming from the first page's cursor continues with the page token, not from scratch
    const before = h.server.requests.length;
    const resumed = await collect(adapter.sync(batches[0]!.cursor!.value, context()));
    expect(voidedOnly(resumed)).toHaveLength(15);
    expect(h.server.requests.slice(before).find((r) => r.includes('voidedpurchases'))).toContain('token=');
    // an incremental run starts where the last pass ended (minus a small overlap)
    const last = JSON.parse(batches.at(-1)!.cursor!.value!) as { until: number };
    expect(last.until).toBe(h.clock.t);
  });

  it('honours 30 queries per 30 seconds over 40 pages: the server never answers 429', async () => {
    h.server.account.bulkVoided(400);
    const batches = await collect(h.adapter({ voidedPageSize: 10 }).sync(null, context()));
    expect(voidedOnly(batches)).toHaveLength(400);
    expect(h.server.requests.filter((r) => r.includes('voidedpurchases'))).toHaveLength(40);
    expect(h.server.quotaRejections).toBe(0);
    expect(h.clock.slept).toBeGreaterThanOrEqual(29_000);
  });

  it('handles a 429 from a quota shared with another client by waiting a window', async () => {
    h.server.account.bulkVoided(3);
    h.server.faults.push({ fault: '429', match: 'voidedpurchases' });
    const batches = await collect(h.adapter().sync(null, context()));
    expect(voidedOnly(batches)).toHaveLength(3);
    expect(h.clock.slept).toBeGreaterThanOrEqual(30_000);
  });

  it('turns a malformed response into a clear sync error and yields nothing', async () => {
    h.server.account.bulkVoided(2);
    h.server.faults.push({ fault: 'malformed', match: 'voidedpurchases' });
    const got: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const b of h.adapter().sync(null, context())) got.push(b);
      } catch (e) {
        return e;
      }
    })();
    expect(got).toHaveLength(0);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('malformed');
    expect((err as Error).message).toMatch(/malformed voided purchases response/);
  });

  it('says so after a gap of more than 30 days, and still reads known orders', async () => {
    const { orderId } = h.server.account.addOneTime();
    h.server.account.fullRefund(orderId, { revoke: false, at: h.clock.t - 40 * DAY });
    const ctx = context();
    const cursor = JSON.stringify({ v: 1, until: h.clock.t - 31 * DAY });
    const events = allEvents(await collect(h.adapter({ knownOrderIds: () => [orderId] }).sync(cursor, ctx)));
    expect(ctx.notices.join(' ')).toMatch(/More than 30 days/);
    expect(events.find((e) => e.type === 'refund')?.detail?.detectedVia).toBe('google_orders');
    const q = h.server.requests.find((r) => r.includes('voidedpurchases'))!;
    const startTime = Number(new URL(q.split(' ')[1]!, 'http://x').searchParams.get('startTime'));
    expect(startTime).toBeGreaterThan(h.clock.t - 30 * DAY);
  });

  it('hands the sync engine a 5xx as transient, a timeout as transient, a 403 as auth, in Google’s words', async () => {
    h.server.faults.push({ fault: '503', match: 'voidedpurchases' });
    await expect(collect(h.adapter().sync(null, context()))).rejects.toMatchObject({
      kind: 'transient',
      status: 503,
      message: expect.stringContaining('The service is currently unavailable.'),
    });
    h.server.faults.push({ fault: 'hang', match: 'voidedpurchases' });
    await expect(collect(h.adapter({ timeoutMs: 200 }).sync(null, context()))).rejects.toMatchObject({ kind: 'transient', status: null });
    h.server.account.permissions.viewFinancialData = false;
    await expect(collect(h.adapter().sync(null, context()))).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('insufficient permissions'),
    });
  });
});
