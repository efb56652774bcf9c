// Every money figure reads the ledger (issue 12, reader side): the refund dialog's
// refunded/remaining and options, the customer summary, the purchase figures and the
// timeline's badges. The cache is filled through the real ingest with the facts store
// adapters attach; then the readers are asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerPurchases, customerSummary } from '../../../src-main/db/customers';
import { ingest } from '../../../src-main/db/ingest';
import { search } from '../../../src-main/db/search';
import { DEMO_JANE } from '../../../src-main/demo/fixtures';
import { createDemoWorkspace } from '../../../src-main/demo/generate';
import { timelinePage } from '../../../src-main/db/timeline';
import { readPurchaseFacts } from '../../../src-main/refunds/facts';
import { planRefund, type PolicyEnv } from '../../../src-main/refunds/policy';
import { previewRefund } from '../../../src-main/refunds/preview';
import type { EventInput } from '../../../src-main/stores/types';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { disputed, paid, refunded } from '../../support/ledgerFacts';
import { purchaseById, purchaseByKey } from '../../support/read';
import { type Store } from '../../../src-main/ipc/vocabulary';

const T0 = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
const env: PolicyEnv = { now: T0 + 60 * DAY, online: true, configured: true };
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const purchaseId = (store: Store, key: string) => purchaseByKey(t.db, key, store).id;
const customerOf = (id: number) => purchaseById(t.db, id).customer_id;
const preview = (id: number, paymentRef?: string) => previewRefund(t.db, readPurchaseFacts(t.db, id)!, { purchaseId: id, ...(paymentRef ? { paymentRef } : {}) }, env);

/** Jane's Stripe one-off payment of the demo: $29.99, a $10 partial refund, then a $5 refund that failed. */
function seedJane(extra: EventInput[] = []): number {
  const s = { store: 'stripe' as const, purchaseKey: 'pi_Jane' };
  ingest(t.db, {
    purchases: [purchase('stripe', 'pi_Jane', { kind: 'one_time', priceMinor: 2999, purchasedAt: T0, ids: { stripe_payment_intent: 'pi_Jane' }, customer: { email: 'jane@example.com', ids: [] } })],
    events: [
      paid({ ...s, key: 'pi_Jane', at: T0, amountMinor: 2999, currency: 'USD' }),
      refunded({ ...s, key: 're_Jane1', paymentKey: 'pi_Jane', at: T0 + 10 * DAY, amountMinor: 1000, currency: 'USD', status: 'succeeded' }),
      refunded({ ...s, key: 're_Jane2', paymentKey: 'pi_Jane', at: T0 + 12 * DAY, amountMinor: 500, currency: 'USD', status: 'succeeded' }),
      refunded({ ...s, key: 're_Jane2', paymentKey: 'pi_Jane', at: T0 + 15 * DAY, createdAt: T0 + 12 * DAY, amountMinor: 500, currency: 'USD', status: 'failed' }),
      ...extra,
    ],
  });
  return purchaseId('stripe', 'pi_Jane');
}

