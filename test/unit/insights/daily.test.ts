// The Insights summaries (db/insightsDaily.ts, migration 007) against the report's own full
// scan of the events, on random workspaces written through ingest in random batches:
// events out of order, refunds before their payment, pending, failed, canceled and reversed
// refunds (the ledger row's status moving in place), purchases
// known only as rows, sandbox purchases, missing currencies and amounts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { migrate } from '../../../src-main/db/migrations';
import { openDatabase } from '../../../src-main/db/connection';
import { insightsQuerySchema, type InsightsQuery } from '../../../src-main/ipc/channels/insights';
import { computeInsights } from '../../../src-main/insights';
import { summarizeNewEvents, summaryUsable } from '../../../src-main/db/insightsDaily';
import { summarizeLedgerRefunds } from '../../../src-main/db/insightsRefunds';
import type { Store } from '../../../src-main/ipc/vocabulary';
import type { EventInput, IngestBatch, PurchaseInput } from '../../../src-main/stores/types';
import { ev, purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const STORES: Store[] = ['apple', 'google', 'stripe', 'amazon'];
let t: TempDb;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

/** A random workspace as ingest batches, shuffled so that events arrive in any order. */
function randomBatches(seed: number, purchases = 120): IngestBatch[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const ps: PurchaseInput[] = [];
  const es: EventInput[] = [];
  for (let i = 0; i < purchases; i++) {
    const store = pick(STORES);
    const key = `p${seed}_${i}`;
    const at = T0 + Math.floor(r() * 400 * DAY);
    const currency = r() < 0.1 ? null : pick(['USD', 'EUR']);
    const price = r() < 0.05 ? 0 : r() < 0.05 ? null : 100 + Math.floor(r() * 900);
    ps.push(purchase(store, key, { purchasedAt: at, priceMinor: price, currency, environment: r() < 0.15 ? 'sandbox' : 'production' }));
    if (r() < 0.15) continue; // known only as a row
    const paid = 1 + Math.floor(r() * 4);
    for (let k = 0; k < paid; k++) {
      const type = k ? 'renewal' : r() < 0.2 ? 'trial_started' : 'purchase';
      es.push(ev(store, key, type, at + k * 30 * DAY + Math.floor(r() * DAY), { amountMinor: r() < 0.05 ? null : price, currency, orderId: `${key}#${k}` }));
    }
    for (let k = 0; k < 3; k++) {
      if (r() > 0.35) continue;
      const when = at + Math.floor(r() * 120 * DAY);
      const ref = `re_${key}_${k}`;
      const order = r() < 0.5 ? `${key}#${Math.floor(r() * paid)}` : null;
      const status = r() < 0.1 ? 'failed' : 'succeeded';
      es.push(ev(store, key, 'refund', when, { amountMinor: price, currency, orderId: order, detail: { refundKind: 'full', status, storeRef: ref, reason: pick([undefined, 'duplicate', 'requested_by_customer', ' fraud ']) } }));
      // the same refund told again as pending (before it settled) or canceled: the ledger row's status moves
      if (r() < 0.2) es.push(ev(store, key, 'refund', when, { amountMinor: price, currency, orderId: order, dedupeKey: `${ref}:pending`, detail: { refundKind: 'full', status: 'pending', storeRef: ref } }));
      if (r() < 0.05) es.push(ev(store, key, 'refund', when, { amountMinor: price, currency, orderId: order, dedupeKey: `${ref}:canceled`, detail: { refundKind: 'full', status: 'canceled', storeRef: ref } }));
      if (r() < 0.15) es.push(ev(store, key, 'refund_failed', when, { dedupeKey: `${ref}:failed`, detail: { status: 'failed', storeRef: ref } }));
      if (r() < 0.1) es.push(ev(store, key, 'refund_reversed', when + DAY, { orderId: order, dedupeKey: `${ref}:rev` }));
    }
  }
  // Purchases come with or before their events (ingest skips events of unknown purchases),
  // events in any order after that, in batches of random size.
  for (let i = es.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [es[i], es[j]] = [es[j]!, es[i]!];
  }
  const batches: IngestBatch[] = [{ purchases: ps.slice(0, purchases / 2), events: [] }, { purchases: ps.slice(purchases / 2), events: [] }];
  for (let i = 0; i < es.length; ) {
    const n = 1 + Math.floor(r() * 60);
    batches.push({ purchases: [], events: es.slice(i, i + n) });
    i += n;
  }
  return batches;
}

function queries(): InsightsQuery[] {
  const out: InsightsQuery[] = [];
  for (const store of [null, 'stripe', 'google'] as const) {
    for (const [from, to] of [[T0, T0 + 365 * DAY], [T0 + 40 * DAY, T0 + 200 * DAY], [T0 - 30 * DAY, T0 + 600 * DAY]]) {
      for (const utcOffsetMinutes of [0, 330, -480]) {
        out.push(insightsQuerySchema.parse({ from: from! - utcOffsetMinutes * 60_000, to: to! - utcOffsetMinutes * 60_000, store, utcOffsetMinutes, bucket: 'day', includeSandbox: utcOffsetMinutes === 330 }));
      }
    }
  }
  return out;
}

/** A report from the summaries equals the report from the events, series by series. */
function expectSameAsScan(q: InsightsQuery) {
  expect(summaryUsable(t.db, q)).toBe(true);
  const { computedAt: _a, tookMs: _b, ...fast } = computeInsights(t.db, q, 0);
  const { computedAt: _c, tookMs: _d, ...scan } = computeInsights(t.db, q, 0, { summaries: false });
  expect(fast).toEqual(scan);
}

beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

describe('Insights summaries kept at ingest', () => {
  it.each([1, 2, 3, 4])('equal the full scan of the events on random workspace %i, after every batch', (seed) => {
    const batches = randomBatches(seed);
    const all = queries();
    batches.forEach((b, i) => {
      ingest(t.db, b, T0);
      if (i % 7 === 0 || i === batches.length - 1) expectSameAsScan(all[i % all.length]!);
    });
    const refunds = t.db.prepare('SELECT * FROM insights_refunds ORDER BY refund_id').all();
    expect(refunds.length).toBeGreaterThan(10);
    for (const q of all) expectSameAsScan(q);
    // the rows kept batch by batch are the rows a full recompute from the ledger gives
    summarizeLedgerRefunds(t.db, true);
    expect(t.db.prepare('SELECT * FROM insights_refunds ORDER BY refund_id').all()).toEqual(refunds);
  });

  it('are built by migration 007 for a workspace that already holds data', () => {
    for (const b of randomBatches(9, 60)) ingest(t.db, b, T0);
    const counted = t.db.prepare('SELECT SUM(paid), SUM(amount) FROM insights_paid').raw().get();
    const other = tempDb({ migrate: false });
    try {
      // the same data written before 007 existed: summaries start empty, the migration fills them
      migrate(other.db);
      other.db.exec('DELETE FROM insights_paid; DELETE FROM insights_bare; DELETE FROM insights_refunds; UPDATE insights_state SET events_done = 0, purchases_done = 0');
      for (const b of randomBatches(9, 60)) ingest(other.db, b, T0);
      other.db.exec('DELETE FROM insights_paid; DELETE FROM insights_bare; DELETE FROM insights_refunds; UPDATE insights_state SET events_done = 0, purchases_done = 0');
      summarizeNewEvents(other.db);
      expect(other.db.prepare('SELECT SUM(paid), SUM(amount) FROM insights_paid').raw().get()).toEqual(counted);
    } finally {
      other.close();
    }
  });

  it('are not read while they lag behind the events, or for an offset that is not whole quarter hours', () => {
    for (const b of randomBatches(5, 30)) ingest(t.db, b, T0);
    const q = insightsQuerySchema.parse({ from: T0, to: T0 + 365 * DAY });
    expect(summaryUsable(t.db, q)).toBe(true);
    expect(summaryUsable(t.db, { ...q, utcOffsetMinutes: 7 })).toBe(false);
    expect(summaryUsable(t.db, { ...q, from: T0 + 1 })).toBe(false);
    // written without ingest: the summaries no longer hold every event
    t.db.prepare(`INSERT INTO events (customer_id, type, occurred_at, seen_at, source, dedupe_key, amount_minor) VALUES (1, 'purchase', ?, 0, 'import', 'loose', 5)`).run(T0 + DAY);
    expect(summaryUsable(t.db, q)).toBe(false);
    const reopened = openDatabase(t.file);
    try {
      expect(computeInsights(reopened, q, 0).totals.paid).toBe(computeInsights(reopened, q, 0, { summaries: false }).totals.paid);
    } finally {
      reopened.close();
    }
  });
});
