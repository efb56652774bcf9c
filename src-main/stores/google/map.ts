// Google Play orders and voided purchases → normalized purchases and timeline events.
// Dedupe keys are built from what both detection paths know (the order ID, and the
// refund time to the second for partial refunds), so a refund that Voided Purchases
// and the Orders API both report is stored once.
import type { EventInput, PurchaseInput } from '../types';
import { chargebackFact, isPaid, orderRefundFact, paymentFact, pendingRefundKey, refundKeyAt, voidedRefundFact } from './ledger';
import { toMinor, type Order, type VoidedPurchase } from './parse';
import { VOIDED_REASON_CHARGEBACK, voidedReasonWords, voidedSourceWords } from './words';

/** The dedupe key of a full refund (or chargeback) of one order; an order is fully refunded at most once. */
export function googleRefundKey(orderId: string): string {
  return `google:refund:${orderId}`;
}

/**
 * The dedupe key of the refund that came with revoking a subscription (subscriptionsv2.revoke
 * with proratedRefund, from this console or elsewhere). A revoke ends the subscription, so
 * an order is revoked at most once: the key needs no time, and the console, which cannot
 * know when Google processes the prorated amount, writes the same key (refunds/record.ts).
 */
export function googleRevokeRefundKey(orderId: string): string {
  return `google:refund:${orderId}:revoke`;
}

/** Second of a refund time: Voided Purchases and the Orders API agree on it, not on milliseconds. */
export const refundSecond = (at: number): number => Math.floor(at / 1000);

/** The dedupe key of a partial refund of one order at a given time. */
export function googlePartialRefundKey(orderId: string, at: number): string {
  return `google:refund:${orderId}:partial:${Math.floor(at / 1000)}`;
}

export const ORDERS_SUMMARY = 'in the Play Console, found through the Orders API';

/** Renewal orders carry a `..N` suffix on the first order's ID (N = 0 for the first renewal). */
export function isRenewalOrder(orderId: string): boolean {
  return /\.\.\d+$/.test(orderId);
}

export function purchaseFromOrder(o: Order): PurchaseInput {
  const item = o.lineItems?.[0];
  const total = toMinor(o.total);
  return {
    store: 'google',
    storeKey: o.purchaseToken,
    productId: item?.productId ?? 'unknown',
    kind: item?.subscriptionDetails ? 'subscription' : 'one_time',
    environment: 'production',
    purchasedAt: o.createTime,
    priceMinor: total?.amountMinor ?? null,
    currency: total?.currency ?? null,
    ids: { google_purchase_token: o.purchaseToken },
    customer: { ids: [{ kind: 'google_purchase_token', value: o.purchaseToken }] },
  };
}

/**
 * The purchase or renewal that the order paid for. A PENDING or CANCELED order paid
 * nothing (Order.State, REST reference): its row carries no amount and its own key, so
 * the paid row is written (with its amount) once Google processes the order.
 */
export function orderPaidEvent(o: Order): EventInput {
  const total = toMinor(o.total);
  const sub = o.lineItems?.[0]?.subscriptionDetails;
  const paid = isPaid(o);
  const renewal = isRenewalOrder(o.orderId);
  const unpaid =
    o.state === 'CANCELED'
      ? 'Order canceled before Google processed it; nothing was paid'
      : `${renewal ? 'Renewal' : 'Purchase'} payment waiting to be processed by Google; not counted as paid`;
  return {
    store: 'google',
    purchaseKey: o.purchaseToken,
    type: !paid && o.state === 'CANCELED' ? 'cancellation' : renewal ? 'renewal' : 'purchase',
    occurredAt: o.createTime,
    source: 'store_api',
    dedupeKey: paid ? `google:order:${o.orderId}` : `google:order:${o.orderId}:${(o.state ?? '').toLowerCase()}`,
    amountMinor: paid ? (total?.amountMinor ?? null) : null,
    currency: total?.currency ?? null,
    orderId: o.orderId,
    detail: {
      status: o.state ?? null,
      ...(paid && sub?.servicePeriodEndTime ? { expiresAt: sub.servicePeriodEndTime } : {}),
      ...(paid ? {} : { summary: unpaid }),
    },
    ledger: paymentFact(o),
  };
}

function isChargebackReason(reason: string | undefined): boolean {
  return reason === 'CHARGEBACK';
}

/** The service period the order paid for: a refund-only of an older order applies to that period only. */
function periodOf(o: Order): { servicePeriodStart?: number; servicePeriodEnd?: number } {
  const sub = o.lineItems?.[0]?.subscriptionDetails;
  return sub ? { servicePeriodStart: sub.servicePeriodStartTime, servicePeriodEnd: sub.servicePeriodEndTime } : {};
}

