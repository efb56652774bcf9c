// A purchase with thousands of payments (issue 20: no synchronous query over 16 ms on the
// main thread): the preview lists the newest few, says how many there are, keeps the totals
// exact (against a full row-by-row reading of every payment), and a payment outside the
// listed page is still previewed exactly and refunded once through the real Stripe adapter.
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import type { EventInput } from '../../../src-main/domain/model';
import { paymentFigures } from '../../../src-main/db/ledgerFigures';
import { heavyCustomerBatches } from '../../../src-main/demo/large';
import { PREVIEW_PAYMENTS, type RefundPreviewDto } from '../../../src-main/ipc/channels/refunds';
import { readPurchaseFacts } from '../../../src-main/refunds/facts';
import { remaining } from '../../../src-main/refunds/policy';
import { createRefundService } from '../../../src-main/refunds/service';
import { createDbWorkerRunner } from '../../../src-main/worker/runner';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { createCustomer, createSubscription, type StripeTestServer } from '../../servers/stripe';
import type { TempDb } from '../../support/db';
import { AGENT, ctx, DAY, ingestRun, purchaseIdOf, stripeRefundWorld, stripeRefunds, type ServiceHarness } from './fixtures';

let server: StripeTestServer;
let t: TempDb;
let adapter: StoreAdapter;
let h: ServiceHarness;

stripeRefundWorld((w) => ({ server, t, adapter, h } = w));

const MANY = 5_000;

/** The totals as a full reading of every payment row gives them (what the preview must equal). */
function fullTotals(purchaseId: number) {
  const f = readPurchaseFacts(t.db, purchaseId)!;
  const sum = (pick: (p: (typeof f.payments)[number]) => number) => f.payments.reduce((n, p) => n + pick(p), 0);
  return {
    currency: f.payments[0]!.currency,
    paymentCount: f.payments.length,
    paidMinor: sum((p) => p.amountMinor),
    refundedMinor: sum((p) => p.refundedMinor),
    pendingMinor: sum((p) => p.pendingMinor),
    remainingMinor: sum((p) => remaining(p)),
  };
}

function expectBounded(p: RefundPreviewDto, limit: number, count: number): void {
  expect(p.paymentCount).toBe(count);
  expect(p.paymentsNewest).toBe(Math.min(limit, count));
  expect(p.payments.length).toBeLessThanOrEqual(limit + 1);
  expect(p.payments.length).toBeGreaterThanOrEqual(Math.min(limit, count));
}

