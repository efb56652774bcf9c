// Google Play refunds. Google has no idempotency key and no refund ID, so exactly-once
// rests on the order: before sending, the order is re-read and must still be what the
// agent confirmed; afterwards, and on reconcile, only a refund dated after the intent
// counts as this one (DESIGN.md §5.6–5.8, evidence.ts).
import type { StoreRefundOutcome, StoreRefundRequest } from '../adapter';
import type { Api } from './api';
import { evidenceOn, orderChanged, refundedBefore, type Evidence } from './evidence';
import type { StoreError } from '../errors';
import { googleError, isNotFound } from './client';
import { fetchOrders } from './orders';
import type { Order } from './parse';
import type { Clock } from './quota';
import { pastGoogleRefundLimit } from './words';

/**
 * What the refunds module passes for Google. For a subscription's refund-and-revoke,
 * paymentRef is the latest order shown to the agent (the one Google refunds) and
 * purchaseKey the purchase token. isRetry: an earlier attempt for this payment exists.
 */
export type GoogleRefundRequest = StoreRefundRequest;

export interface RefundTiming {
  /**
   * How long after the intent a request may still be performed inside Google. Google
   * documents no bound and no way to cancel a sent refund, so until then "no refund
   * shown" is not proof that nothing will happen (DESIGN §5.6): reconcile stays unknown.
   */
  settleMs: number;
}
export const DEFAULT_SETTLE_MS = 10 * 60_000;

export type ReconcileOutcome = StoreRefundOutcome | { status: 'not_found' };

/**
 * A refund call that may have reached Google: the answer was lost (5xx, timeout, dropped
 * connection). Offline counts too, the harsher reading: the refund is read back before
 * anything else rather than called failed.
 */
const mayHaveHappened = (g: StoreError): boolean => g.kind === 'transient' || g.kind === 'offline';

const isRevoke = (req: StoreRefundRequest, kind: string | undefined) => kind === 'subscription' && req.mode === 'refund_and_revoke';

function succeeded(ev: Evidence, req: StoreRefundRequest, steps: string[]): StoreRefundOutcome {
  return {
    status: 'succeeded',
    storeRef: ev.orderId,
    amountMinor: ev.amountMinor ?? req.amountMinor,
    storeStatus: ev.storeStatus,
    refundedPaymentRef: ev.orderId,
    raw: { orderId: ev.orderId, at: ev.at, refundKey: ev.refundKey },
    steps: [...steps, ev.words, ...(ev.storeStatus === 'pending' ? ['pending at Google until the order shows REFUNDED'] : [])],
  };
}

/** Google's latest paid order of a subscription (the one a revoke refunds), or null for a one-time purchase. */
async function latestOrderOf(api: Api, token: string): Promise<{ latest: string | null; state: string | null }> {
  try {
    const s = await api.getSubscription(token);
    return { latest: s.lineItems.find((i) => i.latestSuccessfulOrderId)?.latestSuccessfulOrderId ?? s.latestOrderId ?? null, state: s.subscriptionState ?? null };
  } catch (e) {
    if (isNotFound(e)) return { latest: null, state: null };
    throw e;
  }
}

/** Did the refund this request describes happen? Never refunds. */
export async function reconcileGoogle(api: Api, clock: Clock, req: StoreRefundRequest, t: RefundTiming): Promise<ReconcileOutcome> {
  // Without the intent's time nothing can be dated: any refund on the order is taken as
  // this one (the refunds module passes intentCreatedAt; older callers did not).
  const since = req.intentCreatedAt ?? -Infinity;
  let orders: Map<string, Order>;
  try {
    const ids = [req.paymentRef];
    if (req.mode === 'refund_and_revoke' && req.purchaseKind !== 'one_time' && req.purchaseKind !== 'consumable') {
      const { latest } = await latestOrderOf(api, req.purchaseKey);
      if (latest) ids.push(latest);
    }
    orders = await fetchOrders(api, ids, new AbortController().signal);
  } catch (e) {
    const g = googleError(e, `orders.get of ${req.paymentRef}`);
    // Lost, limited or offline: nothing is known yet, so it stays unknown and is asked again.
    if (g.retryable) return { status: 'unknown', message: g.message, steps: ['Google did not answer; still unknown'] };
    return { status: 'failed', message: g.message, code: g.storeCode, steps: ['orders.get refused'] };
  }
  // A revoke refunds Google's latest order, which may be a renewal the agent never saw.
  for (const o of [...orders.values()].reverse()) {
    const ev = evidenceOn(o, req, since);
    if (ev) return succeeded(ev, req, []);
  }
  const requested = orders.get(req.paymentRef);
  const before = requested && req.mode === 'refund' && req.intentCreatedAt != null ? refundedBefore(requested, req.intentCreatedAt) : null;
  if (before) return { status: 'failed', code: 'already_refunded', message: before, steps: ['orders.get: refunded before this intent'] };
  if (req.intentCreatedAt != null && clock.now() - req.intentCreatedAt < t.settleMs) {
    return {
      status: 'unknown',
      message: `Google shows no refund of ${req.paymentRef} yet, but the request may still be running inside Google; it is checked again later and not sent again before then.`,
      steps: ['orders.get: no refund yet; too early to say none will happen'],
    };
  }
  return { status: 'not_found' };
}

