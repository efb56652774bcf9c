// What the cache knows about a purchase and its payments, read once per refund decision
// from the ledger (DESIGN §3): payments, refunds and disputes as the stores report them,
// never re-derived from timeline rows. The policy and the preview are pure functions
// over these facts.
import type { Db } from '../db/connection';
import {
  disputeFigures, disputeFiguresByPayment, paymentFigures, paymentGroupKey, refundFigures, refundFiguresByPayment, type DisputeFigure, type PaymentFigure, type RefundFigure,
} from '../db/ledgerFigures';
import { newestPaidPayments, paidPaymentOf } from '../db/purchasePayments';
import { stmt } from '../db/statements';
import { isDisputeOpen, isInquiry, isStoreSourced, type DisputeStatus, type RefundStatus } from '../domain/ledger';
import { countsOnItsOwn, refundAmount, refundedMinorOf } from '../domain/ledgerCount';
import type { EntitlementState, PurchaseKind, Store } from '../ipc/vocabulary';

export interface DisputeFacts {
  key: string;
  status: DisputeStatus;
  /** Stripe warning_*: an inquiry, no money taken yet. */
  inquiry: boolean;
  /** Stripe `is_charge_refundable`: the store still accepts a refund of the payment. */
  chargeRefundable: boolean;
}

export interface PaymentFacts {
  /** The ledger's payment key: Google order ID, Stripe payment intent (or charge). */
  ref: string;
  paidAt: number;
  amountMinor: number;
  currency: string;
  /** Succeeded refunds only (not pending, failed, canceled or reversed), each refund once. */
  refundedMinor: number;
  /** Refunds the store holds as pending (or waiting for the customer): not refunded yet, not refundable again. */
  pendingMinor: number;
  /** A dispute (inquiry or chargeback) is open and the store does not accept a refund meanwhile. */
  disputeOpen: boolean;
  /** The open dispute, if any, whether it blocks or not. */
  dispute: DisputeFacts | null;
  /** Chargeback lost (Stripe) or charged back (Google): the money already went back through the bank. */
  chargedBack: boolean;
  /** End of the period this payment paid for, when the store said. */
  periodEnd: number | null;
  latest: boolean;
  /**
   * Read from the store (its API or notification history). A payment that only an import
   * names is history for reading: the console never refunds it (DESIGN §3, provenance).
   */
  storeSourced: boolean;
}

export interface PurchaseFacts {
  id: number;
  store: Store;
  storeKey: string;
  productId: string;
  kind: PurchaseKind;
  purchasedAt: number;
  priceMinor: number | null;
  currency: string | null;
  expiresAt: number | null;
  autoRenew: boolean | null;
  state: EntitlementState;
  stateUntil: number | null;
  customerId: number;
  ids: Record<string, string>;
  /** Paid payments, oldest first: all of them, or those the FactsScope named. */
  payments: PaymentFacts[];
  /** Whether the app reported the item consumed (Google one-time). */
  consumed: boolean;
}

interface PurchaseRow {
  id: number;
  store: Store;
  store_key: string;
  product_id: string;
  kind: PurchaseKind;
  purchased_at: number;
  price_minor: number | null;
  currency: string | null;
  expires_at: number | null;
  auto_renew: number | null;
  state: EntitlementState;
  state_until: number | null;
  customer_id: number;
  ids: string;
}

const IN_FLIGHT: ReadonlySet<RefundStatus> = new Set(['pending', 'requires_action']);

/** Minor units of refunds the store still holds in flight: Stripe already counts them against the charge. */
export function pendingMinorOf(payment: { amountMinor: number | null }, refunds: readonly RefundFigure[]): number {
  const keys = new Set(refunds.map((r) => r.refundKey));
  let sum = 0;
  for (const r of refunds) if (IN_FLIGHT.has(r.status) && countsOnItsOwn(r, keys)) sum += refundAmount(r, payment);
  return sum;
}

/**
 * The refund decision trusts store-sourced rows only: an imported refund or dispute can
 * neither use up nor free what remains. Console rows are this console's own refunds.
 */
const trusted = <R extends { source: RefundFigure['source'] }>(r: R): boolean => r.source !== 'import';

/** Stripe `is_charge_refundable` lets a refund through an open dispute; everywhere else an open one blocks. */
function disputeFacts(rows: readonly DisputeFigure[]): Pick<PaymentFacts, 'dispute' | 'disputeOpen' | 'chargedBack'> {
  // An import can only block here (the harsher case), never unblock: its rows are read too.
  const open = rows.find((d) => isDisputeOpen(d.status)) ?? null;
  const dispute = open
    ? { key: open.disputeKey, status: open.status, inquiry: isInquiry(open.status), chargeRefundable: open.isChargeRefundable === true && isStoreSourced(open.source) }
    : null;
  return {
    dispute,
    disputeOpen: dispute != null && !dispute.chargeRefundable,
    chargedBack: rows.some((d) => d.status === 'lost' || d.status === 'chargeback'),
  };
}