describe('refund preview of a purchase with thousands of payments', () => {
  it('lists the newest payments only, with the count and exact totals', async () => {
    const now = Date.UTC(2026, 5, 1);
    for (const batch of heavyCustomerBatches({ events: MANY, now })) ingest(t.db, batch, now);
    // Refunds of payments spread over the purchase (partial, full, and one only an import names).
    const refunds: EventInput[] = [10, 500, 2_000, 4_990, 4_998].map((k, i) => ({
      store: 'stripe', purchaseKey: 'sub_Heavy100k', type: 'refund', occurredAt: now - i * 1000, source: i === 4 ? 'import' : 'store_api', dedupeKey: `many:refund:${k}`,
      amountMinor: i % 2 ? 99 : 40, currency: 'USD', orderId: `in_Heavy100k${k}`, detail: { refundKind: i % 2 ? 'full' : 'partial', detectedVia: 'stripe_events' },
    }));
    ingest(t.db, { purchases: [], events: refunds }, now);
    const purchaseId = purchaseIdOf(t.db, 'stripe', 'sub_Heavy100k');
    const all = paymentFigures(t.db, { purchaseId }).filter((x) => x.status === 'paid' && x.amountMinor != null);
    expect(all.length).toBeGreaterThan(MANY * 0.9);

    const p = await h.service.preview({ purchaseId });
    expectBounded(p, PREVIEW_PAYMENTS, all.length);
    // the newest ones, oldest first, the last one the latest
    expect(p.payments.map((x) => x.ref)).toEqual(all.slice(-PREVIEW_PAYMENTS).map((x) => x.paymentKey));
    expect(p.payments.filter((x) => x.latest).map((x) => x.ref)).toEqual([all.at(-1)!.paymentKey]);
    expect(p.paymentRef).toBe(all.at(-1)!.paymentKey);
    expect(p.totals).toEqual([fullTotals(purchaseId)]);
    expect(p.totals![0]!.refundedMinor).toBe(40 + 99 + 40 + 99);

    // an old payment asked for by its ID: previewed exactly, listed besides the newest
    const old = all[7]!;
    const q = await h.service.preview({ purchaseId, paymentRef: old.paymentKey, paymentsLimit: 10 });
    expectBounded(q, 10, all.length);
    expect(q.paymentRef).toBe(old.paymentKey);
    expect(q.payments[0]).toMatchObject({ ref: old.paymentKey, paidAt: old.paidAt, amountMinor: old.amountMinor, latest: false });
    const full = readPurchaseFacts(t.db, purchaseId)!.payments.find((x) => x.ref === old.paymentKey)!;
    expect(q.amounts).toMatchObject({ paidMinor: full.amountMinor, refundedMinor: full.refundedMinor, remainingMinor: remaining(full) });
    expect(q.totals).toEqual(p.totals);

    // services.ts reads the totals in the read worker (its own read-only connection): the same figures.
    const reads = createDbWorkerRunner({ name: 'Search', timeoutMs: 10_000 });
    try {
      const inWorker = createRefundService({ db: t.db, adapterFor: () => null, isOnline: () => true, now: Date.now, newId: () => 'ri_x', purchaseTotals: (store, id) => reads.run(t.db, 'purchaseTotals', { store, purchaseId: id }) });
      expect(await inWorker.preview({ purchaseId })).toMatchObject({ totals: p.totals, paymentCount: all.length, payments: p.payments });
    } finally {
      await reads.close();
    }
  });

  it('refunds a payment outside the listed page exactly once', async () => {
    // The real subscription's first invoice, paid 30 days ago at the Stripe server...
    server.account.clockOffset = -30 * 86_400;
    let first: string;
    let purchaseId: number;
    try {
      const cus = createCustomer(server.account, { email: 'many@example.com' });
      const { subscription } = createSubscription(server.account, { customer: cus.id, amount: 700 });
      await ingestRun(t.db, adapter.sync(null, ctx()));
      purchaseId = purchaseIdOf(t.db, 'stripe', subscription.id as string);
      first = paymentFigures(t.db, { purchaseId })[0]!.paymentKey;
      // ...then thousands of later renewals of the same purchase, as the store reported them.
      const start = Date.now() - 20 * DAY;
      const events: EventInput[] = [];
      for (let k = 0; k < MANY; k++) {
        events.push({
          store: 'stripe', purchaseKey: subscription.id as string, type: 'renewal', occurredAt: start + k * 60_000, source: 'store_api',
          dedupeKey: `many:${k}`, amountMinor: 700, currency: 'USD', orderId: `in_Many${k}`, detail: { expiresAt: start + (k + 1) * 60_000 },
        });
      }
      ingest(t.db, { purchases: [], events });
    } finally {
      server.account.clockOffset = 0;
    }
    const latest = await h.service.preview({ purchaseId });
    expect(latest.payments.some((x) => x.ref === first)).toBe(false);
    expect(latest.paymentCount).toBe(MANY + 1);

    const p = await h.service.preview({ purchaseId, paymentRef: first, mode: 'refund', refundKind: 'full' });
    expect(p.paymentRef).toBe(first);
    expect(p.amounts.remainingMinor).toBe(700);
    expect(p.summary?.amountMinor).toBe(700);

    const before = stripeRefunds(server);
    const req = { purchaseId, paymentRef: first, mode: 'refund' as const, refundKind: 'full' as const, reason: 'requested_by_customer' as const };
    const [a, b] = await Promise.allSettled([h.service.create(req, AGENT), h.service.create(req, AGENT)]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const done = (a.status === 'fulfilled' ? a.value : (b as PromiseFulfilledResult<Awaited<ReturnType<typeof h.service.create>>>).value);
    expect(done).toMatchObject({ status: 'succeeded', paymentRef: first, amountMinor: 700 });
    expect(stripeRefunds(server) - before).toBe(1);

    const after = await h.service.preview({ purchaseId, paymentRef: first });
    expect(after.amounts).toMatchObject({ refundedMinor: 700, remainingMinor: 0 });
    expect(after.options.every((o) => !o.enabled)).toBe(true);
    expect(after.totals).toEqual([fullTotals(purchaseId)]);
    expect(after.totals![0]).toMatchObject({ refundedMinor: 700, paidMinor: 700 * (MANY + 1) });
  });
});
