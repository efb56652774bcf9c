// Two desktops (two workspace files, one Stripe account) refunding the same payment, and
// a refund whose status changes at Stripe after the console heard "succeeded" or "pending".
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refundedMinor } from '../../../src-main/db/ledger';
import { tempDb, type TempDb } from '../../support/db';
import { createCustomer, createPayment, startStripeServer, updateRefund, type StripeTestServer } from '../../servers/stripe';
import { AGENT, AGENT2, ctx, ingestRun, purchaseIdOf, service, stripeAdapter, type ServiceHarness } from './fixtures';
import { eventRecords, syncAccounts, syncCursor } from '../../support/read';

let server: StripeTestServer;
let a: TempDb;
let b: TempDb;
beforeAll(async () => {
  server = await startStripeServer();
});
afterAll(() => server.close());
beforeEach(() => {
  a = tempDb();
  b = tempDb();
});
afterEach(() => {
  server.setHold(0);
  server.account.newRefundStatus = 'succeeded';
  a.close();
  b.close();
});

async function desktop(t: TempDb): Promise<ServiceHarness> {
  const adapter = stripeAdapter(server);
  await ingestRun(t.db, adapter.sync(null, ctx()));
  return service(t.db, { stripe: adapter });
}

async function settle(h: ServiceHarness, id: string) {
  for (let i = 0; i < 30; i++) {
    const r = await h.service.reconcile(id, AGENT2);
    if (r.status !== 'unknown' && r.status !== 'sent') return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  return h.service.status(id);
}

/** A payment both desktops have synced, and the partial refund of it each would ask for. */
async function sharedPayment(email: string, amountMinor: number) {
  const cus = createCustomer(server.account, { email });
  const { paymentIntent } = createPayment(server.account, { customer: cus.id, amount: 2000 });
  const [ha, hb] = [await desktop(a), await desktop(b)];
  const partial = (t: TempDb) => ({ purchaseId: purchaseIdOf(t.db, 'stripe', paymentIntent.id), mode: 'refund' as const, refundKind: 'partial' as const, amountMinor, reason: 'requested_by_customer' as const });
  return { pi: paymentIntent.id, ha, hb, partial };
}

describe('two desktops, one Stripe account', () => {
  it('the same partial refund sent from both at once comes out once; the second agent is told who made it', async () => {
    const { pi, ha, hb, partial } = await sharedPayment('two@example.com', 500);
    server.setHold(400);
    const first = ha.service.create(partial(a), AGENT);
    await new Promise((r) => setTimeout(r, 60));
    const second = hb.service.create(partial(b), AGENT2);
    const [ra, rb0] = await Promise.all([first, second]);
    server.setHold(0);
    expect(ra.status).toBe('succeeded');
    const rb = rb0.status === 'unknown' ? await settle(hb, rb0.id) : rb0;
    expect(rb.status).toBe('failed');
    expect(rb.message).toMatch(/^This refund was already made by Jane \(jdoe\) \(re_\w+, 5\.00 USD, succeeded\)\. Nothing was refunded again\./);
    const refunds = server.account.refunds.items.filter((r) => r.payment_intent === pi);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.metadata).toMatchObject({ refund_desk_intent: ra.id, refund_desk_agent: 'Jane (jdoe)' });

    // a second refund of the same amount, confirmed on purpose, is a refund of its own
    const again = await hb.service.create({ ...partial(b), allowRepeat: true }, AGENT2);
    expect(again.status).toBe('succeeded');
    expect(server.account.refunds.items.filter((r) => r.payment_intent === pi)).toHaveLength(2);
  });

  it('a different reason on the second desktop: Stripe refuses the reuse, the agent is told the refund exists', async () => {
    const cus = createCustomer(server.account, { email: 'two2@example.com' });
    const { paymentIntent } = createPayment(server.account, { customer: cus.id, amount: 3000 });
    const [ha, hb] = [await desktop(a), await desktop(b)];
    const base = (t: TempDb) => ({ purchaseId: purchaseIdOf(t.db, 'stripe', paymentIntent.id), mode: 'refund' as const, refundKind: 'partial' as const, amountMinor: 700 });
    expect((await ha.service.create({ ...base(a), reason: 'duplicate' }, AGENT)).status).toBe('succeeded');
    const rb = await hb.service.create({ ...base(b), reason: 'requested_by_customer' }, AGENT2);
    expect(rb.status).toBe('failed');
    expect(rb.message).toMatch(/already made by Jane \(jdoe\)/);
    expect(server.account.refunds.items.filter((r) => r.payment_intent === paymentIntent.id)).toHaveLength(1);
  });
});

