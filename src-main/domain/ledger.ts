// The ledger's model (DESIGN §3 "The ledger"): one truth about every payment, refund and
// dispute, keyed by the stores' own identities. Pure TypeScript: no SQL, no store SDKs,
// no node or electron imports, so main and the renderer can both read it.
//
// Store adapters, the console's own refunds and import all hand the cache the same
// facts; the cache upserts them under their key, in any order and any number of times,
// and writes the timeline row that follows from each change.
import type { Store } from './profiles';
import type { DetectedVia, EventSource, RefundKind } from './vocabulary';

/** Where a ledger fact came from: the timeline's own list. Refund decisions trust only store-sourced rows. */
export { EVENT_SOURCES as LEDGER_SOURCES } from './vocabulary';
export type LedgerSource = EventSource;

/** Sources that may steer a refund (create, change or unblock the payment it acts on). */
export function isStoreSourced(source: LedgerSource): boolean {
  return source === 'store_api' || source === 'notification_history';
}

/**
 * A payment's state at the store. Google documents order states PENDING ("waiting to be
 * processed") and CANCELED ("canceled before being processed"): neither moved money, so
 * neither counts as paid. Stripe: a PaymentIntent that did not succeed is not a payment.
 */
export const PAYMENT_STATUSES = ['pending', 'paid', 'canceled', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A refund's lifecycle, as the Stripe Refund object documents it (pending, requires_action,
 * succeeded, failed, canceled), plus `reversed` (Apple REFUND_REVERSED, RevenueCat
 * REFUND_REVERSED). Only `succeeded` counts as refunded.
 */
export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled', 'reversed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Stripe's Dispute.status list in full, plus Google's chargeback (an order with a
 * chargeback event: Google documents no further lifecycle, so it is treated as lost).
 */
export const DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
  'prevented',
  'chargeback',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export interface PaymentFact {
  kind: 'payment';
  store: Store;
  /**
   * The store's own identity of the money movement: Stripe PaymentIntent ID (or the
   * charge ID for a charge without one), Google order ID (each renewal `..N` its own),
   * Apple transactionId, Amazon receiptId.
   */
  paymentKey: string;
  /** PurchaseInput.storeKey of the purchase this payment paid for. */
  purchaseKey: string;
  status: PaymentStatus;
  amountMinor: number | null;
  currency: string | null;
  paidAt: number;
  /** The period this payment paid for, where the store says. */
  periodStart?: number | null;
  periodEnd?: number | null;
  /** Other store IDs of the payment (Stripe charge, invoice…), for search and refunds. */
  refs?: Record<string, string>;
  source: LedgerSource;
  /** When the store said this; the newest statement of a field wins. */
  observedAt: number;
}

export interface RefundFact {
  kind: 'refund';
  store: Store;
  /**
   * The store's refund identity: Stripe `re_…`; Google `<orderId>#<refund event time>` for
   * an Orders API refund event or `<orderId>#voided` for a voided purchase; Apple the
   * revoked transaction ID; this console's intent ID (`intent:<id>`) until the store's ID
   * is known (then `aliasOf` links the two, so the row is not counted twice).
   */
  refundKey: string;
  paymentKey: string;
  purchaseKey: string;
  status: RefundStatus;
  refundKind: RefundKind;
  amountMinor: number | null;
  currency: string | null;
  /** Whether access ended with it (revoke, refund-and-revoke, Google voided + revoked). */
  revokesAccess: boolean;
  reason?: string | null;
  createdAt: number;
  /** When the store reported this status; lifecycle merges take the newest. */
  observedAt: number;
  source: LedgerSource;
  detectedVia?: DetectedVia;
  /** The console's intent, when this refund was made here. */
  intentId?: string | null;
  /** Another refundKey that names the same refund (console intent ↔ store refund ID). */
  aliasOf?: string | null;
}

export interface DisputeFact {
  kind: 'dispute';
  store: Store;
  /** Stripe `dp_…`; Google `<orderId>#chargeback`. */
  disputeKey: string;
  paymentKey: string;
  purchaseKey: string;
  status: DisputeStatus;
  amountMinor: number | null;
  currency: string | null;
  reason?: string | null;
  /** Stripe `is_charge_refundable`; null where the store does not say. */
  isChargeRefundable?: boolean | null;
  /** Google: a chargeback that revokes ends access. */
  revokesAccess?: boolean;
  createdAt: number;
  observedAt: number;
  source: LedgerSource;
}

export type LedgerFact = PaymentFact | RefundFact | DisputeFact;

/** Refunds that count as money given back. */
export function countsAsRefunded(status: RefundStatus): boolean {
  return status === 'succeeded';
}

/** Dispute statuses that are still open (the payment cannot be refunded from here). */
export function isDisputeOpen(status: DisputeStatus): boolean {
  return status === 'warning_needs_response' || status === 'warning_under_review' || status === 'needs_response' || status === 'under_review';
}

/** Stripe inquiries (warning_*) are not chargebacks; the words differ. */
export function isInquiry(status: DisputeStatus): boolean {
  return status.startsWith('warning_');
}