/** DESIGN §5.8: the order (and, for a revoke, Google's latest order) must still be what the agent confirmed. */
async function preflight(api: Api, clock: Clock, req: StoreRefundRequest): Promise<{ kind: string | undefined } | StoreRefundOutcome> {
  const refuse = (message: string, code = 'payment_changed'): StoreRefundOutcome => ({ status: 'failed', code, message: `${message}. Nothing was sent to Google.`, steps: ['refused before sending'] });
  let o: Order;
  try {
    o = await api.getOrder(req.paymentRef);
  } catch (e) {
    return refuse(googleError(e, `orders.get of ${req.paymentRef}`).message, 'store_unreadable');
  }
  if (pastGoogleRefundLimit(o.createTime, clock.now())) return refuse(`Google Play does not refund orders older than 3 years (order ${req.paymentRef})`, 'refund_window_passed');
  const changed = orderChanged(o, req);
  if (changed) return refuse(`Google's order differs from what was confirmed: ${changed}; refresh the purchase and confirm again`);
  const kind = req.purchaseKind ?? (o.lineItems?.[0]?.subscriptionDetails ? 'subscription' : 'one_time');
  if (isRevoke(req, kind)) {
    let sub;
    try {
      sub = await latestOrderOf(api, req.purchaseKey);
    } catch (e) {
      return refuse(googleError(e, 'subscriptionsv2.get').message, 'store_unreadable');
    }
    if (sub.latest && sub.latest !== req.paymentRef) {
      return refuse(
        `Google's latest order of this subscription is ${sub.latest}, not ${req.paymentRef} shown here: a renewal this console had not seen yet. A revoke refunds Google's latest order; refresh the purchase and confirm again`,
      );
    }
    if (sub.state === 'SUBSCRIPTION_STATE_EXPIRED') return refuse('The subscription has already ended at Google; a revoke needs an active subscription. Use "Refund only"', 'not_active');
  }
  return { kind };
}

export async function refundGoogle(api: Api, clock: Clock, req: GoogleRefundRequest): Promise<StoreRefundOutcome> {
  if (req.orderCreatedAt != null && pastGoogleRefundLimit(req.orderCreatedAt, clock.now())) {
    return {
      status: 'failed',
      code: 'refund_window_passed',
      message: `Google Play does not refund orders older than 3 years; order ${req.paymentRef} was placed on ${new Date(req.orderCreatedAt).toISOString().slice(0, 10)}. Nothing was sent to Google.`,
      steps: ['refused before any call'],
    };
  }
  const steps: string[] = [];
  if (req.isRetry) {
    // This very request may have reached Google before (its answer lost): dated evidence
    // settles it. The refunds module reconciles an earlier intent before a new one.
    const r = await reconcileGoogle(api, clock, req, { settleMs: 0 });
    if (r.status === 'succeeded') return { ...r, steps: [...(r.steps ?? []), 'not sent again'] };
    if (r.status !== 'not_found' && !(r.status === 'failed' && r.code === 'already_refunded')) return r;
    steps.push('orders.get: this refund has not happened');
  }
  const pre = await preflight(api, clock, req);
  if ('status' in pre) return { ...pre, steps: [...steps, ...(pre.steps ?? [])] };
  const sentAt = clock.now();
  const revoke = isRevoke(req, pre.kind);
  try {
    if (revoke) {
      const prorated = req.refundKind === 'prorated';
      await api.revokeSubscription(req.purchaseKey, prorated);
      steps.push(`subscriptionsv2.revoke with ${prorated ? 'proratedRefund' : 'fullRefund'}: access ended, renewals stopped`);
    } else {
      const withRevoke = req.mode === 'refund_and_revoke';
      await api.refundOrder(req.paymentRef, withRevoke);
      steps.push(`orders.refund of ${req.paymentRef} with revoke=${withRevoke}${withRevoke ? '' : ': access stays to the end of the period'}`);
    }
  } catch (e) {
    const g = googleError(e, 'the refund');
    if (mayHaveHappened(g)) {
      return { status: 'unknown', message: `${g.message}. The refund may have happened; it will be checked with orders.get before anything else.`, steps };
    }
    return { status: 'failed', message: g.message, code: g.storeCode, steps };
  }
  // Google answered: read back which order it refunded and whether the refund is processed.
  try {
    const r = await reconcileGoogle(api, clock, { ...req, intentCreatedAt: req.intentCreatedAt ?? sentAt }, { settleMs: 0 });
    if (r.status === 'succeeded') return { ...r, steps: [...steps, ...(r.steps ?? [])] };
  } catch {
    /* the refund was accepted; reading it back is a courtesy */
  }
  // Accepted by Google but not shown on the order yet: pending until it is.
  return { status: 'succeeded', storeRef: req.paymentRef, refundedPaymentRef: req.paymentRef, amountMinor: req.amountMinor, storeStatus: 'pending', steps: [...steps, 'accepted by Google; not yet shown on the order'] };
}
