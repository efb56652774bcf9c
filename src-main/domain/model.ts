// The normalized input model: what store adapters (and the import) hand to the cache.
// Store-specific parsing stays inside each store's folder; everything above it speaks
// these shapes. Pure types, in domain/ so that db/ need not import stores/ (issue 19).
import type { IdKind, Store } from './stores';
import type { DetectedVia, Environment, EventSource, EventType, PurchaseKind, RefundKind } from './vocabulary';
import type { LedgerFact } from './ledger';

/** Times are epoch milliseconds; money is integer minor units with an upper-case ISO currency. */
export interface CustomerHint {
  /** The app's own user ID when the store carries it (appAccountToken, obfuscatedExternalAccountId, Stripe metadata). */
  appUserId?: string | null;
  email?: string | null;
  displayName?: string | null;
  /**
   * When the store's customer record said this email and name (Stripe: the event's time, or
   * the time it was read): a newer record wins in the cache, whatever order facts arrive in.
   * Absent: the store does not date it, and the values only fill what the cache lacks.
   */
  asOf?: number;
  /** Every store identifier of this purchase that should find the customer in search. */
  ids: { kind: IdKind; value: string }[];
}

export interface PurchaseInput {
  store: Store;
  /**
   * Unique per store: Apple originalTransactionId, Google purchaseToken, Stripe
   * subscription ID (or payment intent / charge ID for one-off payments), Amazon receiptId.
   */
  storeKey: string;
  productId: string;
  kind: PurchaseKind;
  environment: Environment;
  purchasedAt: number;
  priceMinor?: number | null;
  currency?: string | null;
  expiresAt?: number | null;
  autoRenew?: boolean | null;
  /** Other store IDs of the purchase (order IDs, payment intent, latest transaction…). */
  ids?: Partial<Record<IdKind, string>>;
  customer: CustomerHint;
}

export interface EventDetail {
  refundKind?: RefundKind;
  /** The store's reason in plain words (e.g. "requested by customer", "chargeback"). */
  reason?: string | null;
  /** The store's status word, e.g. Stripe refund status "succeeded" / "failed". */
  status?: string | null;
  detectedVia?: DetectedVia;
  /** Whether access ended with this event (revoke, refund-and-revoke). */
  revokesAccess?: boolean;
  /** Google voidedQuantity, Apple revocationPercentage (in 1/1000 %), etc. */
  quantity?: number | null;
  percentage?: number | null;
  /** The store's own ID of this thing (Stripe refund ID, dispute ID, Apple transaction ID). */
  storeRef?: string | null;
  /** Free words for the row, e.g. "in the Play Console, found through the Orders API". */
  summary?: string | null;
  [key: string]: unknown;
}

export interface EventInput {
  store: Store;
  /** The purchase this event belongs to (PurchaseInput.storeKey of the same store). */
  purchaseKey: string;
  type: EventType;
  occurredAt: number;
  source: EventSource;
  /** Unique across the workspace; ingesting the same thing twice changes nothing. */
  dedupeKey: string;
  amountMinor?: number | null;
  currency?: string | null;
  /** The order/payment this event is about (Google order ID of a renewal, Stripe charge…). */
  orderId?: string | null;
  detail?: EventDetail;
  /** The store's payload as received (never credentials). */
  raw?: unknown;
  /**
   * The money fact this event tells (src-main/domain/ledger.ts): a payment on a
   * purchase/renewal event, a refund on refund/refund_failed/refund_reversed/revoke, a
   * dispute on dispute_*. The cache upserts it under the store's own key and writes this
   * event only when the ledger row is new or its status changed, so the same fact learned
   * through several paths (backfill, events, refresh, this console, import) shows once.
   */
  ledger?: LedgerFact;
}

/** One unit of ingestion; written in one transaction together with its cursor. */
export interface IngestBatch {
  purchases: PurchaseInput[];
  events: EventInput[];
  /** Sync cursor of a store account, stored in the same transaction as the events. */
  cursor?: { account: string; value: string | null };
}
