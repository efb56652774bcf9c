// Exactly once for Google refunds (issue 13): only a refund dated after the intent counts,
// a revoke is checked against Google's latest order, pending refunds stay pending, a
// token Google stops accepting is renewed once. The server counts what it performs.
import { describe, expect, it } from 'vitest';
import type { GoogleRefundRequest } from '../../../../src-main/stores/google/index';
import { allEvents, collect, context, DAY, harnessPerTest, refundRequest, type Harness } from './harness';

let h: Harness;
harnessPerTest((x) => (h = x));

/** Dated as the refunds module dates it: the intent was written now. */
const request = (over: Partial<GoogleRefundRequest> & { paymentRef: string; purchaseKey: string }): GoogleRefundRequest => refundRequest({ intentCreatedAt: h.clock.t, ...over });

const SETTLE = 60_000;

/** A subscription the Play Console partly refunded yesterday, and its prorated revoke asked for now, ending as `fault` says. */
function revokeOfPartlyRefunded(fault: 'lose' | 'drop_after_refund') {
  const a = h.server.account;
  const { token, orderIds } = a.addSubscription({ renewals: 0, priceMinor: 1000 });
  a.partialRefund(orderIds[0]!, 300, h.clock.t - DAY);
  h.clock.t += 1000;
  h.server.faults.push({ fault, match: ':revoke' });
  const req = request({ paymentRef: orderIds[0]!, purchaseKey: token, mode: 'refund_and_revoke', refundKind: 'prorated', purchaseKind: 'subscription', amountMinor: 350 });
  return { adapter: h.adapter({ settleMs: SETTLE }), req, token, orderIds };
}

describe('Google refunds: evidence dated after the intent', () => {
  it('a revoke lost on its way, on an order the Play Console had partly refunded, is not taken as done', async () => {
    const { adapter, req, token } = revokeOfPartlyRefunded('lose');
    expect((await adapter.refund(req)).status).toBe('unknown');
    expect(h.server.refundsPerformed).toBe(0);
    // the earlier Play Console refund proves nothing; while the request might still run, it stays unknown
    expect(await adapter.reconcile(req)).toMatchObject({ status: 'unknown' });
    h.clock.t += SETTLE;
    expect(await adapter.reconcile(req)).toEqual({ status: 'not_found' });
    expect(h.server.account.subscriptions.get(token)!.state).toBe('SUBSCRIPTION_STATE_ACTIVE');
  });

  it('a revoke performed with its answer dropped is found by its own partial refund, dated after the intent', async () => {
    const { adapter, req, orderIds } = revokeOfPartlyRefunded('drop_after_refund');
    expect((await adapter.refund(req)).status).toBe('unknown');
    const r = await adapter.reconcile(req);
    expect(r).toMatchObject({ status: 'succeeded', refundedPaymentRef: orderIds[0], storeStatus: 'succeeded' });
    expect((r as { amountMinor: number }).amountMinor).toBeGreaterThan(0);
    expect((r as { amountMinor: number }).amountMinor).not.toBe(300);
    expect(h.server.refundsPerformed).toBe(1);
  });

  it('a full refund Google made before the intent is not this one', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.account.fullRefund(orderId, { revoke: false, at: h.clock.t - DAY });
    const r = await h.adapter({ settleMs: SETTLE }).reconcile(request({ paymentRef: orderId, purchaseKey: token, amountMinor: 199 }));
    expect(r).toMatchObject({ status: 'failed', code: 'already_refunded', message: expect.stringContaining('before this refund was asked for') });
  });
});

