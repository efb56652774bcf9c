// What Google shows about a refund this console asked for. Google has no idempotency key
// and no refund ID, so the only proof is on the order itself: a refund event dated after
// the intent was written (DESIGN §5.6). A refund dated earlier (a Play Console partial
// refund, say) is someone else's and proves nothing about this one.
import type { RefundStatus } from '../../domain/ledger';
import type { StoreRefundRequest } from '../adapter';
import { pendingRefundKey, refundKeyAt } from './ledger';
import { toMinor, type Order } from './parse';

export interface Evidence {
  orderId: string;
  amountMinor: number | null;
  /** PENDING_REFUND: Google accepted the refund and has not processed it yet. */
  storeStatus: RefundStatus;
  at: number;
  /** The ledger's key of this refund (ledger.ts), for the console's intent row to alias. */
  refundKey: string;
  words: string;
}

/**
 * The desktop's clock dates the intent, Google's clock dates the refund. Evidence up to
 * this much before the intent still counts (an NTP-synced desktop is well within it); an
 * unrelated refund made in the Play Console within these minutes before the agent's
 * click is the rarer error.
 */
export const CLOCK_SKEW_MS = 2 * 60_000;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The refund on `o` that this request made, if Google shows one dated at or after
 * the intent's creation (less the clock skew). Full refunds and refund-and-revoke with fullRefund
 * show as the order's refundEvent (or PENDING_REFUND, dated by lastEventTime); a
 * prorated revoke as a partial refund event.
 */
export function evidenceOn(o: Order, req: Pick<StoreRefundRequest, 'refundKind'>, intentAt: number): Evidence | null {
  const since = intentAt - CLOCK_SKEW_MS;
  const r = o.orderHistory?.refundEvent;
  if (r && r.eventTime >= since) {
    return { orderId: o.orderId, amountMinor: toMinor(r.refundDetails?.total)?.amountMinor ?? null, storeStatus: 'succeeded', at: r.eventTime, refundKey: refundKeyAt(o.orderId, r.eventTime), words: `orders.get shows ${o.orderId} refunded at ${day(r.eventTime)} UTC` };
  }
  if (o.state === 'PENDING_REFUND' && (o.lastEventTime ?? 0) >= since) {
    return { orderId: o.orderId, amountMinor: toMinor(o.total)?.amountMinor ?? null, storeStatus: 'pending', at: o.lastEventTime!, refundKey: pendingRefundKey(o.orderId), words: `orders.get shows ${o.orderId} with a refund pending at Google` };
  }
  if (req.refundKind === 'full') return null;
  const p = (o.orderHistory?.partialRefundEvents ?? []).find((x) => x.createTime >= since);
  if (!p) return null;
  const at = p.processTime ?? p.createTime;
  return {
    orderId: o.orderId,
    amountMinor: toMinor(p.refundDetails?.total)?.amountMinor ?? null,
    storeStatus: p.state && p.state !== 'PROCESSED_SUCCESSFULLY' ? 'pending' : 'succeeded',
    at,
    refundKey: refundKeyAt(o.orderId, p.createTime),
    words: `orders.get shows a partial refund of ${o.orderId} at ${day(at)} UTC`,
  };
}

/** A full refund Google made before this intent existed: this request could not have refunded it again. */
export function refundedBefore(o: Order, intentAt: number): string | null {
  const r = o.orderHistory?.refundEvent;
  if (r && r.eventTime < intentAt - CLOCK_SKEW_MS) return `Google shows ${o.orderId} already fully refunded on ${day(r.eventTime)} UTC, before this refund was asked for; nothing more was refunded.`;
  return null;
}

/**
 * DESIGN §5.8: before sending, the order must still be what the agent confirmed. Google's
 * order carries no customer, so the customer is checked through its purchase token.
 */
export function orderChanged(o: Order, req: StoreRefundRequest): string | null {
  if (o.purchaseToken !== req.purchaseKey) return `order ${o.orderId} belongs to another purchase at Google than the one shown`;
  if (o.state === 'PENDING' || o.state === 'CANCELED') return `Google shows order ${o.orderId} as ${o.state.toLowerCase()}: it was never paid`;
  if (o.state === 'REFUNDED' || o.state === 'PENDING_REFUND') return `Google shows order ${o.orderId} already ${o.state === 'REFUNDED' ? 'refunded' : 'being refunded'}`;
  const total = toMinor(o.total);
  const exp = req.expected;
  if (exp && total && (total.amountMinor !== exp.amountMinor || total.currency !== exp.currency.toUpperCase())) {
    return `Google shows order ${o.orderId} at ${total.amountMinor} ${total.currency} (minor units), not the ${exp.amountMinor} ${exp.currency} that was confirmed`;
  }
  if (exp?.disputeOpen === false && o.orderHistory?.refundEvent?.refundReason === 'CHARGEBACK') return `order ${o.orderId} was charged back`;
  return null;
}
