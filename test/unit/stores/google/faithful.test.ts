// Google Play as it really is (issue 15): string enums, the 8 KB GET URL limit, renewals
// charged after caching, PENDING / CANCELED orders, tokens Google stops accepting, token
// endpoint refusals, chargebacks that end access. Each through the real SDK against the
// local server, which measures what it receives.
import { describe, expect, it } from 'vitest';
import type { DisputeFact, PaymentFact, RefundFact } from '../../../../src-main/domain/ledger';
import { StoreError } from '../../../../src-main/stores/errors';
import { allEvents, collect, context, DAY, harnessPerTest, type Harness } from './harness';

let h: Harness;
harnessPerTest((x) => (h = x));

describe('Google sync against the faithful server', () => {
  it.each(['string', 'number'] as const)('syncs voided purchases whose enums come as %ss', async (style) => {
    h.server.enums = style;
    const a = h.server.account;
    const sub = a.addSubscription({ renewals: 1 });
    const item = a.addOneTime({ quantity: 3, unitPriceMinor: 100 });
    a.fullRefund(sub.orderIds[1]!, { revoke: true, source: 0, reason: 4 });
    a.quantityRefund(item.orderId, 2);
    const batches = await collect(h.adapter({ knownOrderIds: () => [...sub.orderIds, item.orderId] }).sync(null, context()));
    const page = h.server.requests.find((r) => r.includes('voidedpurchases'));
    expect(page).toBeDefined();
    const voided = allEvents(batches).filter((e) => e.detail?.detectedVia === 'google_voided_purchases');
    expect(voided.map((e) => e.detail?.reason).sort()).toEqual(['accidental purchase', 'remorse']);
    expect(voided.find((e) => e.orderId === item.orderId)).toMatchObject({ amountMinor: 200, detail: { quantity: 2, revokesAccess: false } });
    expect(voided.find((e) => e.orderId === sub.orderIds[1])!.ledger).toMatchObject({ kind: 'refund', refundKey: `${sub.orderIds[1]}#voided`, status: 'succeeded', revokesAccess: true });
  });

  it('reads 2,500 known orders with every GET URL under 8 KB, measured at the server', async () => {
    const a = h.server.account;
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) ids.push(...a.addSubscription({ renewals: 4, startTime: h.clock.t - 4.5 * 30 * DAY + i }).orderIds);
    expect(ids).toHaveLength(2500);
    a.fullRefund(ids[2499]!, { revoke: false });
    // the latest periods are not over: no subscriptionsv2 reads, only orders
    const batches = await collect(h.adapter({ knownOrderIds: () => ids }).sync(null, context()));
    const calls = h.server.requests.filter((r) => r.includes('orders:batchGet'));
    expect(h.server.maxUrlBytes).toBeLessThan(8192);
    const read = calls.reduce((n, r) => n + new URL(r.split(' ')[1]!, 'http://x').searchParams.getAll('orderIds').length, 0);
    expect(read).toBe(2500);
    expect(calls.length).toBeLessThanOrEqual(14); // ~200 renewal order IDs per URL
    expect(allEvents(batches).filter((e) => e.ledger?.kind === 'payment')).toHaveLength(2500);
    expect(allEvents(batches).find((e) => e.type === 'refund')).toMatchObject({ orderId: ids[2499] });
  });

  it('an over-long URL is refused by the server as Google does (414), so the limit is real', async () => {
    const { orderIds } = h.server.account.addSubscription({ renewals: 0 });
    h.server.urlLimitBytes = 60; // shorter than one batchGet URL
    await expect(collect(h.adapter({ knownOrderIds: () => orderIds }).sync(JSON.stringify({ v: 1, until: h.clock.t, ordersFrom: 0 }), context()))).rejects.toMatchObject({
      status: 414,
      message: expect.stringContaining('too long'),
    });
  });

  it('finds a renewal charged after caching and refunded only in the Play Console, on the next sync', async () => {
    const a = h.server.account;
    const { token, orderIds } = a.addSubscription({ renewals: 1, priceMinor: 799 });
    const known = [...orderIds];
    const adapter = h.adapter({ knownOrderIds: () => known });
    let cursor = (await collect(adapter.sync(null, context()))).at(-1)!.cursor!.value;
    // a month passes: Google renews (a new order ..1) and the Play Console refunds it, access kept
    h.clock.t += 20 * DAY;
    const renewal = a.renew(token);
    a.fullRefund(renewal, { revoke: false });
    const batches = await collect(adapter.sync(cursor, context()));
    cursor = batches.at(-1)!.cursor!.value;
    const events = allEvents(batches);
    expect(events.find((e) => e.type === 'renewal' && e.orderId === renewal)).toMatchObject({ amountMinor: 799, ledger: { kind: 'payment', paymentKey: renewal, status: 'paid' } });
    const refund = events.find((e) => e.type === 'refund' && e.orderId === renewal)!;
    expect(refund).toMatchObject({ amountMinor: 799, detail: { detectedVia: 'google_orders', revokesAccess: false } });
    expect((refund.ledger as RefundFact).refundKey).toMatch(new RegExp(`^${renewal.replace(/\./g, '\\.')}#\\d+$`));
    // the subscription's details follow (expiry moved on)
    expect(batches.flatMap((b) => b.purchases).find((p) => p.storeKey === token)?.expiresAt).toBe(a.subscriptions.get(token)!.expiryTime);
    expect(h.server.requests.filter((r) => r.includes('subscriptionsv2'))).toHaveLength(1);
    // the renewal is known now (as the cache would know it from the event): no more questions until its period ends
    known.push(renewal);
    const before = h.server.requests.length;
    await collect(adapter.sync(cursor, context()));
    expect(h.server.requests.slice(before).filter((r) => r.includes('subscriptionsv2'))).toHaveLength(0);
  });

  it('PENDING and CANCELED orders are not payments', async () => {
    const a = h.server.account;
    const { token, orderIds } = a.addSubscription({ renewals: 0 });
    h.clock.t += 20 * DAY;
    const pending = a.renew(token, { state: 'PENDING' });
    const one = a.addOneTime({ unitPriceMinor: 500 });
    a.setOrderState(one.orderId, 'CANCELED');
    const events = allEvents(await collect(h.adapter({ knownOrderIds: () => [...orderIds, one.orderId] }).sync(null, context())));
    const p = events.find((e) => e.orderId === pending)!;
    expect(p.amountMinor).toBeNull();
    expect((p.ledger as PaymentFact).status).toBe('pending');
    const c = events.find((e) => e.orderId === one.orderId)!;
    expect(c).toMatchObject({ type: 'cancellation', amountMinor: null });
    expect((c.ledger as PaymentFact).status).toBe('canceled');
    expect(events.find((e) => e.orderId === orderIds[0])!.ledger).toMatchObject({ status: 'paid', amountMinor: 999 });
  });

  it('a chargeback ends access: a dispute that revokes, and a revoke', async () => {
    const a = h.server.account;
    const { orderIds } = a.addSubscription({ renewals: 0 });
    a.chargeback(orderIds[0]!);
    const events = allEvents(await collect(h.adapter({ knownOrderIds: () => orderIds }).sync(null, context())));
    const dispute = events.find((e) => e.type === 'dispute_lost' && e.detail?.detectedVia === 'google_voided_purchases')!;
    expect(dispute.ledger as DisputeFact).toMatchObject({ disputeKey: `${orderIds[0]}#chargeback`, status: 'chargeback', revokesAccess: true });
    expect(events.find((e) => e.type === 'revoke')).toMatchObject({ orderId: orderIds[0], detail: { revokesAccess: true, reason: 'chargeback' } });
  });

  it('a purchase first seen through Voided Purchases arrives with its details and whole order history', async () => {
    const a = h.server.account;
    const { token, orderIds } = a.addSubscription({ renewals: 2, externalAccountId: 'user-9' });
    a.fullRefund(orderIds[2]!, { revoke: true, source: 0, reason: 1 });
    const batches = await collect(h.adapter().sync(null, context()));
    const p = batches.flatMap((b) => b.purchases).find((x) => x.storeKey === token)!;
    expect(p).toMatchObject({ kind: 'subscription', productId: 'premium_monthly', customer: { appUserId: 'user-9' } });
    const paid = allEvents(batches).filter((e) => e.ledger?.kind === 'payment').map((e) => e.orderId);
    expect(paid.sort()).toEqual([...orderIds].sort());
  });

  it('says truthfully that voided orders of unknown purchases Google cannot return are not shown', async () => {
    const t = h.clock.t;
    h.server.account.voided.push({ purchaseToken: 'gone-token', orderId: 'GPA.0000-0000-0000-99999', purchaseTimeMillis: t - DAY, voidedTimeMillis: t - 1000, seenTime: t - 1000, voidedSource: 0, voidedReason: 1, isSubscription: false });
    const ctx = context();
    await collect(h.adapter().sync(null, ctx));
    expect(ctx.notices.join(' ')).toMatch(/1 voided Google Play order\(s\) belong to purchases that are not in the cache.*not shown \(GPA\.0000-0000-0000-99999\)/);
    expect(ctx.notices.join(' ')).not.toMatch(/shown without amounts/);
  });
});

describe('Google auth', () => {
  it('a token Google stops accepting mid-sync is renewed once and the sync completes', async () => {
    const a = h.server.account;
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(...a.addSubscription({ renewals: 3 }).orderIds);
    const run = h.adapter({ knownOrderIds: () => ids }).sync(null, context());
    const batches = [];
    for await (const b of run) {
      batches.push(b);
      if (batches.length === 1) h.server.revokeAccessTokens();
    }
    expect(allEvents(batches).filter((e) => e.ledger?.kind === 'payment')).toHaveLength(1200);
    expect(h.server.tokensIssued).toBe(2);
  });

  it.each(['invalid_grant', 'invalid_client', 'unauthorized_client'] as const)('%s from the token endpoint is a credential error that points at the key', async (error) => {
    h.server.tokenError = error;
    const err = await collect(h.adapter().sync(null, context())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'auth', message: expect.stringMatching(new RegExp(`service-account key.*${error}|${error}.*service-account key`)) });
    expect((err as Error).message).toMatch(/paste a new JSON key/);
    expect(h.server.tokensIssued).toBe(0);
  });
});