describe('Google refunds: the order Google refunds', () => {
  it('a revoke after a renewal the console has not seen is refused before sending', async () => {
    const a = h.server.account;
    const { token, orderIds } = a.addSubscription({ renewals: 1 });
    h.clock.t += 20 * DAY;
    const renewal = a.renew(token);
    const out = await h.adapter().refund(request({ paymentRef: orderIds[1]!, purchaseKey: token, mode: 'refund_and_revoke', purchaseKind: 'subscription' }));
    expect(out).toMatchObject({ status: 'failed', code: 'payment_changed', message: expect.stringContaining(`latest order of this subscription is ${renewal}`) });
    expect(h.server.refundsPerformed).toBe(0);
  });

  it('a renewal that lands while Google holds the revoke: the order Google refunded is recorded', async () => {
    const a = h.server.account;
    const { token, orderIds } = a.addSubscription({ renewals: 1 });
    let renewal = '';
    h.server.faults.push({ fault: 'hold', match: ':revoke', holdMs: 50, duringHold: () => (renewal = a.renew(token, { at: h.clock.t })) });
    const out = await h.adapter().refund(request({ paymentRef: orderIds[1]!, purchaseKey: token, mode: 'refund_and_revoke', purchaseKind: 'subscription' }));
    expect(renewal).not.toBe('');
    expect(out).toMatchObject({ status: 'succeeded', refundedPaymentRef: renewal, storeRef: renewal });
    expect(a.order(renewal).state).toBe('REFUNDED');
    expect(a.order(orderIds[1]!).state).toBe('PROCESSED');
  });

  it('refuses when the order no longer matches what the agent confirmed', async () => {
    const { token, orderId } = h.server.account.addOneTime({ unitPriceMinor: 199 });
    const out = await h.adapter().refund(request({ paymentRef: orderId, purchaseKey: token, amountMinor: 199, expected: { amountMinor: 499, currency: 'USD' } }));
    expect(out).toMatchObject({ status: 'failed', code: 'payment_changed', message: expect.stringMatching(/not the 499 USD that was confirmed.*Nothing was sent/) });
    expect(h.server.refundsPerformed).toBe(0);
  });
});

describe('Google refunds: pending, and tokens', () => {
  it('a pending refund stays pending until the order shows REFUNDED', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.refundProcessing = 'pending';
    const adapter = h.adapter({ knownOrderIds: () => [orderId] });
    const req = request({ paymentRef: orderId, purchaseKey: token, amountMinor: 199 });
    expect(await adapter.refund(req)).toMatchObject({ status: 'succeeded', storeStatus: 'pending' });
    expect(await adapter.reconcile(req)).toMatchObject({ status: 'succeeded', storeStatus: 'pending' });
    const pending = allEvents(await collect(adapter.sync(null, context()))).find((e) => e.ledger?.kind === 'refund');
    expect(pending!.ledger).toMatchObject({ refundKey: `${orderId}#pending`, status: 'pending' });
    h.clock.t += 60_000;
    h.server.account.completePendingRefund(orderId, { revoke: false });
    expect(await adapter.reconcile(req)).toMatchObject({ status: 'succeeded', storeStatus: 'succeeded', amountMinor: 199 });
    const done = allEvents(await collect(adapter.sync(null, context()))).find((e) => e.ledger?.kind === 'refund');
    expect(done!.ledger).toMatchObject({ refundKey: `${orderId}#${h.clock.t}`, status: 'succeeded' });
    expect(h.server.refundsPerformed).toBe(1);
  });

  it('a token Google stops accepting in the middle of a refund is renewed once; one refund', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    const adapter = h.adapter();
    await adapter.testConnection();
    h.server.revokeAccessTokens();
    expect(await adapter.refund(request({ paymentRef: orderId, purchaseKey: token, amountMinor: 199 }))).toMatchObject({ status: 'succeeded' });
    // and a 401 on the refund call itself (nothing performed) is retried once with a new token
    const other = h.server.account.addOneTime();
    h.server.faults.push({ fault: '401', match: ':refund' });
    expect(await adapter.refund(request({ paymentRef: other.orderId, purchaseKey: other.token, amountMinor: 199 }))).toMatchObject({ status: 'succeeded' });
    expect(h.server.refundsPerformed).toBe(2);
    expect(h.server.tokensIssued).toBe(3);
  });

  it('a key Google refuses at the token endpoint fails the refund in words that point at the key', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.tokenError = 'invalid_grant';
    const out = await h.adapter().refund(request({ paymentRef: orderId, purchaseKey: token, amountMinor: 199 }));
    expect(out).toMatchObject({ status: 'failed', message: expect.stringMatching(/service-account key.*Nothing was sent/s) });
    expect(h.server.refundsPerformed).toBe(0);
  });
});
