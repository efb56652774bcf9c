// Issue 12: Insights' refund figures read the ledger, counted as the customer summary counts
// them (domain/ledgerCount.ts): a refund counts only while it is succeeded, one refund once
// however many keys name it, and an import never changes what a store row says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerSummary } from '../../../src-main/db/customers';
import { ingest, ingestInTransaction } from '../../../src-main/db/ingest';
import type { RefundFact } from '../../../src-main/domain/ledger';
import { insightsQuerySchema, type InsightsDto } from '../../../src-main/ipc/channels/insights';
import { computeInsights } from '../../../src-main/insights';
import type { EventInput } from '../../../src-main/stores/types';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { paid, refunded } from '../../support/ledgerFacts';

const at = (iso: string) => Date.parse(iso);
const PAID_AT = at('2026-01-10T10:00:00Z');
const REFUND_AT = at('2026-01-12T10:00:00Z');
let t: TempDb;

const q = insightsQuerySchema.parse({ from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') });

/** The report from the summaries and from its own scan: both must say the same. */
function report(): InsightsDto {
  const { computedAt: _a, tookMs: _b, ...fast } = computeInsights(t.db, q, 0);
  const { computedAt: _c, tookMs: _d, ...scan } = computeInsights(t.db, q, 0, { summaries: false });
  expect(fast).toEqual(scan);
  return computeInsights(t.db, q, 0);
}

const refundFigures = (d: InsightsDto) => ({
  count: d.totals.refunds,
  amount: d.refunds.reduce((n, r) => n + r.amountMinor, 0),
  refundedPaid: d.totals.refundedPaid,
});

function stripePayment() {
  ingest(t.db, {
    purchases: [purchase('stripe', 'pi_1', { purchasedAt: PAID_AT, priceMinor: 2000, currency: 'USD', kind: 'one_time' })],
    events: [paid({ store: 'stripe', purchaseKey: 'pi_1', key: 'pi_1', at: PAID_AT, amountMinor: 2000, currency: 'USD' })],
  });
}

const stripeRefund = (status: RefundFact['status'], observed: number) =>
  refunded({ store: 'stripe', purchaseKey: 'pi_1', key: 're_1', paymentKey: 'pi_1', amountMinor: 500, currency: 'USD', status, at: observed, createdAt: REFUND_AT });

beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

describe('Insights reads the ledger', () => {
  it.each(['failed', 'reversed', 'canceled'] as const)('counts a refund only while it is succeeded (pending -> succeeded -> %s)', (last) => {
    stripePayment();
    ingest(t.db, { purchases: [], events: [stripeRefund('pending', REFUND_AT)] });
    expect(refundFigures(report())).toEqual({ count: 0, amount: 0, refundedPaid: 0 });
    ingest(t.db, { purchases: [], events: [stripeRefund('succeeded', REFUND_AT + 60_000)] });
    expect(refundFigures(report())).toEqual({ count: 1, amount: 500, refundedPaid: 1 });
    ingest(t.db, { purchases: [], events: [stripeRefund(last, REFUND_AT + 120_000)] });
    expect(refundFigures(report())).toEqual({ count: 0, amount: 0, refundedPaid: 0 });
    expect(report().reasons).toEqual([]);
  });

  it.each([
    ['intent', 'voided', 'orders'],
    ['voided', 'orders', 'intent'],
    ['orders', 'voided', 'intent'],
  ] as const)('counts a Google voided record, the Orders API refund and the console intent of one refund once (%s, %s, %s)', (...order) => {
    ingest(t.db, {
      purchases: [purchase('google', 'tok', { purchasedAt: PAID_AT, priceMinor: 1200, currency: 'EUR' })],
      events: [paid({ store: 'google', purchaseKey: 'tok', key: 'GPA.1', at: PAID_AT, amountMinor: 1200, currency: 'EUR' })],
    });
    const g = { store: 'google' as const, purchaseKey: 'tok', paymentKey: 'GPA.1', currency: 'EUR', status: 'succeeded' as const };
    const intent = refunded({ ...g, key: 'intent:ri_1', amountMinor: 1200, kind: 'full', revokes: true, at: REFUND_AT, source: 'console' });
    const withIntent: EventInput = { ...intent, ledger: { ...(intent.ledger as RefundFact), intentId: 'ri_1' } };
    const voided = refunded({ ...g, key: 'GPA.1#voided', amountMinor: null, kind: 'full', revokes: true, at: REFUND_AT + 3_600_000 });
    const orders = refunded({ ...g, key: `GPA.1#${REFUND_AT + 1000}`, amountMinor: 1200, kind: 'full', revokes: true, at: REFUND_AT + 1000 });
    const told = { intent: withIntent, voided, orders };
    // in any order the paths tell it, one batch at a time
    for (const e of order.map((k) => told[k])) {
      ingest(t.db, { purchases: [], events: [e] });
      expect(refundFigures(report())).toEqual({ count: 1, amount: 1200, refundedPaid: 1 });
    }
  });

  it('counts a refund made here once when the store tells it after the console intent naming it', () => {
    stripePayment();
    const intent = refunded({ store: 'stripe', purchaseKey: 'pi_1', key: 'intent:ri_9', paymentKey: 'pi_1', amountMinor: 500, currency: 'USD', status: 'succeeded', at: REFUND_AT, source: 'console' });
    ingest(t.db, { purchases: [], events: [{ ...intent, ledger: { ...(intent.ledger as RefundFact), intentId: 'ri_9', aliasOf: 're_1' } }] });
    expect(refundFigures(report())).toEqual({ count: 1, amount: 500, refundedPaid: 1 });
    ingest(t.db, { purchases: [], events: [stripeRefund('succeeded', REFUND_AT + 1000)] });
    expect(refundFigures(report())).toEqual({ count: 1, amount: 500, refundedPaid: 1 });
  });

  it('a pending refund is not refunded, and the figure agrees with the customer summary', () => {
    stripePayment();
    const second = refunded({ store: 'stripe', purchaseKey: 'pi_1', key: 're_2', paymentKey: 'pi_1', amountMinor: 300, currency: 'USD', status: 'succeeded', at: REFUND_AT });
    ingest(t.db, { purchases: [], events: [stripeRefund('pending', REFUND_AT), second] });
    expect(refundFigures(report())).toEqual({ count: 1, amount: 300, refundedPaid: 1 });
    const customer = t.db.prepare('SELECT customer_id FROM purchases').pluck().get() as number;
    expect(customerSummary(t.db, customer).refundCount).toBe(report().totals.refunds);
  });

  it('an imported row that conflicts with the store row does not count', () => {
    stripePayment();
    ingest(t.db, { purchases: [], events: [stripeRefund('failed', REFUND_AT)] });
    // the .rdexport claims the failed refund succeeded: the import's word, kept apart
    t.db.transaction(() => ingestInTransaction(t.db, { purchases: [], events: [stripeRefund('succeeded', REFUND_AT)] }, REFUND_AT, { imported: true }))();
    expect(refundFigures(report())).toEqual({ count: 0, amount: 0, refundedPaid: 0 });
  });
});
