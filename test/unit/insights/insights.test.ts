// Insights SQL over a real, migrated SQLite file filled through ingest(), the one path
// by which store data enters the cache.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { insightsQuerySchema, type InsightsQuery } from '../../../src-main/ipc/channels/insights';
import { bucketLabel, bucketsOf, computeInsights, createInsightsHandlers } from '../../../src-main/insights';
import { ev, purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { handlerContext } from '../../support/contexts';

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;
let t: TempDb;

function query(over: Partial<InsightsQuery> = {}): InsightsQuery {
  return insightsQuerySchema.parse({ from: at('2026-01-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z'), ...over });
}

function seed() {
  ingest(t.db, {
    purchases: [
      purchase('stripe', 'pi_1', { purchasedAt: at('2026-01-10T10:00:00Z'), priceMinor: 1000, currency: 'USD', kind: 'one_time' }),
      purchase('stripe', 'pi_2', { purchasedAt: at('2026-01-20T10:00:00Z'), priceMinor: 2000, currency: 'USD', kind: 'one_time' }),
      purchase('google', 'tok_c', { purchasedAt: at('2026-02-01T10:00:00Z'), priceMinor: 500, currency: 'EUR' }),
      purchase('apple', '2000001', { purchasedAt: at('2026-02-15T10:00:00Z'), priceMinor: 300, currency: 'USD', kind: 'consumable' }),
      purchase('stripe', 'pi_sandbox', { purchasedAt: at('2026-01-03T10:00:00Z'), priceMinor: 700, currency: 'USD', environment: 'sandbox' }),
      // Known only as a receipt row: no purchase event, still a paid transaction.
      purchase('amazon', 'rcpt_f', { purchasedAt: at('2026-01-05T10:00:00Z'), priceMinor: 499, currency: 'USD' }),
    ],
    events: [
      ev('stripe', 'pi_1', 'purchase', at('2026-01-10T10:00:00Z'), { amountMinor: 1000, currency: 'USD', orderId: 'pi_1' }),
      ev('stripe', 'pi_1', 'refund', at('2026-02-05T10:00:00Z'), {
        amountMinor: 1000, currency: 'USD', orderId: 'pi_1',
        detail: { refundKind: 'full', reason: 'requested_by_customer', status: 'succeeded', storeRef: 're_1', detectedVia: 'stripe_events' },
      }),
      ev('stripe', 'pi_1', 'dispute_opened', at('2026-01-25T10:00:00Z'), { amountMinor: 1000, currency: 'USD' }),
      ev('stripe', 'pi_1', 'dispute_won', at('2026-02-20T10:00:00Z'), { amountMinor: 1000, currency: 'USD' }),
      ev('stripe', 'pi_2', 'purchase', at('2026-01-20T10:00:00Z'), { amountMinor: 2000, currency: 'USD', orderId: 'pi_2' }),
      // A refund that failed after it was issued (closed card): no money went back.
      ev('stripe', 'pi_2', 'refund', at('2026-01-22T10:00:00Z'), {
        amountMinor: 500, currency: 'USD', orderId: 'pi_2', detail: { refundKind: 'partial', status: 'succeeded', storeRef: 're_2' },
      }),
      ev('stripe', 'pi_2', 'refund_failed', at('2026-01-22T10:00:00Z'), {
        amountMinor: 500, currency: 'USD', orderId: 'pi_2', dedupeKey: 'stripe:refund:re_2:failed', detail: { status: 'failed', storeRef: 're_2' },
      }),
      ev('google', 'tok_c', 'purchase', at('2026-02-01T10:00:00Z'), { amountMinor: 500, currency: 'EUR', orderId: 'GPA.1' }),
      ev('google', 'tok_c', 'renewal', at('2026-03-01T10:00:00Z'), { amountMinor: 500, currency: 'EUR', orderId: 'GPA.1..0' }),
      // A Play Console "refund only" of the renewal, found through the Orders API.
      ev('google', 'tok_c', 'refund', at('2026-03-03T10:00:00Z'), {
        amountMinor: 500, currency: 'EUR', orderId: 'GPA.1..0', detail: { refundKind: 'full', reason: 'customer request', detectedVia: 'google_orders' },
      }),
      ev('google', 'tok_c', 'dispute_lost', at('2026-03-10T10:00:00Z'), { amountMinor: 500, currency: 'EUR', orderId: 'GPA.1', detail: { reason: 'chargeback' } }),
      ev('apple', '2000001', 'purchase', at('2026-02-15T10:00:00Z'), { amountMinor: 300, currency: 'USD' }),
      // Refunded by Apple after the period: counts toward February's refund rate only.
      ev('apple', '2000001', 'refund', at('2026-04-01T12:00:00Z'), { amountMinor: 300, currency: 'USD', detail: { refundKind: 'full' } }),
      ev('stripe', 'pi_sandbox', 'purchase', at('2026-01-03T10:00:00Z'), { amountMinor: 700, currency: 'USD', orderId: 'pi_sandbox' }),
      ev('stripe', 'pi_sandbox', 'refund', at('2026-01-04T10:00:00Z'), { amountMinor: 700, currency: 'USD', orderId: 'pi_sandbox', detail: { reason: 'duplicate' } }),
    ],
  });
}

beforeEach(() => {
  t = tempDb();
  seed();
});
afterEach(() => t.close());

describe('insights over the cache', () => {
  it('counts refunds over time by store and currency, leaving out failed refunds and sandbox', () => {
    const d = computeInsights(t.db, query());
    expect(d.refunds).toEqual([
      { bucket: '2026-02', store: 'stripe', currency: 'USD', count: 1, amountMinor: 1000 },
      { bucket: '2026-03', store: 'google', currency: 'EUR', count: 1, amountMinor: 500 },
    ]);
    expect(d.buckets).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(d.totals.refunds).toBe(2);
  });

  it('computes the refund rate in the month of the ORIGINAL purchase, with refunds made later', () => {
    const d = computeInsights(t.db, query());
    expect(d.refundRate).toEqual([
      { month: '2026-01', paid: 3, refunded: 1, rate: 1 / 3 },
      { month: '2026-02', paid: 2, refunded: 1, rate: 0.5 },
      { month: '2026-03', paid: 1, refunded: 1, rate: 1 },
    ]);
    expect(d.totals).toMatchObject({ paid: 6, refundedPaid: 3 });
  });

  it('gives gross and net revenue per currency, never mixing currencies', () => {
    const d = computeInsights(t.db, query());
    expect(d.revenue).toEqual([
      { bucket: '2026-01', currency: 'USD', grossMinor: 3499, refundedMinor: 0, chargebackMinor: 0, netMinor: 3499 },
      { bucket: '2026-02', currency: 'EUR', grossMinor: 500, refundedMinor: 0, chargebackMinor: 0, netMinor: 500 },
      { bucket: '2026-02', currency: 'USD', grossMinor: 300, refundedMinor: 1000, chargebackMinor: 0, netMinor: -700 },
      { bucket: '2026-03', currency: 'EUR', grossMinor: 500, refundedMinor: 500, chargebackMinor: 500, netMinor: -500 },
    ]);
  });

  it('measures time from the paid transaction (the same order) to its refund', () => {
    const d = computeInsights(t.db, query());
    const counts = Object.fromEntries(d.timeToRefund.map((b) => [b.label, b.count]));
    expect(counts['1–3 days']).toBe(1); // the Google renewal, not the first purchase a month earlier
    expect(counts['2–4 weeks']).toBe(1);
    expect(d.timeToRefund.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(d.totals.medianDaysToRefund).toBe(14);
  });

  it('lists top reasons, and chargebacks and disputes opened, won and lost', () => {
    const d = computeInsights(t.db, query());
    expect(d.reasons).toEqual([
      { reason: 'customer request', count: 1, share: 0.5 },
      { reason: 'requested by customer', count: 1, share: 0.5 },
    ]);
    expect(d.disputes).toEqual([
      { bucket: '2026-01', store: 'stripe', opened: 1, won: 0, lost: 0 },
      { bucket: '2026-02', store: 'stripe', opened: 0, won: 1, lost: 0 },
      // a Google chargeback has no lifecycle (the voided purchase is its end): the ledger's
      // one dispute row opened and was lost on the same day
      { bucket: '2026-03', store: 'google', opened: 1, won: 0, lost: 1 },
    ]);
    expect(d.totals).toMatchObject({ disputesOpened: 2, disputesWon: 1, disputesLost: 1 });
  });

  it('filters by store, and includes sandbox only when asked', () => {
    const g = computeInsights(t.db, query({ store: 'google' }));
    expect(g.refunds.map((r) => r.store)).toEqual(['google']);
    expect(g.refundRate).toEqual([
      { month: '2026-02', paid: 1, refunded: 0, rate: 0 },
      { month: '2026-03', paid: 1, refunded: 1, rate: 1 },
    ]);
    expect(g.disputes.every((x) => x.store === 'google')).toBe(true);
    const s = computeInsights(t.db, query({ includeSandbox: true }));
    expect(s.refundRate[0]).toEqual({ month: '2026-01', paid: 4, refunded: 2, rate: 0.5 });
    expect(s.reasons.map((r) => r.reason)).toContain('duplicate');
  });

  it('puts buckets at the agent midnight: SQL and the bucket list agree, weeks start on Monday', () => {
    // 2026-02-28 23:00 UTC is already March 1st at UTC+2.
    ingest(t.db, {
      purchases: [purchase('stripe', 'pi_late', { purchasedAt: at('2026-02-28T22:00:00Z'), priceMinor: 100, currency: 'GBP' })],
      events: [
        ev('stripe', 'pi_late', 'purchase', at('2026-02-28T22:00:00Z'), { amountMinor: 100, currency: 'GBP', orderId: 'pi_late' }),
        ev('stripe', 'pi_late', 'refund', at('2026-02-28T23:00:00Z'), { amountMinor: 100, currency: 'GBP', orderId: 'pi_late' }),
      ],
    });
    const utc = computeInsights(t.db, query());
    expect(utc.refunds.find((r) => r.currency === 'GBP')?.bucket).toBe('2026-02');
    const east = computeInsights(t.db, query({ utcOffsetMinutes: 120 }));
    expect(east.refunds.find((r) => r.currency === 'GBP')?.bucket).toBe('2026-03');
    expect(bucketLabel(at('2026-02-28T23:00:00Z'), 'month', 120)).toBe('2026-03');

    const weekly = computeInsights(t.db, query({ bucket: 'week' }));
    // 2026-02-05 is a Thursday; its week starts on Monday 2026-02-02.
    expect(weekly.refunds.find((r) => r.store === 'stripe' && r.amountMinor === 1000)?.bucket).toBe('2026-02-02');
    for (const r of weekly.refunds) expect(weekly.buckets).toContain(r.bucket);
    expect(bucketsOf(at('2026-01-01T00:00:00Z'), at('2026-01-08T00:00:00Z'), 'day', 0)).toHaveLength(7);
    expect(bucketsOf(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'month', 0)).toHaveLength(12);
  });

  it('rejects a period that ends before it starts', () => {
    expect(insightsQuerySchema.safeParse({ from: 10 * DAY, to: DAY }).success).toBe(false);
  });
});

describe('insights channels', () => {
  const ctx = handlerContext();

  it('exports each series as CSV with major units, to the file the save dialog chose, guarding against formulas', async () => {
    ingest(t.db, {
      purchases: [],
      events: [
        ev('stripe', 'pi_1', 'refund', at('2026-03-20T10:00:00Z'), { amountMinor: 1, currency: 'USD', orderId: 'pi_1', detail: { reason: '=HYPERLINK("x")' } }),
      ],
    });
    const offered: string[] = [];
    const handlers = createInsightsHandlers(t.db, {
      chooseCsvFile: async (name) => {
        offered.push(name);
        return name.includes('disputes') ? null : join(t.dir, name);
      },
    });
    const refunds = await handlers['insights:exportCsv']({ kind: 'refunds', query: query() }, ctx);
    expect(offered[0]).toBe('refund-desk-refunds-2026-01-01-2026-03-31.csv');
    expect(refunds).toEqual({ file: join(t.dir, offered[0]!), rows: 3 });
    const text = readFileSync(join(t.dir, offered[0]!), 'utf8');
    expect(text.split('\r\n')[0]).toBe('bucket,store,currency,refunds,amount,amount_minor');
    expect(text).toContain('2026-02,stripe,USD,1,10.00,1000\r\n');
    await handlers['insights:exportCsv']({ kind: 'reasons', query: query({ store: 'stripe' }) }, ctx);
    expect(offered[1]).toContain('-stripe-');
    expect(readFileSync(join(t.dir, offered[1]!), 'utf8')).toContain(`"'=HYPERLINK(""x"")",1,`);
    await handlers['insights:exportCsv']({ kind: 'revenue', query: query() }, ctx);
    // March USD holds the one-cent refund added here: a negative net is a number, not a formula.
    expect(readFileSync(join(t.dir, offered[2]!), 'utf8')).toContain('2026-02,USD,3.00,10.00,0.00,-7.00,300,1000,0,-700');
    expect(await handlers['insights:exportCsv']({ kind: 'disputes', query: query() }, ctx)).toEqual({ cancelled: true });
  });

  it('refuses to export where no save dialog exists', async () => {
    const handlers = createInsightsHandlers(t.db);
    await expect(handlers['insights:exportCsv']({ kind: 'refunds', query: query() }, ctx)).rejects.toMatchObject({ code: 'internal' });
  });

  it('answers insights:get from the handle given (or a getter)', async () => {
    const handlers = createInsightsHandlers(() => t.db);
    const d = await handlers['insights:get'](query(), ctx);
    expect(d.totals.refunds).toBe(2);
    expect(d.tookMs).toBeGreaterThanOrEqual(0);
  });
});