describe('the refund dialog reads the ledger', () => {
  it('Jane: $10.00 refunded and $19.99 remaining, not the failed $5 refund', () => {
    const id = seedJane();
    const p = preview(id);
    expect(p.amounts).toMatchObject({ paidMinor: 2999, refundedMinor: 1000, remainingMinor: 1999, fullMinor: 1999, pendingMinor: 0 });
    expect(p.payments).toEqual([expect.objectContaining({ ref: 'pi_Jane', refundedMinor: 1000, remainingMinor: 1999, storeSourced: true })]);
    const s = customerSummary(t.db, customerOf(id));
    expect([s.refunded, s.refundCount]).toEqual([[{ currency: 'USD', amountMinor: 1000 }], 1]);
    expect(customerPurchases(t.db, customerOf(id), env.now)[0]!.refunded).toEqual([{ currency: 'USD', amountMinor: 1000 }]);
  });

  it('a pending refund is not counted as refunded, but is not refundable again; the badge follows its settlement', () => {
    const s = { store: 'stripe' as const, purchaseKey: 'pi_Jane' };
    const id = seedJane([refunded({ ...s, key: 're_Jane3', paymentKey: 'pi_Jane', at: T0 + 20 * DAY, amountMinor: 700, currency: 'USD', status: 'pending' })]);
    expect(preview(id).amounts).toMatchObject({ refundedMinor: 1000, pendingMinor: 700, remainingMinor: 1299 });
    const e = (() => {
      try {
        planRefund(readPurchaseFacts(t.db, id)!, { purchaseId: id, mode: 'refund', refundKind: 'partial', amountMinor: 1300, reason: 'duplicate' }, env);
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(e?.message).toMatch(/more than what remains refundable on pi_Jane: 12\.99 USD/);
    const customer = customerOf(id);
    expect(customerSummary(t.db, customer)).toMatchObject({ refunded: [{ currency: 'USD', amountMinor: 1000 }], refundCount: 1, pendingRefunds: [{ currency: 'USD', amountMinor: 700 }] });
    const badge = () => timelinePage(t.db, { customerId: customer, order: 'newest', limit: 50 }).rows.filter((r) => r.ledgerKey === 're_Jane3').map((r) => r.ledgerStatus);
    expect(badge()).toEqual(['pending']);

    ingest(t.db, { purchases: [], events: [refunded({ ...s, key: 're_Jane3', paymentKey: 'pi_Jane', at: T0 + 22 * DAY, createdAt: T0 + 20 * DAY, amountMinor: 700, currency: 'USD', status: 'succeeded' })] });
    expect(preview(id).amounts).toMatchObject({ refundedMinor: 1700, pendingMinor: 0, remainingMinor: 1299 });
    expect(new Set(badge())).toEqual(new Set(['succeeded']));
    const failed = timelinePage(t.db, { customerId: customer, order: 'newest', limit: 50 }).rows.filter((r) => r.ledgerKey === 're_Jane2');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.ledgerStatus === 'failed' && r.ledgerCounts === false)).toBe(true);
  });
});

describe('disputes: inquiries are not chargebacks, and closed ones free the payment', () => {
  const s = { store: 'stripe' as const, purchaseKey: 'pi_Jane' };
  const offReason = (id: number) => preview(id).options.find((o) => !o.enabled)?.offReason ?? null;

  it('an inquiry says inquiry; warning_closed makes the payment refundable again', () => {
    const id = seedJane([disputed({ ...s, key: 'dp_1', paymentKey: 'pi_Jane', at: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'warning_needs_response', chargeRefundable: false })]);
    expect(offReason(id)).toMatch(/open inquiry from the customer's bank \(warning needs response\)/);
    expect(offReason(id)).not.toMatch(/chargeback/);
    expect(customerSummary(t.db, customerOf(id))).toMatchObject({ openDisputes: 1, openInquiries: 1 });
    ingest(t.db, { purchases: [], events: [disputed({ ...s, key: 'dp_1', paymentKey: 'pi_Jane', at: T0 + 35 * DAY, createdAt: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'warning_closed', chargeRefundable: false })] });
    expect(preview(id).options.every((o) => o.enabled)).toBe(true);
    expect(customerSummary(t.db, customerOf(id))).toMatchObject({ openDisputes: 0, risk: { openDispute: false } });
    // both timeline rows of the inquiry now badge its current status
    const rows = timelinePage(t.db, { customerId: customerOf(id), order: 'newest', limit: 50 }).rows.filter((r) => r.ledgerKey === 'dp_1');
    expect(rows.map((r) => r.ledgerStatus)).toEqual(['warning_closed', 'warning_closed']);
  });

  it('a chargeback blocks; Stripe\u2019s is_charge_refundable lets the refund through with a warning; a lost one is charged back', () => {
    const id = seedJane([disputed({ ...s, key: 'dp_2', paymentKey: 'pi_Jane', at: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'needs_response', chargeRefundable: false })]);
    expect(offReason(id)).toMatch(/under dispute \(a chargeback is open\)/);
    expect(customerSummary(t.db, customerOf(id))).toMatchObject({ openDisputes: 1, openInquiries: 0 });
    ingest(t.db, { purchases: [], events: [disputed({ ...s, key: 'dp_2', paymentKey: 'pi_Jane', at: T0 + 31 * DAY, createdAt: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'under_review', chargeRefundable: true })] });
    const open = preview(id).options[0]!;
    expect(open.enabled).toBe(true);
    expect(open.warnings.join(' ')).toMatch(/A dispute is open on pi_Jane \(under review\); Stripe still accepts a refund/);
    ingest(t.db, { purchases: [], events: [disputed({ ...s, key: 'dp_2', paymentKey: 'pi_Jane', at: T0 + 40 * DAY, createdAt: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'lost', chargeRefundable: false })] });
    expect(offReason(id)).toMatch(/charged back/);
  });
});

describe('provenance: an import can never steer a refund', () => {
  it('a payment only an import names is shown, never refunded; imported refunds and a dispute_won change nothing', () => {
    const s = { store: 'stripe' as const, purchaseKey: 'pi_Imp' };
    ingest(t.db, {
      purchases: [purchase('stripe', 'pi_Imp', { kind: 'one_time', priceMinor: 5000, purchasedAt: T0, customer: { ids: [] } })],
      events: [paid({ ...s, key: 'pi_Imp', at: T0, amountMinor: 5000, currency: 'USD', source: 'import' })],
    });
    const id = purchaseId('stripe', 'pi_Imp');
    const p = preview(id);
    expect(p.payments).toEqual([expect.objectContaining({ ref: 'pi_Imp', storeSourced: false })]);
    expect(p.options.every((o) => !o.enabled && /known only from an imported file/.test(o.offReason!))).toBe(true);

    const j = { store: 'stripe' as const, purchaseKey: 'pi_Jane' };
    const jane = seedJane([
      disputed({ ...j, key: 'dp_3', paymentKey: 'pi_Jane', at: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'needs_response', chargeRefundable: false }),
      refunded({ ...j, key: 're_Fake', paymentKey: 'pi_Jane', at: T0 + 31 * DAY, amountMinor: 1999, currency: 'USD', status: 'succeeded', source: 'import' }),
    ]);
    ingest(t.db, { purchases: [], events: [disputed({ ...j, key: 'dp_3', paymentKey: 'pi_Jane', at: T0 + 32 * DAY, createdAt: T0 + 30 * DAY, amountMinor: 2999, currency: 'USD', status: 'won', source: 'import' })] });
    const q = preview(jane);
    expect(q.amounts).toMatchObject({ refundedMinor: 1000, remainingMinor: 1999 });
    expect(q.options.every((o) => !o.enabled && /chargeback is open/.test(o.offReason!))).toBe(true);
  });
});

describe('a refund-only of an old Google renewal', () => {
  it('counts on that order alone: the current period stays active and refundable', () => {
    const g = { store: 'google' as const, purchaseKey: 'tok-G' };
    const orders = ['GPA.3312-0000-0000-00001', 'GPA.3312-0000-0000-00001..0', 'GPA.3312-0000-0000-00001..1'];
    const at = (k: number) => T0 + k * 30 * DAY;
    const now = at(2) + 10 * DAY;
    ingest(t.db, {
      purchases: [purchase('google', 'tok-G', { purchasedAt: T0, priceMinor: 899, currency: 'EUR', expiresAt: at(3), customer: { ids: [] } })],
      events: [
        ...orders.map((key, k) => paid({ ...g, key, at: at(k), amountMinor: 899, currency: 'EUR', periodEnd: at(k + 1) })),
        refunded({ ...g, key: `${orders[1]}#${at(1) + 5 * DAY}`, paymentKey: orders[1]!, at: at(1) + 5 * DAY, amountMinor: 899, currency: 'EUR', status: 'succeeded', kind: 'full', revokes: false }),
      ],
    }, now);
    const id = purchaseId('google', 'tok-G');
    const shown = customerPurchases(t.db, customerOf(id), now)[0]!;
    expect(shown.state).toBe('active');
    expect(shown.refunded).toEqual([{ currency: 'EUR', amountMinor: 899 }]);
    expect(customerSummary(t.db, customerOf(id), now).refunded).toEqual([{ currency: 'EUR', amountMinor: 899 }]);
    const p = previewRefund(t.db, readPurchaseFacts(t.db, id)!, { purchaseId: id }, { ...env, now });
    expect(p.paymentRef).toBe(orders[2]);
    expect(p.amounts).toMatchObject({ refundedMinor: 0, remainingMinor: 899 });
    expect(p.payments.map((x) => x.refundedMinor)).toEqual([0, 899, 0]);
    expect(p.options.filter((o) => o.enabled).map((o) => `${o.mode}/${o.refundKind}`)).toEqual(['refund_and_revoke/full', 'refund_and_revoke/prorated', 'refund/full']);
  });
});

describe('the demo workspace', () => {
  it('Jane\u2019s Stripe payment: the dialog says $10.00 refunded (the failed $5.00 refund is not), $19.99 remains', () => {
    const dir = mkdtempSync(join(tmpdir(), 'refund-desk-readers-'));
    const now = Date.UTC(2026, 5, 1);
    const db = createDemoWorkspace(join(dir, 'demo.sqlite'), { now });
    try {
      const id = purchaseByKey(db, DEMO_JANE.stripePaymentIntent, 'stripe').id;
      const p = previewRefund(db, readPurchaseFacts(db, id)!, { purchaseId: id }, { ...env, now });
      expect(p.amounts).toMatchObject({ paidMinor: 2999, refundedMinor: 1000, remainingMinor: 1999 });
      const s = customerSummary(db, search(db, DEMO_JANE.email)[0]!.customerId, now);
      // Apple's full refund of the yearly plan (49.99) and the Stripe partial (10.00); Google's refund only of an old order (8.99)
      expect(s.refunded).toEqual([{ currency: 'EUR', amountMinor: 899 }, { currency: 'USD', amountMinor: 5999 }]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('timeline badges for events stored before the ledger', () => {
  it('an event under an old key finds its ledger row through the IDs it names', () => {
    const id = seedJane();
    const customer = customerOf(id);
    const insert = t.db.prepare(`INSERT INTO events (purchase_id, customer_id, store, type, occurred_at, seen_at, source, dedupe_key, amount_minor, currency, order_id, detail)
      VALUES (?, ?, 'stripe', ?, ?, ?, 'store_api', ?, ?, 'USD', 'pi_Jane', ?)`);
    insert.run(id, customer, 'refund', T0 + 12 * DAY, T0, 'stripe:refund:re_Jane2', 500, JSON.stringify({ storeRef: 're_Jane2', status: 'succeeded' }));
    insert.run(id, customer, 'dispute_opened', T0 + 13 * DAY, T0, 'stripe:dispute:dp_old', 2999, JSON.stringify({ storeRef: 'dp_old' }));
    const rows = timelinePage(t.db, { customerId: customer, order: 'newest', limit: 50 }).rows;
    // Stripe said later that this refund failed: the old row shows it, and that it does not count
    const old = rows.find((r) => r.detail?.storeRef === 're_Jane2' && r.seenAt === T0)!;
    expect([old.ledgerKey, old.ledgerStatus, old.ledgerCounts]).toEqual(['re_Jane2', 'failed', false]);
    // a dispute the ledger does not hold gets no badge rather than a guessed one
    expect(rows.find((r) => r.type === 'dispute_opened')!.ledgerStatus).toBeUndefined();
  });
});
