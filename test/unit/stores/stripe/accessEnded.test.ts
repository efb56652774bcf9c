// "Refund and revoke access" cancels first, then refunds. Whether access ended is data on
// every outcome (issue 19): true whenever the subscription is cancelled at Stripe, false
// whenever it was not, so nothing above the adapter reads it from the step texts.
import { describe, expect, it } from 'vitest';
import type { StoreRefundRequest } from '../../../../src-main/stores/adapter';
import { refundCharge, type seedAccount } from '../../../servers/stripe';
import { seededHarnessPerTest, type Harness } from './harness';

let h: Harness;
let seed: ReturnType<typeof seedAccount>;
seededHarnessPerTest((w) => ({ h, seed } = w));

const revoke = (over: Partial<StoreRefundRequest> = {}): StoreRefundRequest => ({
  intentId: 'intent_r',
  idempotencyKey: 'rd-revoke-1',
  purchaseKey: seed.subscription.id,
  paymentRef: seed.subscription.id,
  mode: 'refund_and_revoke',
  refundKind: 'full',
  amountMinor: 999,
  currency: 'USD',
  reason: 'requested_by_customer',
  ...over,
});
const latestPayment = () => {
  const inv = h.server.account.invoices.items.filter((i) => i.status === 'paid').at(-1)!;
  return (inv.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
};
const status = () => h.server.account.subscriptions.get(seed.subscription.id)!.status;

describe('Stripe refund and revoke: accessEnded', () => {
  it('succeeded: cancelled and refunded, accessEnded true', async () => {
    expect(await h.adapter.refund!(revoke())).toMatchObject({ status: 'succeeded', accessEnded: true });
    expect(status()).toBe('canceled');
  });

  it('failed after the cancel (Stripe refuses the refund): accessEnded true', async () => {
    refundCharge(h.server.account, { paymentIntent: latestPayment() });
    expect(await h.adapter.refund!(revoke())).toMatchObject({ status: 'failed', accessEnded: true });
  });

  it('unknown after the cancel (the refund answer is lost): accessEnded true', async () => {
    h.server.addFault({ fault: { kind: 'drop_after' }, method: 'POST', path: '/v1/refunds', times: 10 });
    expect(await h.adapter.refund!(revoke())).toMatchObject({ status: 'unknown', accessEnded: true });
    expect(status()).toBe('canceled');
  });

  it('the cancel fails (Stripe errors on DELETE): nothing cancelled, accessEnded false', async () => {
    h.server.addFault({ fault: { kind: 'server_error' }, method: 'DELETE', path: '/v1/subscriptions', times: 10 });
    const out = await h.adapter.refund!(revoke());
    expect(out.status).not.toBe('succeeded');
    expect(out).toMatchObject({ accessEnded: false });
    expect(status()).not.toBe('canceled');
  });

  it('refused before sending (the payment differs from what was confirmed): accessEnded false', async () => {
    const pi = latestPayment();
    const out = await h.adapter.refund!(revoke({ paymentRef: pi, expected: { amountMinor: 1, currency: 'USD' } }));
    expect(out).toMatchObject({ status: 'failed', code: 'payment_changed', accessEnded: false });
    expect(status()).not.toBe('canceled');
  });

  it('reconciled after the key expired (24 h): read from the refund and the subscription, accessEnded true', async () => {
    await h.adapter.refund!(revoke());
    const out = await h.adapter.reconcile!(revoke({ intentCreatedAt: Date.now() - 25 * 3_600_000 }));
    expect(out).toMatchObject({ status: 'succeeded', accessEnded: true });
    expect(h.server.account.refundCreations).toBe(1);
  });
});
