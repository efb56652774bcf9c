import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { customerPurchases, customerSummary } from '../../../src-main/db/customers';
import { search } from '../../../src-main/db/search';
import { openDispute, paymentByKey, refundedMinor, refundsOfPayment } from '../../../src-main/db/ledger';
import { createDemoWorkspace, generateDemo } from '../../../src-main/demo/generate';
import { DEMO_AMAZON, DEMO_CONSUMPTION, DEMO_DISPUTE, DEMO_JANE, DEMO_PLAY_CONSOLE_REFUND } from '../../../src-main/demo/fixtures';
import { largeWorkspaceBatches } from '../../../src-main/demo/large';
import { eventRecords, purchases } from '../../support/read';
import { getSetting } from '../../../src-main/db/settings';

const dir = mkdtempSync(join(tmpdir(), 'refund-desk-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.UTC(2026, 5, 1);

describe('demo workspace', () => {
  const db = createDemoWorkspace(join(dir, 'demo.sqlite'), { now: NOW });
  afterAll(() => db.close());

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(generateDemo({ now: NOW }))).toBe(JSON.stringify(generateDemo({ now: NOW })));
    expect(JSON.stringify(generateDemo({ now: NOW, seed: 1 }))).not.toBe(JSON.stringify(generateDemo({ now: NOW })));
  });

  it('covers the four stores and every kind of refund event, labelled as demo', () => {
    const stores = [...new Set(purchases(db).map((p) => p.store))].sort();
    expect(stores).toEqual(['amazon', 'apple', 'google', 'stripe']);
    const events = eventRecords(db);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['purchase', 'renewal', 'trial_started', 'trial_converted', 'refund', 'refund_failed', 'refund_declined', 'refund_reversed', 'cancellation', 'billing_issue', 'grace_period', 'dispute_opened', 'dispute_lost', 'consumption_request']) {
      expect(types, t).toContain(t);
    }
    const kinds = new Set(events.filter((e) => e.type === 'refund').map((e) => (JSON.parse(e.detail ?? '{}') as { refundKind?: string }).refundKind ?? null));
    expect([...kinds].sort()).toEqual(['full', 'partial', 'prorated']);
    expect(getSetting(db, 'demo')).toBe('true');
  });

  it('Jane has Apple, Google and Stripe purchases and is found by each of her identifiers', () => {
    const byEmail = search(db, DEMO_JANE.email)[0]!;
    expect(byEmail.rank).toBe('exact');
    for (const q of [DEMO_JANE.googleOrderId, `${DEMO_JANE.googleOrderId}..1`, DEMO_JANE.appleOriginalTransactionId, DEMO_JANE.stripeCustomer, DEMO_JANE.appUserId, DEMO_JANE.googlePurchaseToken, DEMO_JANE.stripePaymentIntent, DEMO_JANE.appleOrderId]) {
      expect(search(db, q)[0]?.customerId, q).toBe(byEmail.customerId);
    }
    const ps = customerPurchases(db, byEmail.customerId, NOW);
    expect(new Set(ps.map((p) => p.store))).toEqual(new Set(['apple', 'google', 'stripe']));
    expect(ps.find((p) => p.store === 'apple')!.state).toBe('revoked');
    expect(customerSummary(db, byEmail.customerId, NOW).risk.refundsOnSeveralStores).toBe(true);
  });

  it('has an open consumption request, an open dispute, an Amazon cancellation and a Play Console refund', () => {
    const gems = search(db, DEMO_CONSUMPTION.appUserId)[0]!.customerId;
    expect(customerSummary(db, gems, NOW).openRefundRequests).toBe(1);
    expect(db.prepare("SELECT deadline_at - ? FROM refund_requests WHERE status = 'open'").pluck().get(NOW)).toBe(9 * 3_600_000);
    expect(customerSummary(db, search(db, DEMO_DISPUTE.stripeCustomer)[0]!.customerId, NOW).openDisputes).toBe(1);
    const amazon = customerPurchases(db, search(db, DEMO_AMAZON.receiptId)[0]!.customerId, NOW)[0]!;
    expect(amazon.state).toBe('refunded_active');
    const play = customerPurchases(db, search(db, DEMO_PLAY_CONSOLE_REFUND.googleOrderId)[0]!.customerId, NOW)[0]!;
    expect(play.state).toBe('refunded_active'); // refund only of the latest order: access stays
    const viaOrders = eventRecords(db, { types: ['refund'] }).filter(
      (e) => e.order_id?.startsWith('GPA.3377') && (JSON.parse(e.detail ?? '{}') as { detectedVia?: string }).detectedVia === 'google_orders',
    );
    expect(viaOrders).toHaveLength(1);
  });

  it('holds the truth about money in the ledger: Jane\'s failed $5 and $10 partial, a pending refund, a reversal, an inquiry', () => {
    const jane = paymentByKey(db, 'stripe', DEMO_JANE.stripePaymentIntent)!;
    expect(jane).toMatchObject({ amountMinor: 2999, refs: { charge: 'ch_DemoJane0001' }, storeSourced: true });
    expect(refundsOfPayment(db, jane).map((r) => [r.refundKey, r.status, r.amountMinor])).toEqual([
      ['re_DemoJane0001', 'succeeded', 1000],
      ['re_DemoJane0002', 'failed', 500],
    ]);
    expect(refundedMinor(db, jane)).toBe(1000);
    const latestInvoice = paymentByKey(db, 'stripe', 'in_DemoJane0002')!;
    expect(refundsOfPayment(db, latestInvoice).map((r) => r.status)).toEqual(['pending']);
    expect(refundedMinor(db, latestInvoice)).toBe(0);
    expect(db.prepare("SELECT status, amount_minor FROM refunds WHERE store = 'apple' AND refund_key = '2000000999000222'").get()).toEqual({ status: 'reversed', amount_minor: 499 });
    expect(db.prepare("SELECT status FROM disputes WHERE dispute_key = 'dp_DemoJaneInquiry'").pluck().get()).toBe('warning_closed');
    expect(openDispute(db, { store: 'stripe', paymentKey: 'in_DemoJane0000' })).toBeNull();
    expect(openDispute(db, { store: 'stripe', paymentKey: DEMO_DISPUTE.stripePaymentIntent })?.status).toBe('needs_response');
  });

  it('large mode yields about 5 events per purchase and one 10,000-event customer', () => {
    let purchases = 0;
    let events = 0;
    for (const b of largeWorkspaceBatches({ purchases: 4000, now: NOW })) {
      purchases += b.purchases.length;
      events += b.events.length;
    }
    expect(purchases).toBe(4001);
    expect((events - 10_000) / 4000).toBeGreaterThan(4.5);
    expect((events - 10_000) / 4000).toBeLessThan(6);
  });
});