describe('after Stripe forgot the key (24 h)', () => {
  it('the second desktop finds the refund by its key on the payment and sends nothing', async () => {
    const { pi, ha, hb, partial } = await sharedPayment('late@example.com', 400);
    expect((await ha.service.create(partial(a), AGENT)).status).toBe('succeeded');
    server.account.clockOffset += 25 * 3600;
    try {
      const rb = await hb.service.create(partial(b), AGENT2);
      expect(rb.status).toBe('failed');
      expect(rb.message).toMatch(/already made by Jane \(jdoe\)/);
    } finally {
      server.account.clockOffset -= 25 * 3600;
    }
    expect(server.account.refunds.items.filter((r) => r.payment_intent === pi)).toHaveLength(1);
  });
});

describe('a slow Stripe', () => {
  it('409 after the SDK\u2019s timeout: the intent stays unknown, a new click is refused, the settle refunds once', async () => {
    const cus = createCustomer(server.account, { email: 'slow@example.com' });
    const { paymentIntent } = createPayment(server.account, { customer: cus.id, amount: 700 });
    const slow = stripeAdapter(server, { timeoutMs: 150, maxNetworkRetries: 2 });
    await ingestRun(a.db, slow.sync(null, ctx()));
    const h = service(a.db, { stripe: slow });
    const purchaseId = purchaseIdOf(a.db, 'stripe', paymentIntent.id);
    const full = { purchaseId, mode: 'refund' as const, refundKind: 'full' as const, reason: 'requested_by_customer' as const };
    server.setHold(4500); // past two SDK calls of 3 attempts each (timeouts and back-off: under 4 s)
    const held = Date.now();
    const r = await h.service.create(full, AGENT);
    expect(r.status).toBe('unknown');
    expect(r.message).toMatch(/still processing/);
    const again = await h.service.create(full, AGENT).catch((e: Error) => e);
    expect((again as Error).message).toMatch(/still unconfirmed/);
    await new Promise((res) => setTimeout(res, Math.max(0, 4600 - (Date.now() - held))));
    server.setHold(0);
    const settled = await settle(h, r.id);
    expect(settled.status).toBe('succeeded');
    expect(server.account.refunds.items.filter((x) => x.payment_intent === paymentIntent.id)).toHaveLength(1);
  });
});

describe('refund statuses after the answer', () => {
  it('pending, then succeeded at Stripe: the intent says pending, the sync shows the final status', async () => {
    const cus = createCustomer(server.account, { email: 'pending@example.com' });
    const { paymentIntent } = createPayment(server.account, { customer: cus.id, amount: 1200 });
    const h = await desktop(a);
    server.account.newRefundStatus = 'pending';
    const r = await h.service.create({ purchaseId: purchaseIdOf(a.db, 'stripe', paymentIntent.id), mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.steps.join(' ')).toMatch(/Stripe reports the refund as pending/);
    expect(r.status).toBe('succeeded'); // the request succeeded; the money is not final yet
    updateRefund(server.account, r.storeRef!, 'succeeded');
    const statuses: string[] = [];
    const [account] = syncAccounts(a.db);
    const cursor = account ? syncCursor(a.db, account) : null;
    for await (const batch of stripeAdapter(server).sync(cursor, ctx())) {
      for (const e of batch.events) if (e.ledger?.kind === 'refund' && e.ledger.refundKey === r.storeRef) statuses.push(e.ledger.status);
    }
    // the ledger learns the refund as Stripe told it: pending, then succeeded
    expect(statuses).toEqual(['pending', 'succeeded']);
  });

  it('succeeded, then failed at Stripe (closed card): the sync records the failure', async () => {
    const cus = createCustomer(server.account, { email: 'failed@example.com' });
    const { paymentIntent } = createPayment(server.account, { customer: cus.id, amount: 1300 });
    const h = await desktop(a);
    const r = await h.service.create({ purchaseId: purchaseIdOf(a.db, 'stripe', paymentIntent.id), mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('succeeded');
    updateRefund(server.account, r.storeRef!, 'failed', 'expired_or_canceled_card');
    await ingestRun(a.db, stripeAdapter(server).sync(null, ctx()));
    // one event per status of the one refund, under Stripe's re_ ID (the ledger's event key)
    const failed = eventRecords(a.db, { types: ['refund_failed'] }).find((e) => e.dedupe_key === `ledger:refund:stripe:${r.storeRef}:failed`);
    expect(failed).toBeDefined();
    expect(JSON.parse(failed!.detail!).summary).toMatch(/card was closed or expired/);
    const told = eventRecords(a.db, { purchaseId: purchaseIdOf(a.db, 'stripe', paymentIntent.id), types: ['refund', 'refund_failed'] }).map(({ type, dedupe_key }) => ({ type, dedupe_key }));
    expect(told).toEqual([
      { type: 'refund', dedupe_key: `ledger:refund:stripe:${r.storeRef}:succeeded` },
      { type: 'refund_failed', dedupe_key: `ledger:refund:stripe:${r.storeRef}:failed` },
    ]);
    // the money came back to the merchant: nothing counts as refunded
    expect(refundedMinor(a.db, { store: 'stripe', paymentKey: paymentIntent.id, amountMinor: 1300 })).toBe(0);
  });
});
