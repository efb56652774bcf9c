// Refunds through the SDK against the test server: exactly once, and Stripe's refusals in its words.
import { describe, expect, it } from 'vitest';
import { createStripeAdapter } from '../../../../src-main/stores/stripe';
import type { StoreRefundRequest } from '../../../../src-main/stores/adapter';
import { openDispute, refundCharge, seedAccount } from '../../../servers/stripe';
import { seededHarnessPerTest, type Harness } from './harness';

let h: Harness;
let seed: ReturnType<typeof seedAccount>;
seededHarnessPerTest((w) => ({ h, seed } = w));

const request = (over: Partial<StoreRefundRequest> = {}): StoreRefundRequest => ({
  intentId: 'intent_1',
  idempotencyKey: 'rd-key-1',
  purchaseKey: seed.payment.paymentIntent.id,
  paymentRef: seed.payment.paymentIntent.id,
  mode: 'refund',
  refundKind: 'partial',
  amountMinor: 1000,
  currency: 'USD',
  reason: 'requested_by_customer',
  ...over,
});
const refundPosts = () => h.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');

describe('Stripe refund', () => {
  it('sends the intent key as Idempotency-Key and the intent ID in metadata; a double call refunds once', async () => {
    const [a, b] = await Promise.all([h.adapter.refund!(request()), h.adapter.refund!(request())]);
    const c = await h.adapter.refund!(request());
    expect(a.status).toBe('succeeded');
    expect(b.status).toBe('succeeded');
    expect(c.status).toBe('succeeded');
    expect(h.server.account.refundCreations).toBe(1);
    expect(refundPosts().every((r) => r.idempotencyKey === 'rd-key-1')).toBe(true);
    const refund = h.server.account.refunds.items[0]!;
    expect(refund.metadata).toMatchObject({ refund_desk_intent: 'intent_1' });
    expect(refund.amount).toBe(1000);
    expect(a.status === 'succeeded' && c.status === 'succeeded' && a.storeRef === c.storeRef).toBe(true);
  });

  it('the same key with other parameters is refused by Stripe, not refunded; the agent is told who made it', async () => {
    await h.adapter.refund!(request({ agent: 'Jane (jdoe)' }));
    const out = await h.adapter.refund!(request({ intentId: 'intent_2', reason: 'duplicate', agent: 'Bob (bsmith)' }));
    expect(out).toMatchObject({ status: 'failed', code: 'already_refunded_elsewhere' });
    expect(out.status === 'failed' && out.message).toMatch(/^This refund was already made by Jane \(jdoe\) \(re_/);
    expect(h.server.account.refundCreations).toBe(1);
  });

  it('retries a 500 with the same key (SDK retries) and refunds once', async () => {
    h.server.addFault({ fault: { kind: 'server_error' }, method: 'POST', path: '/v1/refunds', times: 1 });
    const out = await h.adapter.refund!(request());
    expect(out.status).toBe('succeeded');
    expect(refundPosts()).toHaveLength(2);
    expect(new Set(refundPosts().map((r) => r.idempotencyKey))).toEqual(new Set(['rd-key-1']));
    expect(h.server.account.refundCreations).toBe(1);
  });

  it('a response lost after Stripe refunded gives unknown; reconcile re-sends the same request and Stripe replays it', async () => {
    h.server.addFault({ fault: { kind: 'drop_after' }, method: 'POST', path: '/v1/refunds', times: 10 });
    const out = await h.adapter.refund!(request());
    expect(out.status).toBe('unknown');
    expect(h.server.account.refundCreations).toBe(1);
    expect(refundPosts().length).toBeGreaterThan(1); // the SDK retried, with the same key, and Stripe replayed
    h.server.clearFaults();
    const posts = refundPosts().length;
    const rec = await h.adapter.reconcile!(request());
    expect(rec).toMatchObject({ status: 'succeeded', amountMinor: 1000 });
    expect(refundPosts().slice(posts).map((r) => [r.idempotencyKey, r.status])).toEqual([['rd-key-1', 200]]);
    expect(h.server.account.refundCreations).toBe(1);
    // another intent with the same key (another desktop) is told the refund exists already
    expect(await h.adapter.reconcile!(request({ intentId: 'intent_other' }))).toMatchObject({ status: 'failed', code: 'already_refunded_elsewhere' });
    expect(h.server.account.refundCreations).toBe(1);
  });

  it('a timeout gives unknown', async () => {
    const slow = createStripeAdapter({
      credential: { store: 'stripe', secretKey: h.server.keys.secret },
      endpoint: { host: h.server.host, port: h.server.port, protocol: 'http' },
      timeoutMs: 300,
      maxNetworkRetries: 0,
    });
    h.server.addFault({ fault: { kind: 'hang' }, method: 'POST', path: '/v1/refunds', times: 1 });
    const out = await slow.refund!(request());
    expect(out.status).toBe('unknown');
  });

  it("reports charge_already_refunded, amount too large and a disputed charge in Stripe's words", async () => {
    refundCharge(h.server.account, { charge: seed.payment.charge.id as string });
    expect(await h.adapter.refund!(request())).toMatchObject({ status: 'failed', code: 'charge_already_refunded', message: expect.stringContaining('has already been refunded') });
    const other = seedAccount(h.server.account);
    const tooLarge = await h.adapter.refund!(request({ idempotencyKey: 'k2', paymentRef: other.payment.paymentIntent.id, amountMinor: 999_999 }));
    expect(tooLarge).toMatchObject({ status: 'failed', code: 'amount_too_large', message: expect.stringMatching(/greater than unrefunded amount/) });
    openDispute(h.server.account, other.payment.charge.id as string);
    expect(await h.adapter.refund!(request({ idempotencyKey: 'k3', paymentRef: other.payment.paymentIntent.id }))).toMatchObject({ status: 'failed', code: 'charge_disputed' });
    expect(h.server.account.refundCreations).toBe(0);
  });

  it('refund and revoke: cancels the subscription now, then refunds the latest paid invoice', async () => {
    const out = await h.adapter.refund!(request({ mode: 'refund_and_revoke', purchaseKey: seed.subscription.id, paymentRef: seed.subscription.id, amountMinor: 999, refundKind: 'full' }));
    expect(out.status).toBe('succeeded');
    expect(out.steps).toEqual([expect.stringMatching(/cancelled now/), expect.stringMatching(/^Refunded 999 USD/)]);
    expect(h.server.account.subscriptions.get(seed.subscription.id)!.status).toBe('canceled');
    const latest = h.server.account.invoices.items.filter((i) => i.status === 'paid').at(-1)!;
    const pi = (latest.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
    expect(h.server.account.refunds.items[0]!.payment_intent).toBe(pi);
  });

  it('refund and revoke: when the refund is refused after the cancel, says what happened and how to finish', async () => {
    const latest = h.server.account.invoices.items.filter((i) => i.status === 'paid').at(-1)!;
    const pi = (latest.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
    refundCharge(h.server.account, { paymentIntent: pi });
    const out = await h.adapter.refund!(request({ mode: 'refund_and_revoke', purchaseKey: seed.subscription.id, paymentRef: seed.subscription.id, amountMinor: 999 }));
    expect(out.status).toBe('failed');
    expect(out.steps?.[0]).toMatch(/cancelled now/);
    expect(out.steps?.at(-1)).toMatch(/To finish/);
  });
});

describe('Stripe refund: uncertain answers, checks and statuses', () => {
  const slowAdapter = (timeoutMs: number, maxNetworkRetries: number) =>
    createStripeAdapter({
      credential: { store: 'stripe', secretKey: h.server.keys.secret },
      endpoint: { host: h.server.host, port: h.server.port, protocol: 'http' },
      timeoutMs,
      maxNetworkRetries,
    });

  it('409 after a client timeout: the SDK retries while Stripe still runs the first; unknown, then settled once', async () => {
    h.server.setHold(1500);
    const out = await slowAdapter(150, 2).refund!(request());
    expect(out.status).toBe('unknown');
    expect(out.status === 'unknown' && out.message).toMatch(/still processing/);
    const statuses = refundPosts().map((r) => r.status);
    expect(statuses).toContain(409);
    // a settle while it still runs stays unknown; nothing is refused or repeated
    expect(await slowAdapter(3000, 0).reconcile!(request())).toMatchObject({ status: 'unknown' });
    await new Promise((r) => setTimeout(r, 1600));
    h.server.setHold(0);
    expect(await h.adapter.reconcile!(request())).toMatchObject({ status: 'succeeded', amountMinor: 1000 });
    expect(h.server.account.refundCreations).toBe(1);
  });

  it('before sending, the payment is read again: a different amount, customer or an open dispute is refused in words', async () => {
    const pi = seed.payment.paymentIntent;
    const expected = { amountMinor: 4999, currency: 'USD', storeCustomer: seed.alice.id, disputeOpen: false };
    expect(await h.adapter.refund!(request({ expected: { ...expected, amountMinor: 5999 } }))).toMatchObject({ status: 'failed', code: 'payment_changed', message: expect.stringContaining('Stripe has 49.99 USD, you confirmed 59.99 USD') });
    expect(await h.adapter.refund!(request({ expected: { ...expected, storeCustomer: seed.bob.id } }))).toMatchObject({ status: 'failed', code: 'payment_changed', message: expect.stringContaining(`customer ${seed.alice.id}`) });
    openDispute(h.server.account, pi.latest_charge as string);
    expect(await h.adapter.refund!(request({ expected }))).toMatchObject({ status: 'failed', code: 'payment_changed', message: expect.stringContaining('a dispute is open at Stripe') });
    expect(refundPosts()).toHaveLength(0);
  });

  it('an inquiry (is_charge_refundable) does not block the refund', async () => {
    openDispute(h.server.account, seed.payment.charge.id as string, { inquiry: true });
    const out = await h.adapter.refund!(request({ expected: { amountMinor: 4999, currency: 'USD', disputeOpen: false } }));
    expect(out.status).toBe('succeeded');
  });

  it('a pending refund is reported as pending, not as done', async () => {
    h.server.account.newRefundStatus = 'pending';
    const out = await h.adapter.refund!(request());
    expect(out).toMatchObject({ status: 'succeeded', storeStatus: 'pending' });
    expect(out.steps?.join(' ')).toMatch(/pending/);
  });

  it('refund and revoke: the cancel\u2019s answer is lost; the subscription is read again and the refund goes on', async () => {
    h.server.addFault({ fault: { kind: 'drop_after' }, method: 'DELETE', path: '/v1/subscriptions', times: 1 });
    const out = await h.adapter.refund!(request({ mode: 'refund_and_revoke', purchaseKey: seed.subscription.id, paymentRef: seed.subscription.id, amountMinor: 999, refundKind: 'full' }));
    expect(out.status).toBe('succeeded');
    expect(out.steps?.[0]).toMatch(/answer was lost; reading the subscription again shows it cancelled/);
    expect(h.server.account.refundCreations).toBe(1);
  });
});

describe('Stripe testConnection', () => {
  it('reports the mode and that a full key may refund, without creating anything', async () => {
    const r = await h.adapter.testConnection();
    expect(r).toMatchObject({ ok: true, mode: 'test', missing: [] });
    expect(r.can).toContain('create refunds');
    expect(h.server.account.refundCreations).toBe(0);
  });

  it('reports a restricted key without refund rights', async () => {
    const rk = createStripeAdapter({ credential: { store: 'stripe', secretKey: h.server.keys.restrictedNoRefund }, endpoint: { host: h.server.host, port: h.server.port, protocol: 'http' } });
    const r = await rk.testConnection();
    expect(r.ok).toBe(false);
    expect(r.can).toContain('read balance');
    expect(r.missing.join(' ')).toMatch(/rak_refund_write/);
  });

  it("reports a bad key (401) in Stripe's words", async () => {
    const bad = createStripeAdapter({ credential: { store: 'stripe', secretKey: 'sk_live_wrongwrongwrong1234' }, endpoint: { host: h.server.host, port: h.server.port, protocol: 'http' } });
    const r = await bad.testConnection();
    expect(r).toMatchObject({ ok: false, mode: 'live' });
    expect(r.message).toMatch(/^Invalid API Key provided: sk_live_/);
    expect(r.message).not.toContain('wrongwrongwrong');
  });
});
