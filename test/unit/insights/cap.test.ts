// Round 4: Insights caps a payment's refunds at what it took, as the customer page does
// (domain/ledgerCount.ts countedRefunds, one definition for both): refunds counted oldest
// first, each at most what the payment has left. The summaries (upkeep per batch) must still
// equal the report's own full scan, and the customer summary must say the same figure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerMoney } from '../../../src-main/db/customerMoney';
import { customerSummary } from '../../../src-main/db/customers';
import { ingest } from '../../../src-main/db/ingest';
import { summarizeLedgerRefunds } from '../../../src-main/db/insightsRefunds';
import { insightsQuerySchema, type InsightsDto, type InsightsQuery } from '../../../src-main/ipc/channels/insights';
import { computeInsights } from '../../../src-main/insights';
import type { EventInput } from '../../../src-main/stores/types';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { paid, refunded } from '../../support/ledgerFacts';

const at = (iso: string) => Date.parse(iso);
const PAID_AT = at('2026-01-10T10:00:00Z');
const FIRST_AT = at('2026-01-12T10:00:00Z');
const SECOND_AT = at('2026-02-03T10:00:00Z');
const YEAR = insightsQuerySchema.parse({ from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
let t: TempDb;

beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

/** The report from the summaries and from its own scan: both must say the same. */
function report(q: InsightsQuery = YEAR): InsightsDto {
  const { computedAt: _a, tookMs: _b, ...fast } = computeInsights(t.db, q, 0);
  const { computedAt: _c, tookMs: _d, ...scan } = computeInsights(t.db, q, 0, { summaries: false });
  expect(fast).toEqual(scan);
  return computeInsights(t.db, q, 0);
}

const refundedAmount = (d: InsightsDto) => d.refunds.reduce((n, r) => n + r.amountMinor, 0);
const customerRefunded = () => {
  const id = t.db.prepare('SELECT customer_id FROM purchases').pluck().get() as number;
  return customerSummary(t.db, id).refunded ?? [];
};
/** Each refund's counted amount as Insights keeps it, by the store's refund key. */
const perRefund = () =>
  Object.fromEntries(
    (t.db.prepare('SELECT r.refund_key AS k, i.amount AS a FROM insights_refunds i JOIN refunds r ON r.id = i.refund_id').all() as { k: string; a: number }[]).map(
      (r) => [r.k, r.a],
    ),
  );

const PURCHASE = purchase('stripe', 'pi_1', { purchasedAt: PAID_AT, priceMinor: 1000, currency: 'USD', kind: 'one_time' });
const payment = paid({ store: 'stripe', purchaseKey: 'pi_1', key: 'pi_1', at: PAID_AT, amountMinor: 1000, currency: 'USD' });
const refund = (key: string, amountMinor: number, createdAt: number, status: 'succeeded' | 'failed' | 'reversed' = 'succeeded', observed = createdAt) =>
  refunded({ store: 'stripe', purchaseKey: 'pi_1', key, paymentKey: 'pi_1', amountMinor, currency: 'USD', status, at: observed, createdAt });
const seven = refund('re_700', 700, FIRST_AT);
const five = refund('re_500', 500, SECOND_AT);

const ORDERS: [string, EventInput][][] = [];
for (const a of [0, 1, 2])
  for (const b of [0, 1, 2])
    for (const c of [0, 1, 2])
      if (new Set([a, b, c]).size === 3) {
        const told: [string, EventInput][] = [
          ['payment', payment],
          ['700', seven],
          ['500', five],
        ];
        ORDERS.push([told[a]!, told[b]!, told[c]!]);
      }

describe('Insights caps a payment refunds at what it took, as the customer page', () => {
  it.each(ORDERS.map((o) => [o.map(([n]) => n).join(', '), o] as const))('1000 paid, 700 + 500 refunded counts 1000 (%s)', (_name, order) => {
    ingest(t.db, { purchases: [PURCHASE], events: [] });
    for (const [, e] of order) {
      ingest(t.db, { purchases: [], events: [e] });
      // at every step (the payment's amount learned before or after its refunds) both views agree
      const d = report();
      expect(customerRefunded()).toEqual(refundedAmount(d) ? [{ currency: 'USD', amountMinor: refundedAmount(d) }] : []);
    }
    expect(refundedAmount(report())).toBe(1000);
    expect(customerRefunded()).toEqual([{ currency: 'USD', amountMinor: 1000 }]);
    // oldest first: the 700 counts whole, the later 500 only what was left
    expect(perRefund()).toEqual({ re_700: 700, re_500: 300 });
    expect(report().totals.refunds).toBe(2);
  });

  it.each(['failed', 'reversed'] as const)('the 700 %s later: the 500 counts whole', (last) => {
    ingest(t.db, { purchases: [PURCHASE], events: [payment, seven, five] });
    expect(refundedAmount(report())).toBe(1000);
    ingest(t.db, { purchases: [], events: [refund('re_700', 700, FIRST_AT, last, SECOND_AT + 60_000)] });
    expect(perRefund()).toEqual({ re_500: 500 });
    expect(refundedAmount(report())).toBe(500);
    expect(customerRefunded()).toEqual([{ currency: 'USD', amountMinor: 500 }]);
  });

  it('without the payment nothing caps, and its amount learned later caps the refunds already counted', () => {
    ingest(t.db, { purchases: [PURCHASE], events: [seven, five] });
    expect(refundedAmount(report())).toBe(1200);
    expect(customerRefunded()).toEqual([{ currency: 'USD', amountMinor: 1200 }]);
    ingest(t.db, { purchases: [], events: [payment] });
    expect(refundedAmount(report())).toBe(1000);
    expect(perRefund()).toEqual({ re_700: 700, re_500: 300 });
  });

  it('a report starting after the first refund still caps the later one by it', () => {
    ingest(t.db, { purchases: [PURCHASE], events: [payment, seven, five] });
    const feb = insightsQuerySchema.parse({ from: at('2026-02-01T00:00:00Z'), to: at('2026-03-01T00:00:00Z') });
    const d = report(feb);
    expect(d.totals.refunds).toBe(1);
    expect(refundedAmount(d)).toBe(300);
  });

  it('a refund that moves to another payment frees the cap of the one it left', () => {
    ingest(t.db, { purchases: [PURCHASE], events: [payment, seven, five] });
    expect(perRefund()).toEqual({ re_700: 700, re_500: 300 });
    // the ledger corrects the payment the 700 names (as ledgerWrite's update may); upkeep follows
    t.db.prepare("UPDATE refunds SET payment_key = 'pi_other' WHERE refund_key = 're_700'").run();
    summarizeLedgerRefunds(t.db);
    expect(perRefund()).toEqual({ re_500: 500, re_700: 700 });
    expect(refundedAmount(report())).toBe(1200);
  });
});

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

/** A random ledger as events: payments, refunds over and under their amount, in random statuses. */
function randomLedger(seed: number): { purchases: ReturnType<typeof purchase>[]; events: EventInput[] } {
  const r = rng(seed);
  const purchases = [];
  const events: EventInput[] = [];
  for (let i = 0; i < 25; i++) {
    const key = `p${seed}_${i}`;
    const currency = r() < 0.5 ? 'USD' : 'EUR';
    const t0 = PAID_AT + Math.floor(r() * 200) * 86_400_000;
    purchases.push(purchase('stripe', key, { purchasedAt: t0, priceMinor: 1000, currency, kind: 'one_time' }));
    for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
      const pay = `${key}#${k}`;
      const amount = 100 + Math.floor(r() * 1000);
      if (r() < 0.85) events.push(paid({ store: 'stripe', purchaseKey: key, key: pay, at: t0 + k, amountMinor: amount, currency }));
      for (let j = 0; j < Math.floor(r() * 4); j++) {
        const status = r() < 0.7 ? 'succeeded' : r() < 0.5 ? 'failed' : 'reversed';
        const when = t0 + Math.floor(r() * 60) * 86_400_000;
        const full = r() < 0.2;
        const told = { store: 'stripe' as const, purchaseKey: key, key: `re_${pay}_${j}`, paymentKey: pay, amountMinor: full ? null : Math.floor(r() * amount), kind: full ? 'full' as const : 'partial' as const, currency, createdAt: when };
        events.push(refunded({ ...told, status, at: when }));
        // told again later: it settled (pending before) or failed after it succeeded; the row's status moves
        if (r() < 0.3) events.push(refunded({ ...told, status: r() < 0.5 ? 'pending' : 'succeeded', at: when - 1000 }));
        if (r() < 0.15) events.push(refunded({ ...told, status: 'failed', at: when + 86_400_000 }));
      }
    }
  }
  // shuffled: refunds before their payment, a payment's amount learned last
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return { purchases, events };
}

describe('Insights and the customer summaries agree on random ledgers', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: refunded per currency is the sum of the customer summaries', (seed) => {
    const { purchases, events } = randomLedger(seed);
    ingest(t.db, { purchases, events: [] });
    const all = insightsQuerySchema.parse({ from: at('2025-01-01T00:00:00Z'), to: at('2028-01-01T00:00:00Z') });
    // batch by batch, the summaries equal the report's full scan (report() compares them)
    for (let i = 0; i < events.length; i += 7) {
      ingest(t.db, { purchases: [], events: events.slice(i, i + 7) });
      report(all);
    }
    const d = report(all);
    const insights: Record<string, number> = {};
    for (const p of d.refunds) insights[p.currency!] = (insights[p.currency!] ?? 0) + p.amountMinor;
    const customers: Record<string, number> = {};
    for (const id of t.db.prepare('SELECT id FROM customers').pluck().all() as number[])
      for (const m of customerSummary(t.db, id).refunded ?? []) customers[m.currency] = (customers[m.currency] ?? 0) + m.amountMinor;
    expect(Object.keys(customers).length).toBeGreaterThan(0);
    expect(insights).toEqual(customers);
    // per purchase too: each refund's capped figure, not only the totals
    const byPurchase: Record<string, number> = {};
    for (const id of t.db.prepare('SELECT id FROM customers').pluck().all() as number[])
      for (const [purchaseId, m] of customerMoney(t.db, id).byPurchase) for (const a of m.refunded.list()) byPurchase[`${purchaseId} ${a.currency}`] = a.amountMinor;
    const kept = t.db.prepare('SELECT purchase_id AS p, currency AS c, SUM(amount) AS a FROM insights_refunds GROUP BY p, c HAVING a > 0').all() as { p: number; c: string; a: number }[];
    expect(Object.fromEntries(kept.map((k) => [`${k.p} ${k.c}`, k.a]))).toEqual(byPurchase);
  });
});