/**
 * Refunds the Orders API shows on one order: the full refund (refundEvent), a refund
 * still pending at Google (PENDING_REFUND), and each partial refund. Google lists only
 * revoked orders in Voided Purchases, so "refund only" and partial refunds made in the
 * Play Console are found here and nowhere else.
 */
export function orderRefundEvents(o: Order, revokedAtSecond?: number | null): EventInput[] {
  const out: EventInput[] = [];
  for (const p of o.orderHistory?.partialRefundEvents ?? []) {
    // a partial refund still waiting to be processed has moved no money yet
    if (p.state && p.state !== 'PROCESSED_SUCCESSFULLY') continue;
    const at = p.processTime ?? p.createTime;
    const amount = toMinor(p.refundDetails?.total);
    // The Orders API does not say a partial refund came with a revoke; Voided Purchases
    // does (at the same second), and the sync remembers it for every later Orders pass.
    const revoke = revokedAtSecond != null && refundSecond(at) === revokedAtSecond;
    out.push({
      store: 'google',
      purchaseKey: o.purchaseToken,
      type: 'refund',
      occurredAt: at,
      source: 'store_api',
      dedupeKey: revoke ? googleRevokeRefundKey(o.orderId) : googlePartialRefundKey(o.orderId, at),
      amountMinor: amount?.amountMinor ?? null,
      currency: amount?.currency ?? null,
      orderId: o.orderId,
      detail: { refundKind: 'partial', detectedVia: 'google_orders', revokesAccess: false, status: p.state ?? null, ...periodOf(o), summary: `Partial refund ${ORDERS_SUMMARY}` },
      raw: p,
      ledger: orderRefundFact(o, {
        key: refundKeyAt(o.orderId, p.createTime),
        status: 'succeeded',
        kind: revoke ? 'prorated' : 'partial',
        amountMinor: amount?.amountMinor ?? null,
        currency: amount?.currency ?? null,
        at,
        revokesAccess: revoke,
      }),
    });
  }
  const total = toMinor(o.total);
  if (o.state === 'PENDING_REFUND' && !o.orderHistory?.refundEvent) {
    // Google accepted a refund of the whole order and has not processed it: not refunded yet.
    out.push({
      store: 'google',
      purchaseKey: o.purchaseToken,
      type: 'refund',
      occurredAt: o.lastEventTime ?? o.createTime,
      source: 'store_api',
      dedupeKey: `google:refund:${o.orderId}:pending`,
      amountMinor: null,
      currency: total?.currency ?? null,
      orderId: o.orderId,
      detail: { refundKind: 'full', detectedVia: 'google_orders', revokesAccess: false, status: 'PENDING_REFUND', ...periodOf(o), summary: 'Refund pending at Google, not yet processed; found through the Orders API' },
      raw: { state: o.state },
      ledger: orderRefundFact(o, { key: pendingRefundKey(o.orderId), status: 'pending', kind: 'full', amountMinor: total?.amountMinor ?? null, currency: total?.currency ?? null, at: o.lastEventTime ?? o.createTime, revokesAccess: false }),
    });
  }
  const r = o.orderHistory?.refundEvent;
  if (r || o.state === 'REFUNDED') {
    const at = r?.eventTime ?? o.createTime;
    const amount = toMinor(r?.refundDetails?.total) ?? total;
    const chargeback = isChargebackReason(r?.refundReason);
    const reason = chargeback ? 'chargeback' : (r?.refundReason?.toLowerCase().replace(/_/g, ' ') ?? null);
    out.push({
      store: 'google',
      purchaseKey: o.purchaseToken,
      type: chargeback ? 'dispute_lost' : 'refund',
      occurredAt: at,
      source: 'store_api',
      dedupeKey: googleRefundKey(o.orderId),
      amountMinor: amount?.amountMinor ?? null,
      currency: amount?.currency ?? null,
      orderId: o.orderId,
      detail: {
        refundKind: out.length ? 'partial' : 'full',
        reason,
        detectedVia: 'google_orders',
        // The Orders API does not say whether access was revoked; revoked refunds are
        // also listed by Voided Purchases, which is read first and wins the dedupe.
        revokesAccess: false,
        status: o.state ?? null,
        ...periodOf(o),
        summary: chargeback ? 'Chargeback, found through the Orders API' : `Refund only (access kept) ${ORDERS_SUMMARY}`,
      },
      raw: r ?? { state: o.state },
      ledger: chargeback
        ? chargebackFact(o.orderId, o.purchaseToken, amount, at, false)
        : orderRefundFact(o, { key: refundKeyAt(o.orderId, at), status: 'succeeded', kind: out.length ? 'partial' : 'full', amountMinor: amount?.amountMinor ?? null, currency: amount?.currency ?? null, at, reason, revokesAccess: false }),
    });
  }
  return out;
}

