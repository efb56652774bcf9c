// Refunds and disputes → timeline events carrying their ledger facts (domain/ledger.ts),
// keyed by Stripe's own IDs: payment = PaymentIntent `pi_…` (the charge `ch_…` only when
// there is none), refund `re_…`, dispute `dp_…`. Statuses are Stripe's full lists:
// Refund object (pending, requires_action, succeeded, failed, canceled) and Dispute
// object (warning_needs_response, warning_under_review, warning_closed, needs_response,
// under_review, won, lost, prevented), worded as the Stripe Dashboard words them.
import type { DisputeFact, DisputeStatus, RefundFact, RefundStatus } from '../../domain/ledger';
import { DISPUTE_STATUSES, isInquiry } from '../../domain/ledger';
import type { DetectedVia, EventType } from '../../ipc/vocabulary';
import { chargePurchaseKey, cur, ms, type BatchBuilder, type MapContext } from './map';
import type { SCharge, SDispute, SRefund } from './shapes';

const REFUND_REASONS: Record<string, string> = {
  duplicate: 'duplicate',
  fraudulent: 'fraudulent',
  requested_by_customer: 'requested by customer',
  expired_uncaptured_charge: 'uncaptured charge expired',
};
const FAILURE_REASONS: Record<string, string> = {
  expired_or_canceled_card: 'the card was closed or expired',
  lost_or_stolen_card: 'the card was reported lost or stolen',
  declined: 'the card issuer declined the refund',
  unknown: 'Stripe does not know why',
};

/** Stripe's refund status; an old refund without one is taken as not final (it never counts as refunded). */
export function refundStatusOf(r: SRefund): RefundStatus {
  const s = r.status;
  return s === 'succeeded' || s === 'failed' || s === 'canceled' || s === 'requires_action' ? s : 'pending';
}

const REFUND_WORDS: Record<RefundStatus, string> = {
  pending: 'Refund pending at Stripe: not final yet',
  requires_action: 'Refund requires action: the customer must give Stripe details to receive it',
  succeeded: '',
  failed: 'Refund failed',
  canceled: 'Refund canceled',
  reversed: 'Refund reversed',
};

export function refundEvents(
  ctx: MapContext,
  r: SRefund,
  ch: Pick<SCharge, 'id' | 'payment_intent' | 'amount'> | null,
  via: DetectedVia,
  b: BatchBuilder,
  at?: number,
): void {
  // Without the charge its amount is unknown, so whether the refund is partial is too.
  const charge: { id: string; payment_intent?: string | null; amount: number | null } = ch ?? { id: r.charge ?? r.payment_intent ?? r.id, payment_intent: r.payment_intent, amount: null };
  const purchaseKey = chargePurchaseKey(ctx, charge);
  const paymentKey = r.payment_intent ?? charge.payment_intent ?? r.charge ?? charge.id;
  const status = refundStatusOf(r);
  const base = { store: 'stripe' as const, purchaseKey, source: 'store_api' as const, amountMinor: r.amount, currency: cur(r.currency), orderId: paymentKey };
  const reason = r.reason ? (REFUND_REASONS[r.reason] ?? r.reason.replace(/_/g, ' ')) : null;
  const kind = charge.amount != null && r.amount < charge.amount ? 'partial' : 'full';
  const intent = r.metadata?.refund_desk_intent ?? null;
  const fact: RefundFact = {
    kind: 'refund',
    store: 'stripe',
    refundKey: r.id,
    paymentKey,
    purchaseKey,
    status,
    refundKind: kind,
    amountMinor: r.amount,
    currency: cur(r.currency),
    revokesAccess: false,
    reason,
    createdAt: ms(r.created),
    observedAt: at ?? ctx.now(),
    source: 'store_api',
    detectedVia: intent ? 'console' : via,
    // No aliasOf here: the console's intent row names this re_ row (refunds/record.ts), and
    // the row a link points at is the one that counts (domain/ledgerCount.ts). A link back
    // would leave neither counting (a full refund read as $0 refunded) and key this
    // refund's later statuses under the intent, apart from its first event.
    intentId: intent,
  };
  const made = intent ? 'Refunded from this console' : 'Refunded in Stripe (Dashboard or API)';
  b.event({
    ...base,
    type: 'refund',
    occurredAt: ms(r.created),
    dedupeKey: `stripe:refund:${r.id}`,
    detail: {
      refundKind: kind,
      reason,
      status: r.status,
      detectedVia: intent ? 'console' : via,
      revokesAccess: false,
      storeRef: r.id,
      summary: REFUND_WORDS[status] ? `${made}. ${REFUND_WORDS[status]}` : made,
      ...(intent ? { intentId: intent } : {}),
    },
    ledger: fact,
  });
  if (status === 'failed' || status === 'canceled') {
    const why = r.failure_reason ? (FAILURE_REASONS[r.failure_reason] ?? r.failure_reason.replace(/_/g, ' ')) : null;
    b.event({
      ...base,
      type: 'refund_failed',
      // Stripe does not date the failure on the refund; the event's own time is used when known.
      occurredAt: at ?? ms(r.created),
      dedupeKey: `stripe:refund:${r.id}:${status}`,
      detail: {
        reason: why,
        status,
        detectedVia: via,
        storeRef: r.id,
        summary: status === 'failed' ? `The refund failed after it was issued${why ? `: ${why}` : ''}; the money stays with you` : 'The refund was canceled; the money stays with you',
      },
      ledger: fact,
    });
  }
}

