// One test per row of DESIGN.md §2 for Stripe: a refund made anywhere is found.
import { describe, expect, it } from 'vitest';
import { closeDispute, createPayment, failRefund, moveDispute, openDispute, refundCharge, updateCustomer, type seedAccount, type Obj } from '../../../servers/stripe';
import { ACCOUNT, events, seededHarnessPerTest, type Harness } from './harness';
import { syncContext } from '../../../support/contexts';
import { syncCursor } from '../../../support/read';
import { customerByIdentifier } from '../../../../src-main/db/ids';
import { customerHeader } from '../../../../src-main/db/customers';

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
    // opened, then under review (evidence submitted): both steps of an open chargeback
    expect(events(h.t, 'dispute_opened').map((e) => e.detail.status)).toEqual(['needs_response', 'under_review']);
    expect(events(h.t, 'dispute_lost')).toMatchObject([{ amount_minor: 2000, store_key: charge.payment_intent }]);
  });
});

describe('Stripe dispute lifecycle', () => {
  const facts = async () => {
    const out: { type: string; status: unknown; refundable: unknown; summary: unknown }[] = [];
    const ctx = syncContext();
    const cursor = syncCursor(h.t.db, ACCOUNT)!;
    for await (const b of h.adapter.sync(cursor, ctx)) {
      for (const e of b.events) {
        if (e.ledger?.kind === 'dispute') out.push({ type: e.type, status: e.ledger.status, refundable: e.ledger.isChargeRefundable, summary: e.detail?.summary });
      }
    }
    return out;
  };

  it('walks an inquiry through every warning status, worded as an inquiry and refundable', async () => {
    const { charge } = createPayment(h.server.account, { customer: seed.alice.id, amount: 1500 });
    const dp = openDispute(h.server.account, charge.id, { inquiry: true, reason: 'product_not_received' });
    moveDispute(h.server.account, dp.id, 'warning_under_review');
    moveDispute(h.server.account, dp.id, 'warning_closed');
    const seen = await facts();
    // one page: the opening is stated once, then each later status
    expect(seen.map((f) => [f.type, f.status])).toEqual([
      ['dispute_opened', 'warning_needs_response'],
      ['dispute_opened', 'warning_under_review'],
      ['dispute_won', 'warning_closed'],
    ]);
    expect(seen[1]!.summary).toBe('Inquiry under review: evidence was submitted, the bank decides');
    expect(seen[0]!.summary).toMatch(/^Inquiry opened: product not received; .*can still be refunded/);
    expect(seen.at(-1)!.summary).toBe('Inquiry closed without becoming a chargeback');
    expect(seen[0]!.refundable).toBe(true);
  });

  it('walks a chargeback through needs_response, under_review and won, then another through lost and one prevented', async () => {
    const pay = () => createPayment(h.server.account, { customer: seed.alice.id, amount: 1100 }).charge.id;
    const won = openDispute(h.server.account, pay());
    closeDispute(h.server.account, won.id, 'won');
    const lost = openDispute(h.server.account, pay());
    closeDispute(h.server.account, lost.id, 'lost');
    const prevented = openDispute(h.server.account, pay(), { inquiry: true });
    moveDispute(h.server.account, prevented.id, 'prevented');
    const seen = await facts();
    const finals = seen.filter((f) => f.type !== 'dispute_opened').map((f) => [f.type, f.status, f.summary]);
    expect(finals).toEqual([
      ['dispute_won', 'won', 'Chargeback won: the money was returned to you'],
      ['dispute_lost', 'lost', 'Chargeback lost: the money went back to the customer through the bank'],
      ['dispute_won', 'prevented', 'Dispute prevented: resolved before it became a chargeback'],
    ]);
    expect(seen.filter((f) => f.status === 'under_review').map((f) => f.summary)).toEqual([
      'Chargeback under review: evidence was submitted, the bank decides',
      'Chargeback under review: evidence was submitted, the bank decides',
    ]);
    await h.engine.sync(ACCOUNT);
    expect(events(h.t, 'dispute_won').map((e) => e.detail.status)).toEqual(['won', 'prevented']);
  });
});

describe('Stripe ledger facts', () => {
  it('keys payments by the PaymentIntent, refunds by re_ with their status, renewals by their payment', async () => {
    const ctx = syncContext();
    const cursor = syncCursor(h.t.db, ACCOUNT)!;
    const { paymentIntent, charge } = createPayment(h.server.account, { customer: seed.alice.id, amount: 2500 });
    h.server.account.newRefundStatus = 'pending';
    const r = refund({ charge: charge.id, amount: 500 });
    failRefund(h.server.account, r.id);
    const facts: [string, unknown][] = [];
    for await (const b of h.adapter.sync(cursor, ctx)) facts.push(...b.events.flatMap((e) => (e.ledger ? [[e.type, e.ledger] as [string, unknown]] : [])));
    const byKind = (k: string) => facts.filter(([, f]) => (f as { kind: string }).kind === k).map(([t, f]) => [t, f]);
    expect(byKind('payment')).toEqual([['purchase', expect.objectContaining({ paymentKey: paymentIntent.id, purchaseKey: paymentIntent.id, status: 'paid', amountMinor: 2500, currency: 'USD', refs: { stripe_charge: charge.id } })]]);
    const refunds = byKind('refund').map(([t, f]) => [t, (f as { refundKey: string }).refundKey, (f as { status: string }).status, (f as { paymentKey: string }).paymentKey]);
    // as each event's snapshot tells it: created pending, then failed
    expect(refunds).toEqual([
      ['refund', r.id, 'pending', paymentIntent.id],
      ['refund', r.id, 'failed', paymentIntent.id],
      ['refund_failed', r.id, 'failed', paymentIntent.id],
    ]);
  });
});

describe('Stripe customers', () => {
  it('customer.updated: a new email and app user ID reach the cache and find the customer', async () => {
    updateCustomer(h.server.account, seed.bob.id, { email: 'robert@example.com', metadata: { app_user_id: 'user_bob' } });
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    const owner = (kind: string, value: string) =>
      customerByIdentifier(h.t.db, kind, value) ?? undefined;
    const bob = owner('stripe_customer', seed.bob.id);
    expect(bob).toBeDefined();
    expect(owner('email', 'robert@example.com')).toBe(bob);
    expect(owner('app_user_id', 'user_bob')).toBe(bob);
    // the customer's email follows Stripe's newest word (the cache held the old one before)
    expect(customerHeader(h.t.db, bob!).email).toBe('robert@example.com');
  });
});
