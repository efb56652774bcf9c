// One test per row of DESIGN.md §2 for Stripe: a refund made anywhere is found.
import { describe, expect, it } from 'vitest';
import { closeDispute, createPayment, failRefund, openDispute, refundCharge, type seedAccount, type Obj } from '../../../servers/stripe';
import { ACCOUNT, events, seededHarnessPerTest, type Harness } from './harness';

let h: Harness;
let seed: ReturnType<typeof seedAccount>;
seededHarnessPerTest(async (w) => {
  ({ h, seed } = w);
  const first = await h.engine.sync(ACCOUNT); // backfill
  expect(first.lastError).toBeNull();
});

const refund = (o: Parameters<typeof refundCharge>[1]) => refundCharge(h.server.account, o) as Obj;

describe('Stripe detection rows', () => {
  it('finds a Dashboard refund through the Events API, as a full refund with its reason', async () => {
    const r = refund({ charge: seed.payment.charge.id as string, reason: 'requested_by_customer' });
    const s = await h.engine.sync(ACCOUNT);
    expect(s.lastError).toBeNull();
    const rows = events(h.t, 'refund');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dedupe_key: `ledger:refund:stripe:${r.id}:succeeded`,
      amount_minor: 4999,
      currency: 'USD',
      store_key: seed.payment.paymentIntent.id,
    });
    expect(rows[0]!.detail).toMatchObject({ refundKind: 'full', reason: 'requested by customer', status: 'succeeded', detectedVia: 'stripe_events', storeRef: r.id });
  });

  it('finds a partial refund with its amount', async () => {
    refund({ charge: seed.payment.charge.id as string, amount: 1500, reason: 'duplicate' });
    await h.engine.sync(ACCOUNT);
    const [row] = events(h.t, 'refund');
    expect(row).toMatchObject({ amount_minor: 1500 });
    expect(row!.detail).toMatchObject({ refundKind: 'partial', reason: 'duplicate' });
  });

  it('records a refund that fails after succeeding (closed card)', async () => {
    const r = refund({ charge: seed.payment.charge.id as string });
    await h.engine.sync(ACCOUNT);
    failRefund(h.server.account, r.id);
    await h.engine.sync(ACCOUNT);
    expect(events(h.t, 'refund')).toHaveLength(1);
    const failed = events(h.t, 'refund_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ dedupe_key: `ledger:refund:stripe:${r.id}:failed`, amount_minor: 4999 });
    expect(failed[0]!.detail).toMatchObject({ status: 'failed', reason: 'the card was closed or expired' });
  });

  it('records a dispute opened then won', async () => {
    const dp = openDispute(h.server.account, seed.payment.charge.id as string);
    await h.engine.sync(ACCOUNT);
    expect(events(h.t, 'dispute_opened')).toHaveLength(1);
    closeDispute(h.server.account, dp.id, 'won');
    await h.engine.sync(ACCOUNT);
    const won = events(h.t, 'dispute_won');
    expect(won).toHaveLength(1);
    expect(won[0]!.detail).toMatchObject({ storeRef: dp.id, status: 'won', reason: 'fraudulent' });
    expect(events(h.t, 'dispute_lost')).toHaveLength(0);
  });

  it('records a dispute lost', async () => {
    const { charge } = createPayment(h.server.account, { customer: seed.alice.id, amount: 2000 });
    const dp = openDispute(h.server.account, charge.id);
    closeDispute(h.server.account, dp.id, 'lost');
    await h.engine.sync(ACCOUNT);
    expect(events(h.t, 'dispute_opened')).toHaveLength(1);
    expect(events(h.t, 'dispute_lost')).toMatchObject([{ amount_minor: 2000, store_key: charge.payment_intent }]);
  });
});