/**
 * A voided subscription purchase whose order shows a partial refund at the same second and
 * is not fully refunded: a revoke with a prorated refund. Quantity refunds are not revokes.
 */
export function isProratedRevoke(v: VoidedPurchase, order: Order | undefined): boolean {
  if (v.voidedQuantity != null || !order || order.state === 'REFUNDED') return false;
  return (order.orderHistory?.partialRefundEvents ?? []).some((p) => refundSecond(p.processTime ?? p.createTime) === refundSecond(v.voidedTimeMillis));
}

/** One voided purchase, with the amounts from its order when the order could be read. */
export function voidedEvent(v: VoidedPurchase, order: Order | undefined): EventInput {
  const source = voidedSourceWords(v.voidedSource);
  const reason = voidedReasonWords(v.voidedReason);
  const chargeback = v.voidedReason === VOIDED_REASON_CHARGEBACK;
  const at = v.voidedTimeMillis;
  const samePartial = order?.orderHistory?.partialRefundEvents?.find(
    (p) => Math.floor((p.processTime ?? p.createTime) / 1000) === Math.floor(at / 1000),
  );
  const partial = v.voidedQuantity != null || (samePartial != null && order?.state !== 'REFUNDED');
  let amount = partial ? toMinor(samePartial?.refundDetails?.total) : (toMinor(order?.orderHistory?.refundEvent?.refundDetails?.total) ?? toMinor(order?.total));
  if (!amount && v.voidedQuantity != null && order) {
    const total = toMinor(order.total);
    const qty = order.lineItems?.[0]?.oneTimePurchaseDetails?.quantity ?? 1;
    if (total) amount = { amountMinor: Math.round((total.amountMinor / qty) * v.voidedQuantity), currency: total.currency };
  }
  const what = v.voidedQuantity != null ? `Quantity refund (${v.voidedQuantity})` : chargeback ? 'Chargeback' : partial ? 'Prorated refund' : 'Refund';
  const refundKind = partial ? (v.voidedQuantity != null ? 'partial' : 'prorated') : 'full';
  return {
    store: 'google',
    purchaseKey: v.purchaseToken,
    type: chargeback ? 'dispute_lost' : 'refund',
    occurredAt: at,
    source: 'store_api',
    dedupeKey: isProratedRevoke(v, order) ? googleRevokeRefundKey(v.orderId) : partial ? googlePartialRefundKey(v.orderId, at) : googleRefundKey(v.orderId),
    amountMinor: amount?.amountMinor ?? null,
    currency: amount?.currency ?? null,
    orderId: v.orderId,
    detail: {
      refundKind,
      reason,
      voidedBy: source,
      detectedVia: 'google_voided_purchases',
      // A partial quantity refund takes back only those items; access to the rest stays.
      revokesAccess: v.voidedQuantity == null,
      quantity: v.voidedQuantity ?? null,
      storeRef: v.orderId,
      summary: `${what} ${source}: ${reason}; access revoked${v.voidedQuantity != null ? ' for the refunded items' : ''}, found through Voided Purchases`,
    },
    raw: v,
    ledger: chargeback ? chargebackFact(v.orderId, v.purchaseToken, amount, at, true) : voidedRefundFact(v, refundKind, amount, reason),
  };
}

/**
 * A chargeback listed by Voided Purchases revoked the purchase (the guide lists only
 * revoked purchases): access ends, told as a revoke beside the dispute row, because a
 * lost dispute alone does not end access in the timeline.
 */
export function chargebackRevokeEvent(v: VoidedPurchase): EventInput | null {
  if (v.voidedReason !== VOIDED_REASON_CHARGEBACK || v.voidedQuantity != null) return null;
  return {
    store: 'google',
    purchaseKey: v.purchaseToken,
    type: 'revoke',
    occurredAt: v.voidedTimeMillis,
    source: 'store_api',
    dedupeKey: `google:revoke:${v.orderId}`,
    orderId: v.orderId,
    detail: { reason: 'chargeback', detectedVia: 'google_voided_purchases', revokesAccess: true, storeRef: v.orderId, summary: 'Access revoked by Google after a chargeback' },
  };
}
