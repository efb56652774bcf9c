// The one small surface every store adapter exposes (STYLE.md, "A store adapter").
// Adding a fifth store touches one folder, one import + one table line in registry.ts and
// its STORE_PROFILES entry. What a store allows (refunds, modes, age limit, the customer's
// procedure) is not here: STORE_PROFILES
// (src-main/domain/profiles.ts) is the one table of store rules.
import type { Environment, RefundKind, Store } from '../ipc/vocabulary';
import type { RefundStatus } from '../domain/ledger';
import type { ConsumptionAnswerDto } from '../ipc/channels/requests';
import type { IngestBatch } from './types';

/** The agent's answer to a store's request for consumption data (Apple: Send Consumption Information v2). */
export type ConsumptionAnswer = ConsumptionAnswerDto;

/**
 * A store that asks the developer about a customer's refund request (Apple's
 * CONSUMPTION_REQUEST) and takes an answer. Optional: only stores that ask have it.
 */
export interface ConsumptionCapability {
  /** Sends the answer about one transaction; throws StoreError (Apple's 400 quotes its rule). */
  send(transactionId: string, answer: ConsumptionAnswer): Promise<void>;
}

/** Progress a sync reports while it runs; shown in the Sync section. */
export interface SyncProgress {
  phase: string; // e.g. "events", "backfill: charges", "voided purchases"
  fetched: number;
  total?: number | null;
}

export interface SyncContext {
  signal: AbortSignal;
  progress(p: SyncProgress): void;
  /** Called when the adapter must say something in the sync status (e.g. "gap > 30 days: backfilled"). */
  notice(message: string): void;
}

/**
 * A store account's pull. Each yielded batch carries the cursor to resume after it;
 * the engine writes batch and cursor in one transaction, so a crash between batches
 * neither loses nor doubles an event.
 */
export type SyncRun = AsyncIterable<IngestBatch>;

export interface ConnectionReport {
  ok: boolean;
  /** live / test (Stripe), production / sandbox (Apple, Amazon). */
  mode?: 'live' | 'test' | Environment | null;
  /** What the credential may do, in words ("read balance", "create refunds"). */
  can: string[];
  /** What it lacks, in words ("the service account lacks View financial data"). */
  missing: string[];
  /** The store's own words on failure; never a stack trace. */
  message: string;
  testedAt: number;
}

/** A refund as the store sees it; built by src-main/refunds from an intent. */
export interface StoreRefundRequest {
  intentId: string;
  /** Stripe: used as Idempotency-Key. Google has none. */
  idempotencyKey: string;
  purchaseKey: string;
  /** Stripe payment intent / charge ID, Google order ID. */
  paymentRef: string;
  mode: 'refund' | 'refund_and_revoke';
  refundKind: RefundKind;
  amountMinor: number;
  currency: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  note?: string | null;
  /** When the intent was written: evidence of the refund must be dated after it (DESIGN §5.6). */
  intentCreatedAt?: number;
  purchaseKind?: 'subscription' | 'one_time' | 'consumable';
  /** When the payment was made (Google: the 3-year limit counts from the order's time). */
  orderCreatedAt?: number;
  /** An earlier attempt for this payment exists: read the store before sending (Google). */
  isRetry?: boolean;
  /**
   * What the agent confirmed (DESIGN §5.8). The adapter re-reads the payment at the store
   * before sending and refuses in words ('failed', code 'payment_changed') if amount,
   * currency, customer or dispute state differ.
   */
  expected?: { amountMinor: number; currency: string; storeCustomer?: string | null; disputeOpen?: boolean };
  /** The agent explicitly confirmed a second refund of the same amount on the same payment. */
  allowRepeat?: boolean;
  /** Who asks, in words ("Jane (jdoe)"): written on the store's refund where it keeps metadata (Stripe). */
  agent?: string;
}

export type StoreRefundOutcome =
  | {
      status: 'succeeded';
      storeRef: string | null;
      amountMinor: number;
      raw?: unknown;
      steps?: string[];
      /** The refund's status at the store when it answered: pending stays pending in the ledger. */
      storeStatus?: RefundStatus;
      /** The payment the store actually refunded, when it differs from the request (Google revoke: the latest order). */
      refundedPaymentRef?: string | null;
      accessEnded?: boolean;
    }
  /**
   * accessEnded: a refund-and-revoke whose revoke step happened (Stripe: the subscription
   * was cancelled) although no money moved, so the console can say how to finish.
   */
  | { status: 'failed'; message: string; code?: string | null; raw?: unknown; steps?: string[]; accessEnded?: boolean }
  /** The answer was lost (timeout, connection drop): must be reconciled before anything else. */
  | { status: 'unknown'; message: string; steps?: string[]; accessEnded?: boolean };

export interface StoreAdapter {
  readonly store: Store;
  /** One cheap real call; reports what the credential may do. */
  testConnection(): Promise<ConnectionReport>;
  /** Pulls what is new since `cursor` (null: first run). */
  sync(cursor: string | null, ctx: SyncContext): SyncRun;
  /** Pulls one customer's history on demand, from any of their store IDs. */
  refresh?(ids: { kind: string; value: string }[], ctx: SyncContext): SyncRun;
  refund?(request: StoreRefundRequest): Promise<StoreRefundOutcome>;
  /**
   * Settles an intent whose answer was lost. It never starts a second refund: Google
   * only reads; Stripe re-sends the identical request under the same Idempotency-Key
   * (DESIGN §5.6), which Stripe replays, or performs once if the first never arrived.
   */
  reconcile?(request: StoreRefundRequest): Promise<StoreRefundOutcome | { status: 'not_found' }>;
  /** Answers to the store's refund requests (Apple); absent where the store asks nothing. */
  consumption?: ConsumptionCapability;
}
