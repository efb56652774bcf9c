// The refund vocabulary both processes share: what an agent may ask for (mode, reason)
// and the words for a refund's lifecycle at the store. Pure TypeScript, like the rest of
// domain/: the contract, main and the renderer read these lists, nobody repeats them.
import type { DisputeStatus, RefundStatus } from './ledger';

export { REFUND_KINDS, type RefundKind } from './vocabulary';
export { REFUND_STATUSES, DISPUTE_STATUSES, type RefundStatus, type DisputeStatus } from './ledger';

/** "refund": money back, access as the store leaves it; "refund_and_revoke": access ends now too. */
export const REFUND_MODES = ['refund', 'refund_and_revoke'] as const;
export type RefundMode = (typeof REFUND_MODES)[number];

/**
 * The reasons an agent picks. They are Stripe's Refund `reason` values (Stripe API,
 * Refunds: create, `reason`: duplicate, fraudulent, requested_by_customer); on stores
 * that take no reason they stay in this console (see StoreProfile.reasons).
 */
export const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const REFUND_REASON_WORDS: Record<RefundReason, string> = {
  duplicate: 'duplicate',
  fraudulent: 'fraudulent',
  requested_by_customer: 'requested by customer',
};

/** A refund's status as a badge says it; only "refunded" counts as money given back. */
export const REFUND_STATUS_WORDS: Record<RefundStatus, string> = {
  pending: 'pending at the store',
  requires_action: 'waiting for the customer',
  succeeded: 'refunded',
  failed: 'failed',
  canceled: 'canceled',
  reversed: 'reversed',
};

/**
 * A dispute's status in words. Stripe's warning_* statuses are inquiries (no money taken
 * yet; Stripe docs, Disputes: "Inquiries"); the rest are chargebacks. `prevented`: the
 * chargeback was stopped before it was filed (Stripe Dispute.status; e.g. Visa RDR).
 */
export const DISPUTE_STATUS_WORDS: Record<DisputeStatus, string> = {
  warning_needs_response: 'inquiry: needs a response',
  warning_under_review: 'inquiry: under review',
  warning_closed: 'inquiry closed',
  needs_response: 'chargeback: needs a response',
  under_review: 'chargeback: under review',
  won: 'chargeback won',
  lost: 'chargeback lost',
  prevented: 'prevented: no chargeback filed',
  chargeback: 'chargeback',
};