/** The refunds and disputes of each payment of the purchase, read once (not two queries per payment). */
interface Children {
  refunds: Map<string, RefundFigure[]>;
  disputes: Map<string, DisputeFigure[]>;
}

function paymentFacts(children: Children, p: PaymentFigure): PaymentFacts {
  const key = paymentGroupKey(p.store, p.paymentKey);
  const mine = (children.refunds.get(key) ?? []).filter(trusted);
  const refunded = refundedMinorOf(p, mine);
  const amount = p.amountMinor ?? 0;
  return {
    ref: p.paymentKey,
    paidAt: p.paidAt,
    amountMinor: amount,
    currency: (p.currency ?? '').toUpperCase(),
    refundedMinor: Math.min(amount, refunded),
    pendingMinor: Math.min(Math.max(0, amount - refunded), pendingMinorOf(p, mine)),
    ...disputeFacts(children.disputes.get(key) ?? []),
    periodEnd: p.periodEnd,
    latest: false,
    storeSourced: isStoreSourced(p.source),
  };
}

/**
 * Which payments to read: the one asked for and the newest few (the latest among them).
 * Without a scope every payment is read, oldest first (a purchase renewing hourly has
 * 100,000: only callers that need them all may ask for that).
 */
export interface FactsScope {
  paymentRef?: string | null;
  /** How many of the newest paid payments to read (at least 1: the latest decides what a revoke may do). */
  newest?: number;
}

/** Facts of the given payments, each with its own refunds and disputes read by its key (one seek each). */
export function factsOfPayments(db: Db, figures: readonly PaymentFigure[]): PaymentFacts[] {
  return figures.map((x) => {
    const by = { store: x.store, paymentKey: x.paymentKey };
    const key = paymentGroupKey(x.store, x.paymentKey);
    return paymentFacts({ refunds: new Map([[key, refundFigures(db, by)]]), disputes: new Map([[key, disputeFigures(db, by)]]) }, x);
  });
}

/** The payments a scope names, oldest first as paymentFigures, the latest marked. */
function scopedPayments(db: Db, store: Store, purchaseId: number, scope: FactsScope): PaymentFacts[] {
  const newest = newestPaidPayments(db, purchaseId, Math.max(1, scope.newest ?? 1));
  const latestKey = newest[0]?.paymentKey;
  const figures = [...newest].reverse();
  if (scope.paymentRef && !newest.some((x) => x.paymentKey === scope.paymentRef)) {
    // Not among the newest, so older than all of them: it goes first.
    const asked = paidPaymentOf(db, store, purchaseId, scope.paymentRef);
    if (asked) figures.unshift(asked);
  }
  const out = factsOfPayments(db, figures);
  for (const p of out) p.latest = p.ref === latestKey;
  return out;
}

function allPayments(db: Db, purchaseId: number): PaymentFacts[] {
  // Only a payment that moved money can be refunded (Google PENDING/CANCELED orders, Stripe
  // PaymentIntents that did not succeed are not payments).
  const children: Children = { refunds: refundFiguresByPayment(db, purchaseId), disputes: disputeFiguresByPayment(db, purchaseId) };
  const payments = paymentFigures(db, { purchaseId })
    .filter((x) => x.status === 'paid' && x.amountMinor != null)
    .map((x) => paymentFacts(children, x));
  if (payments.length) payments[payments.length - 1]!.latest = true;
  return payments;
}

export function readPurchaseFacts(db: Db, purchaseId: number, scope?: FactsScope): PurchaseFacts | null {
  const p = stmt(db, 'SELECT * FROM purchases WHERE id = ?').get(purchaseId) as PurchaseRow | undefined;
  if (!p) return null;
  const payments = scope ? scopedPayments(db, p.store, purchaseId, scope) : allPayments(db, purchaseId);
  // Only a one-time item can be consumed (policy warns on it for those alone); a subscription's
  // events are not searched for it (100,000 renewals: 10 ms for an answer that is not used).
  const consumed =
    p.kind === 'consumable' ||
    p.state === 'consumed' ||
    // LIKE is case-insensitive for ASCII, as the earlier /consumed/i was
    (p.kind !== 'subscription' &&
      stmt(db, "SELECT 1 FROM events WHERE purchase_id = ? AND type = 'consumption_answered' AND detail LIKE '%consumed%' LIMIT 1").get(purchaseId) != null);
  return {
    id: p.id,
    store: p.store,
    storeKey: p.store_key,
    productId: p.product_id,
    kind: p.kind,
    purchasedAt: p.purchased_at,
    priceMinor: p.price_minor,
    currency: p.currency,
    expiresAt: p.expires_at,
    autoRenew: p.auto_renew == null ? null : p.auto_renew === 1,
    state: p.state,
    stateUntil: p.state_until,
    customerId: p.customer_id,
    ids: JSON.parse(p.ids) as Record<string, string>,
    payments,
    consumed,
  };
}
