// Google Play refunds. Google has no idempotency key, so exactly-once rests on reading
// the order first: before any retry, orders.get tells whether the refund already
// happened, and "already refunded" counts as done (DESIGN.md §5).
import type { PurchaseKind } from '../../ipc/vocabulary';
import type { StoreRefundOutcome, StoreRefundRequest } from '../adapter';
import type { Api } from './api';
import { GoogleStoreError, toGoogleError } from './errors';
import { toMinor, type Order } from './parse';
import type { Clock } from './quota';
import { GOOGLE_MAX_REFUND_AGE_DAYS } from './words';

/**
 * What the refunds module passes on top of StoreRefundRequest for Google (all optional):
 * - purchaseKind: a subscription's refund-and-revoke goes through subscriptionsv2.revoke;
 *   without it the adapter reads the order to find out.
 * - orderCreatedAt: lets the 3-year limit be checked before any call.
 * - isRetry: an earlier attempt's answer was lost; reconcile first, never refund twice.
 * For a subscription's refund-and-revoke, paymentRef must be the latest order (the one
 * Google refunds) and purchaseKey the purchase token.
 */
export interface GoogleRefundRequest extends StoreRefundRequest {
  purchaseKind?: PurchaseKind;
  orderCreatedAt?: number;
  isRetry?: boolean;
}

const DAY = 86_400_000;
export type ReconcileOutcome = StoreRefundOutcome | { status: 'not_found' };

function refundedAmount(o: Order): number | null {
  const full = toMinor(o.orderHistory?.refundEvent?.refundDetails?.total);
  const partial = (o.orderHistory?.partialRefundEvents ?? []).reduce((s, p) => s + (toMinor(p.refundDetails?.total)?.amountMinor ?? 0), 0);
  if (full) return full.amountMinor + partial;
  return partial || null;
}

/** Did the refund this request describes happen? Never refunds. */
export async function reconcileGoogle(api: Api, req: StoreRefundRequest): Promise<ReconcileOutcome> {
  let order: Order;
  try {
    order = await api.getOrder(req.paymentRef);
  } catch (e) {
    const g = toGoogleError(e, `orders.get of ${req.paymentRef}`);
    if (g.answerLost) return { status: 'unknown', message: g.message, steps: ['orders.get did not answer; still unknown'] };
    return { status: 'failed', message: g.message, code: g.storeReason, steps: ['orders.get refused'] };
  }
  const state = order.state ?? '';
  const hasFull = state === 'REFUNDED' || order.orderHistory?.refundEvent != null;
  const hasPartial = state === 'PARTIALLY_REFUNDED' || (order.orderHistory?.partialRefundEvents?.length ?? 0) > 0;
  // A prorated revoke shows as a partial refund; a full refund needs the order fully refunded.
  const done =
    state === 'PENDING_REFUND' || hasFull || (req.refundKind !== 'full' && hasPartial);
  if (!done) return { status: 'not_found' };
  return {
    status: 'succeeded',
    storeRef: order.orderId,
    amountMinor: refundedAmount(order) ?? req.amountMinor,
    raw: { state, orderHistory: order.orderHistory },
    steps: [`orders.get shows the order ${state === 'PENDING_REFUND' ? 'with a refund pending at Google' : state.toLowerCase().replace('_', ' ')}`],
  };
}

export async function refundGoogle(api: Api, clock: Clock, req: GoogleRefundRequest): Promise<StoreRefundOutcome> {
  if (req.orderCreatedAt != null && clock.now() - req.orderCreatedAt > GOOGLE_MAX_REFUND_AGE_DAYS * DAY) {
    return {
      status: 'failed',
      code: 'refund_window_passed',
      message: `Google Play does not refund orders older than 3 years; order ${req.paymentRef} was placed on ${new Date(req.orderCreatedAt).toISOString().slice(0, 10)}. Nothing was sent to Google.`,
      steps: ['refused before any call'],
    };
  }
  const steps: string[] = [];
  if (req.isRetry) {
    const r = await reconcileGoogle(api, req);
    if (r.status === 'succeeded') return { ...r, steps: [...(r.steps ?? []), 'not sent again'] };
    if (r.status !== 'not_found') return r;
    steps.push('orders.get: not refunded yet');
  }
  let kind = req.purchaseKind;
  if (kind == null && req.mode === 'refund_and_revoke') {
    try {
      const o = await api.getOrder(req.paymentRef);
      kind = o.lineItems?.[0]?.subscriptionDetails ? 'subscription' : 'one_time';
      if (clock.now() - o.createTime > GOOGLE_MAX_REFUND_AGE_DAYS * DAY) {
        return { status: 'failed', code: 'refund_window_passed', message: `Google Play does not refund orders older than 3 years (order ${req.paymentRef}). Nothing was sent to Google.`, steps };
      }
    } catch (e) {
      const g = toGoogleError(e, `orders.get of ${req.paymentRef}`);
      return { status: 'failed', message: `${g.message}. Nothing was sent to Google.`, code: g.storeReason, steps };
    }
  }
  try {
    if (kind === 'subscription' && req.mode === 'refund_and_revoke') {
      const prorated = req.refundKind === 'prorated';
      await api.revokeSubscription(req.purchaseKey, prorated);
      steps.push(`subscriptionsv2.revoke with ${prorated ? 'proratedRefund' : 'fullRefund'}: access ended, renewals stopped`);
    } else {
      const revoke = req.mode === 'refund_and_revoke';
      await api.refundOrder(req.paymentRef, revoke);
      steps.push(`orders.refund of ${req.paymentRef} with revoke=${revoke}${revoke ? '' : ': access stays to the end of the period'}`);
    }
  } catch (e) {
    const g = e instanceof GoogleStoreError ? e : toGoogleError(e, 'the refund');
    if (g.answerLost) {
      return { status: 'unknown', message: `${g.message}. The refund may have happened; it will be checked with orders.get before anything else.`, steps };
    }
    return { status: 'failed', message: g.message, code: g.storeReason, steps };
  }
  return { status: 'succeeded', storeRef: req.paymentRef, amountMinor: req.amountMinor, steps };
}
