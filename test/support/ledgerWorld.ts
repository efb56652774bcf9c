// A small world of money facts, each told several times through several paths, for the
// ledger's order-independence property and its "Why" cases (issue 12).
import type { DisputeFact, LedgerFact, PaymentFact, RefundFact } from '../../src-main/domain/ledger';
import type { Db } from '../../src-main/db/connection';
import type { EventInput, IngestBatch, PurchaseInput } from '../../src-main/stores/types';
import type { EventType, Store } from '../../src-main/ipc/vocabulary';
import { purchase } from './batches';

export const WORLD_PURCHASES: PurchaseInput[] = [
  purchase('stripe', 'sub_A', { customer: { appUserId: 'u1', ids: [] }, expiresAt: 5_000_000 }),
  purchase('stripe', 'pi_B', { kind: 'one_time', customer: { appUserId: 'u1', ids: [] } }),
  purchase('google', 'tok_G', { customer: { appUserId: 'u2', ids: [] }, expiresAt: 5_000_000 }),
  purchase('apple', 'orig_1', { customer: { appUserId: 'u3', ids: [] }, expiresAt: 5_000_000 }),
  // what an Events-API refund of a subscription's charge used to make: a "one-time purchase" of the charge
  purchase('stripe', 'ch_A1', { kind: 'one_time', customer: { appUserId: 'u1', ids: [] } }),
];

export const pay = (store: Store, purchaseKey: string, paymentKey: string, over: Partial<PaymentFact> = {}): PaymentFact => ({
  kind: 'payment', store, purchaseKey, paymentKey, status: 'paid', amountMinor: 1200, currency: 'USD', paidAt: 1000, periodEnd: 5_000_000, observedAt: 1000, source: 'store_api', ...over,
});
export const ref = (store: Store, purchaseKey: string, paymentKey: string, refundKey: string, over: Partial<RefundFact> = {}): RefundFact => ({
  kind: 'refund', store, purchaseKey, paymentKey, refundKey, status: 'succeeded', refundKind: 'partial', amountMinor: 500, currency: 'USD', revokesAccess: false, createdAt: 2000, observedAt: 2000, source: 'store_api', ...over,
});
export const dis = (store: Store, purchaseKey: string, paymentKey: string, disputeKey: string, over: Partial<DisputeFact> = {}): DisputeFact => ({
  kind: 'dispute', store, purchaseKey, paymentKey, disputeKey, status: 'needs_response', amountMinor: 1200, currency: 'USD', createdAt: 3000, observedAt: 3000, source: 'store_api', ...over,
});

