// Google Play's money facts for the ledger (src-main/domain/ledger.ts), keyed by Google's
// own identities: a payment is an order (each renewal `..N` its own); a refund is
// `<orderId>#<refund event time ms>` from the Orders API or `<orderId>#voided` from Voided
// Purchases (the ledger merges the two of one order); a chargeback `<orderId>#chargeback`.
import type { DisputeFact, PaymentFact, PaymentStatus, RefundFact, RefundStatus } from '../../domain/ledger';
import type { RefundKind } from '../../ipc/vocabulary';
import { toMinor, type Order, type VoidedPurchase } from './parse';

/**
 * Order.State (androidpublisher v3 REST): PENDING "waiting to be processed" and CANCELED
 * "canceled before being processed" moved no money; every later state (PROCESSED,
 * PENDING_REFUND, PARTIALLY_REFUNDED, REFUNDED) was paid first.
 */
export function paymentStatus(state: string | undefined): PaymentStatus {
  if (state === 'PENDING') return 'pending';
  if (state === 'CANCELED') return 'canceled';
  return 'paid';
}

export const isPaid = (o: Order): boolean => paymentStatus(o.state) === 'paid';

/** When Google last changed the order: its statements about the order are dated by it. */
const observed = (o: Order): number => o.lastEventTime ?? o.createTime;

export const refundKeyAt = (orderId: string, at: number): string => `${orderId}#${at}`;
/** A full refund Google accepted but has not processed (PENDING_REFUND): no event time yet. */
export const pendingRefundKey = (orderId: string): string => `${orderId}#pending`;
export const voidedRefundKey = (v: VoidedPurchase): string =>
  // one order is voided (revoked) once; quantity refunds of one order can be several
  v.voidedQuantity != null ? `${v.orderId}#voided:${v.voidedTimeMillis}` : `${v.orderId}#voided`;
export const chargebackKey = (orderId: string): string => `${orderId}#chargeback`;

export function paymentFact(o: Order): PaymentFact {
  const total = toMinor(o.total);
  const sub = o.lineItems?.[0]?.subscriptionDetails;
  return {
    kind: 'payment',
    store: 'google',
    paymentKey: o.orderId,
    purchaseKey: o.purchaseToken,
    status: paymentStatus(o.state),
    amountMinor: total?.amountMinor ?? null,
    currency: total?.currency ?? null,
    paidAt: o.createTime,
    periodStart: sub?.servicePeriodStartTime ?? null,
    periodEnd: sub?.servicePeriodEndTime ?? null,
    source: 'store_api',
    observedAt: observed(o),
  };
}

export function orderRefundFact(
  o: Order,
  f: { key: string; status: RefundStatus; kind: RefundKind; amountMinor: number | null; currency: string | null; at: number; reason?: string | null; revokesAccess: boolean },
): RefundFact {
  return {
    kind: 'refund',
    store: 'google',
    refundKey: f.key,
    paymentKey: o.orderId,
    purchaseKey: o.purchaseToken,
    status: f.status,
    refundKind: f.kind,
    amountMinor: f.amountMinor,
    currency: f.currency,
    revokesAccess: f.revokesAccess,
    reason: f.reason ?? null,
    createdAt: f.at,
    observedAt: Math.max(f.at, observed(o)),
    source: 'store_api',
    detectedVia: 'google_orders',
  };
}

export function voidedRefundFact(v: VoidedPurchase, kind: RefundKind, amount: { amountMinor: number; currency: string } | null, reason: string): RefundFact {
  return {
    kind: 'refund',
    store: 'google',
    refundKey: voidedRefundKey(v),
    paymentKey: v.orderId,
    purchaseKey: v.purchaseToken,
    status: 'succeeded',
    refundKind: kind,
    amountMinor: amount?.amountMinor ?? null,
    currency: amount?.currency ?? null,
    // Voided Purchases lists revoked purchases only (Voided Purchases guide); a quantity refund takes back those items only.
    revokesAccess: v.voidedQuantity == null,
    reason,
    createdAt: v.voidedTimeMillis,
    observedAt: v.voidedTimeMillis,
    source: 'store_api',
    detectedVia: 'google_voided_purchases',
  };
}

/** Google documents no chargeback lifecycle after the order is charged back: it is final ('chargeback'). */
export function chargebackFact(
  orderId: string,
  purchaseToken: string,
  amount: { amountMinor: number; currency: string } | null,
  at: number,
  revokesAccess: boolean,
): DisputeFact {
  return {
    kind: 'dispute',
    store: 'google',
    disputeKey: chargebackKey(orderId),
    paymentKey: orderId,
    purchaseKey: purchaseToken,
    status: 'chargeback',
    amountMinor: amount?.amountMinor ?? null,
    currency: amount?.currency ?? null,
    reason: 'chargeback',
    isChargeRefundable: false,
    revokesAccess,
    createdAt: at,
    observedAt: at,
    source: 'store_api',
  };
}