/** Inquiries (warning_*) are questions from the bank, not chargebacks; the words differ. */
function disputeWords(status: DisputeStatus, reason: string): { type: EventType; summary: string } {
  const inquiry = isInquiry(status);
  const what = inquiry ? 'Inquiry' : 'Chargeback';
  switch (status) {
    case 'warning_needs_response':
    case 'needs_response':
      return { type: 'dispute_opened', summary: `${what} opened: ${reason}; it needs a response${inquiry ? ' (the payment can still be refunded)' : ''}` };
    case 'warning_under_review':
    case 'under_review':
      return { type: 'dispute_opened', summary: `${what} under review: evidence was submitted, the bank decides` };
    case 'warning_closed':
      return { type: 'dispute_won', summary: 'Inquiry closed without becoming a chargeback' };
    case 'prevented':
      return { type: 'dispute_won', summary: 'Dispute prevented: resolved before it became a chargeback' };
    case 'won':
      return { type: 'dispute_won', summary: 'Chargeback won: the money was returned to you' };
    default:
      return { type: 'dispute_lost', summary: 'Chargeback lost: the money went back to the customer through the bank' };
  }
}

export function disputeStatusOf(d: SDispute): DisputeStatus {
  return (DISPUTE_STATUSES as readonly string[]).includes(d.status) && d.status !== 'chargeback' ? (d.status as DisputeStatus) : 'needs_response';
}

/**
 * The dispute as opened, and its status now when it moved on. Each status is its own
 * event (key: dispute + status), so a dispute walks its lifecycle on the timeline.
 */
export function disputeEvents(ctx: MapContext, d: SDispute, at: number | null, via: DetectedVia, b: BatchBuilder): void {
  const purchaseKey = chargePurchaseKey(ctx, { id: d.charge, payment_intent: d.payment_intent });
  const status = disputeStatusOf(d);
  const reason = d.reason.replace(/_/g, ' ');
  const base = { store: 'stripe' as const, purchaseKey, source: 'store_api' as const, amountMinor: d.amount, currency: cur(d.currency), orderId: d.payment_intent ?? d.charge };
  const fact: DisputeFact = {
    kind: 'dispute',
    store: 'stripe',
    disputeKey: d.id,
    paymentKey: d.payment_intent ?? d.charge,
    purchaseKey,
    status,
    amountMinor: d.amount,
    currency: cur(d.currency),
    reason,
    isChargeRefundable: d.is_charge_refundable ?? null,
    createdAt: ms(d.created),
    observedAt: at ?? ctx.now(),
    source: 'store_api',
  };
  const detail = { reason, status: d.status, detectedVia: via, storeRef: d.id, isChargeRefundable: d.is_charge_refundable ?? null };
  const opening: DisputeStatus = isInquiry(status) ? 'warning_needs_response' : 'needs_response';
  b.event({
    ...base,
    type: 'dispute_opened',
    occurredAt: ms(d.created),
    dedupeKey: `stripe:dispute:${d.id}:opened`,
    detail: { ...detail, status: opening, summary: disputeWords(opening, reason).summary },
    ledger: { ...fact, status: opening, observedAt: ms(d.created) },
  });
  if (status === opening) return;
  const words = disputeWords(status, reason);
  b.event({
    ...base,
    type: words.type,
    occurredAt: at ?? ms(d.created),
    dedupeKey: `stripe:dispute:${d.id}:${d.status}`,
    detail: { ...detail, summary: words.summary },
    ledger: fact,
  });
}