/** Every observation of every fact, as the paths would tell it. */
export function worldFacts(): LedgerFact[] {
  return [
    pay('stripe', 'sub_A', 'pi_A1', { observedAt: 1000 }),
    pay('stripe', 'sub_A', 'pi_A1', { observedAt: 1500, refs: { charge: 'ch_A1' } }),
    pay('stripe', 'sub_A', 'pi_A2', { status: 'pending', paidAt: 4000, observedAt: 4000 }),
    pay('stripe', 'sub_A', 'pi_A2', { paidAt: 4000, observedAt: 4100, refs: { invoice: 'in_A2' } }),
    pay('stripe', 'pi_B', 'pi_B', { amountMinor: 2999 }),
    pay('google', 'tok_G', 'GPA.1', { currency: 'EUR' }),
    pay('google', 'tok_G', 'GPA.1..0', { currency: 'EUR', paidAt: 3000, observedAt: 3000 }),
    pay('apple', 'orig_1', '1001'),
    // Stripe: a refund pending, then settled, then failed (Stripe: refunds can fail after succeeding)
    ref('stripe', 'sub_A', 'pi_A1', 're_1', { status: 'pending', observedAt: 2000 }),
    ref('stripe', 'sub_A', 'pi_A1', 're_1', { status: 'succeeded', observedAt: 2100 }),
    ref('stripe', 'sub_A', 'pi_A1', 're_1', { status: 'failed', observedAt: 2200, reason: 'expired_or_canceled_card' }),
    // a refund learned through Events on the charge's own "purchase" key still lands on the subscription
    ref('stripe', 'ch_A1', 'pi_A1', 're_3', { amountMinor: 100, observedAt: 2300 }),
    // Jane: a refund made here, then seen through the Events API
    ref('stripe', 'pi_B', 'pi_B', 're_2', { source: 'console', intentId: 'ri_2', amountMinor: 1000, observedAt: 2500, detectedVia: 'console' }),
    ref('stripe', 'pi_B', 'pi_B', 're_2', { amountMinor: 1000, observedAt: 2600, detectedVia: 'stripe_events' }),
    // Apple: REFUND then REFUND_REVERSED (the reversal carries no amount of its own)
    ref('apple', 'orig_1', '1001', '1001', { refundKind: 'full', amountMinor: 1200, revokesAccess: true, observedAt: 2000 }),
    ref('apple', 'orig_1', '1001', '1001', { refundKind: 'full', status: 'reversed', amountMinor: null, revokesAccess: true, observedAt: 2400 }),
    // Google: one prorated revoke told three ways
    ref('google', 'tok_G', 'GPA.1..0', 'GPA.1..0#voided', { refundKind: 'full', amountMinor: null, currency: null, revokesAccess: true, observedAt: 3600, createdAt: 3600, detectedVia: 'google_voided_purchases' }),
    ref('google', 'tok_G', 'GPA.1..0', 'GPA.1..0#3500', { refundKind: 'prorated', amountMinor: 240, currency: 'EUR', revokesAccess: false, observedAt: 3700, createdAt: 3500, detectedVia: 'google_orders' }),
    ref('google', 'tok_G', 'GPA.1..0', 'intent:ri_g', { source: 'console', refundKind: 'prorated', amountMinor: 240, currency: 'EUR', revokesAccess: true, observedAt: 3490, createdAt: 3490, intentId: 'ri_g', detectedVia: 'console' }),
    // Stripe inquiry: opened, closed without escalation
    dis('stripe', 'sub_A', 'pi_A2', 'dp_1', { status: 'warning_needs_response', observedAt: 4200, createdAt: 4200 }),
    dis('stripe', 'sub_A', 'pi_A2', 'dp_1', { status: 'warning_closed', observedAt: 4300, createdAt: 4200, isChargeRefundable: true }),
    // Google chargeback that revokes
    dis('google', 'tok_G', 'GPA.1', 'GPA.1#chargeback', { status: 'chargeback', revokesAccess: true, currency: 'EUR', createdAt: 3800, observedAt: 3800 }),
    // imports: one conflicting, one of their own, one trying to close an inquiry the store holds
    ref('stripe', 'sub_A', 'pi_A1', 're_1', { source: 'import', status: 'succeeded', amountMinor: 999, observedAt: 9000 }),
    ref('stripe', 'pi_B', 'pi_B', 're_imp', { source: 'import', amountMinor: 50, observedAt: 9000 }),
    dis('stripe', 'sub_A', 'pi_A2', 'dp_1', { source: 'import', status: 'won', observedAt: 9000 }),
  ];
}

const EVENT_TYPE: Record<string, EventType> = {
  payment: 'renewal',
  refund: 'refund',
  refund_failed: 'refund_failed',
  refund_reversed: 'refund_reversed',
  dispute: 'dispute_opened',
};

/** The timeline event that carries a fact, as an adapter would build it. */
export function eventOf(f: LedgerFact, path: string, n: number): EventInput {
  const type = f.kind === 'refund' ? (f.status === 'failed' ? 'refund_failed' : f.status === 'reversed' ? 'refund_reversed' : 'refund') : EVENT_TYPE[f.kind]!;
  const at = f.kind === 'payment' ? f.paidAt : f.createdAt;
  return { store: f.store, purchaseKey: f.purchaseKey, type, occurredAt: at, source: f.source, dedupeKey: `${path}:${n}`, amountMinor: f.amountMinor, currency: f.currency, ledger: f };
}

/** One batch as a path delivers it: the purchases it read, with the facts it learned. */
export function batchOf(facts: LedgerFact[], path: string, n: number): IngestBatch {
  const keys = new Set(facts.map((f) => `${f.store}:${f.purchaseKey}`));
  return { purchases: WORLD_PURCHASES.filter((p) => keys.has(`${p.store}:${p.storeKey}`)), events: facts.map((f, i) => eventOf(f, path, n * 100 + i)) };
}

/** The ledger tables as text, with purchases named by their store key (ids depend on order). */
export function ledgerSnapshot(db: Db): Record<string, unknown[]> {
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ id: _id, purchase_id: _p, customer_id: _c, ...r }) => r);
  return {
    payments: strip(db.prepare('SELECT l.*, p.store_key AS owner FROM payments l JOIN purchases p ON p.id = l.purchase_id ORDER BY l.store, l.payment_key').all() as Record<string, unknown>[]),
    refunds: strip(db.prepare('SELECT l.*, p.store_key AS owner FROM refunds l JOIN purchases p ON p.id = l.purchase_id ORDER BY l.store, l.refund_key').all() as Record<string, unknown>[]),
    disputes: strip(db.prepare('SELECT l.*, p.store_key AS owner FROM disputes l JOIN purchases p ON p.id = l.purchase_id ORDER BY l.store, l.dispute_key').all() as Record<string, unknown>[]),
    states: db.prepare('SELECT store, store_key, state, state_until, state_reason FROM purchases ORDER BY store, store_key').all(),
  };
}
