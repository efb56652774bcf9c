// Google refunds and reconcile against the local server, which counts the refunds it
// actually performs: exactly once rests on orders.get before any retry.
import { describe, expect, it } from 'vitest';
import { pastGoogleRefundLimit } from '../../../../src-main/stores/google/words';
import { DAY, harnessPerTest, refundRequest as request, type Harness } from './harness';

let h: Harness;
harnessPerTest((x) => (h = x));

describe('Google refunds', () => {
  it('refund and revoke of a subscription: subscriptionsv2.revoke with fullRefund', async () => {
    const { token, orderIds } = h.server.account.addSubscription({ renewals: 1 });
    const out = await h.adapter().refund(request({ paymentRef: orderIds[1]!, purchaseKey: token, mode: 'refund_and_revoke', purchaseKind: 'subscription' }));
    expect(out.status).toBe('succeeded');
    expect(h.server.refundsPerformed).toBe(1);
    expect(h.server.requests.some((r) => r.startsWith(`POST /androidpublisher/v3/applications/com.example.app/purchases/subscriptionsv2/tokens/${token}:revoke`))).toBe(true);
    expect(h.server.account.order(orderIds[1]!).state).toBe('REFUNDED');
    expect(h.server.account.subscriptions.get(token)!.state).toBe('SUBSCRIPTION_STATE_EXPIRED');
  });

  it('refund and revoke, prorated: proratedRefund, and reconcile finds the partial refund', async () => {
    const { token, orderIds } = h.server.account.addSubscription({ renewals: 0, priceMinor: 1000 });
    const req = request({ paymentRef: orderIds[0]!, purchaseKey: token, mode: 'refund_and_revoke', refundKind: 'prorated', purchaseKind: 'subscription', amountMinor: 500 });
    const adapter = h.adapter();
    expect((await adapter.refund(req)).status).toBe('succeeded');
    expect(h.server.account.order(orderIds[0]!).state).toBe('PARTIALLY_REFUNDED');
    const r = await adapter.reconcile(req);
    expect(r).toMatchObject({ status: 'succeeded', amountMinor: 500 });
  });

  it('refund only of an older renewal: orders.refund revoke=false; access stays; not in Voided Purchases', async () => {
    const { token, orderIds } = h.server.account.addSubscription({ renewals: 2 });
    const out = await h.adapter().refund(request({ paymentRef: orderIds[0]!, purchaseKey: token, purchaseKind: 'subscription' }));
    expect(out.status).toBe('succeeded');
    expect(h.server.requests.find((r) => r.includes(':refund'))).toMatch(new RegExp(`orders/${orderIds[0]!.replace(/\./g, '\\.')}:refund\\?revoke=false`));
    expect(h.server.account.subscriptions.get(token)!.state).toBe('SUBSCRIPTION_STATE_ACTIVE');
    expect(h.server.account.voided).toHaveLength(0);
  });

  it('one-time refund with revoke: orders.refund revoke=true', async () => {
    const { token, orderId } = h.server.account.addOneTime({ consumed: true });
    const out = await h.adapter().refund(request({ paymentRef: orderId, purchaseKey: token, mode: 'refund_and_revoke', purchaseKind: 'one_time' }));
    expect(out.status).toBe('succeeded');
    expect(h.server.requests.find((r) => r.includes(':refund'))).toContain('revoke=true');
    expect(h.server.account.voided).toHaveLength(1);
  });

  it('a response lost after Google refunded gives unknown; the retry reads the order and refunds nothing more', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.faults.push({ fault: 'drop_after_refund', match: ':refund' });
    const adapter = h.adapter();
    const req = request({ paymentRef: orderId, purchaseKey: token });
    const first = await adapter.refund(req);
    expect(first.status).toBe('unknown');
    expect(h.server.refundsPerformed).toBe(1);
    const second = await adapter.refund({ ...req, isRetry: true });
    expect(second).toMatchObject({ status: 'succeeded', storeRef: orderId, amountMinor: 199 });
    const third = await adapter.refundOnce(req);
    expect(third.status).toBe('succeeded');
    expect(h.server.refundsPerformed).toBe(1);
    expect(h.server.requests.filter((r) => r.includes(':refund'))).toHaveLength(1);
    expect(await adapter.reconcile(req)).toMatchObject({ status: 'succeeded' });
  });

  it('a Google 5xx gives unknown; reconcile says not found; refundOnce then refunds exactly once', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.faults.push({ fault: '500', match: ':refund' });
    const adapter = h.adapter();
    const req = request({ paymentRef: orderId, purchaseKey: token });
    expect(await adapter.refund(req)).toMatchObject({ status: 'unknown', message: expect.stringContaining('Internal error encountered.') });
    expect(await adapter.reconcile(req)).toEqual({ status: 'not_found' });
    expect((await adapter.refundOnce(req)).status).toBe('succeeded');
    expect((await adapter.refundOnce(req)).status).toBe('succeeded');
    expect(h.server.refundsPerformed).toBe(1);
  });

  it('a hang gives unknown after the timeout', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.faults.push({ fault: 'hang', match: ':refund' });
    const out = await h.adapter({ timeoutMs: 300 }).refund(request({ paymentRef: orderId, purchaseKey: token }));
    expect(out).toMatchObject({ status: 'unknown', message: expect.stringContaining('did not answer') });
  });

  it('counts the 3 years in calendar years: a 1,095.5-day-old order across a leap day is still refundable', () => {
    const placed = Date.UTC(2023, 5, 1, 10); // 1 Jun 2023; 29 Feb 2024 lies in between
    expect(pastGoogleRefundLimit(placed, placed + 1095.5 * DAY)).toBe(false);
    expect(pastGoogleRefundLimit(placed, Date.UTC(2026, 5, 1, 10))).toBe(false);
    expect(pastGoogleRefundLimit(placed, Date.UTC(2026, 5, 1, 10) + 1)).toBe(true);
  });

  it('refuses an order older than 3 years before any call', async () => {
    const { token, orderId } = h.server.account.addOneTime({ purchaseTime: h.clock.t - 1100 * DAY });
    const out = await h.adapter().refund(request({ paymentRef: orderId, purchaseKey: token, orderCreatedAt: h.clock.t - 1100 * DAY }));
    expect(out).toMatchObject({ status: 'failed', code: 'refund_window_passed', message: expect.stringMatching(/older than 3 years/) });
    expect(h.server.requests).toHaveLength(0);
  });

  it('an order refunded meanwhile is refused before sending; a 4xx is a failure in Google’s words (missing Manage orders)', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.account.fullRefund(orderId, { revoke: false });
    const adapter = h.adapter();
    expect(await adapter.refund(request({ paymentRef: orderId, purchaseKey: token }))).toMatchObject({
      status: 'failed',
      code: 'payment_changed',
      message: expect.stringMatching(/already refunded.*Nothing was sent to Google/),
    });
    expect(h.server.requests.filter((r) => r.includes(':refund'))).toHaveLength(0);
    const other = h.server.account.addOneTime();
    h.server.account.permissions.manageOrders = false;
    expect(await adapter.refund(request({ paymentRef: other.orderId, purchaseKey: other.token }))).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('insufficient permissions'),
    });
    expect(h.server.refundsPerformed).toBe(0);
  });
});
