// Refunds from the console (DESIGN.md §5): preview what will happen, create (exactly
// once), read an intent's status, list intents, reconcile with the store. Apple and
// Amazon are refused in main whatever the renderer sends.
import { z } from 'zod';
import { REFUND_MODES, REFUND_REASONS } from '../../domain/refunds';
import { channel, event } from '../define';
import { REFUND_KINDS, type RefundKind, type Store } from '../vocabulary';

// The refund vocabulary is declared once, in the pure domain; the contract re-exports it.
export { REFUND_MODES, REFUND_REASONS };
export const INTENT_STATUSES = ['pending', 'sent', 'succeeded', 'failed', 'unknown'] as const;
export type IntentStatusDto = (typeof INTENT_STATUSES)[number];

/**
 * Why a refund option is off, as data: the renderer words it with the one formatter
 * (amounts in minor units, times in epoch ms), `offReason` keeps main's sentence for
 * readers that predate this. `text`: a store rule from its profile, already in words.
 */
export const REFUSAL_CODES = [
  'not_configured', 'offline', 'too_old', 'imported_only', 'inquiry_open', 'dispute_open', 'charged_back',
  'pending_rest', 'fully_refunded', 'whole_orders_only', 'store_rule', 'period_unknown', 'partial_too_small', 'intent_open',
] as const;
export interface RefundRefusalDto {
  code: (typeof REFUSAL_CODES)[number];
  store: Store;
  paymentRef?: string;
  amountMinor?: number;
  currency?: string;
  /** too_old: when the payment was made. */
  at?: number;
  /** too_old: the store's limit in years. */
  years?: number;
  /** inquiry_open / dispute_open: the dispute's status (Stripe Dispute.status). */
  disputeStatus?: string;
  /** whole_orders_only: where the rest can be refunded. */
  where?: string | null;
  text?: string;
}

/** A warning beside an option, as data: an open dispute the store still refunds, or a store rule in words. */
export type RefundWarningDto =
  | { code: 'dispute_refundable'; paymentRef: string; disputeStatus: string; inquiry: boolean }
  | { code: 'store_rule'; text: string };

export interface RefundOptionDto {
  mode: (typeof REFUND_MODES)[number];
  refundKind: RefundKind;
  label: string;
  enabled: boolean;
  /** Why the option is off, in words; null when enabled. */
  offReason: string | null;
  /** What the store will refund (an estimate for prorated); null for partial (the agent enters it). */
  amountMinor: number | null;
  estimate: boolean;
  /** "Access ends now; no more renewals" / "Access unchanged until 12 Mar 2027". */
  effect: string;
  warnings: string[];
  /** `offReason` as data; null when enabled. */
  off?: RefundRefusalDto | null;
  /** `warnings` as data, in the same order. */
  warningData?: RefundWarningDto[];
}

export interface RefundPreviewDto {
  store: Store;
  purchaseId: number;
  paymentRef: string;
  paidAt: number;
  currency: string;
  amounts: {
    paidMinor: number;
    refundedMinor: number;
    remainingMinor: number;
    fullMinor: number;
    /** Google subscriptions: the unused part of the period, as an estimate; null elsewhere. */
    proratedEstimateMinor: number | null;
    /** Refunds the store holds as pending: not refunded yet, and not refundable again (ledger). */
    pendingMinor?: number;
  };
  /**
   * Payments of the purchase that can be chosen (Google renewals, Stripe invoices), oldest
   * first, with the ledger's figures: refundedMinor counts succeeded refunds only;
   * remainingMinor is what can still be refunded; storeSourced false marks a payment only an
   * import names (never refunded here). Bounded (issue 20): the newest `paymentsLimit` (default
   * PREVIEW_PAYMENTS) plus the one asked for; `paymentCount` says how many there are in all,
   * and any other is previewed by asking for its paymentRef.
   */
  payments: {
    ref: string;
    paidAt: number;
    amountMinor: number;
    refundedMinor: number;
    latest: boolean;
    pendingMinor?: number;
    remainingMinor?: number;
    storeSourced?: boolean;
  }[];
  options: RefundOptionDto[];
  /** The chosen option's plan, when `mode`/`refundKind` were given and allowed. */
  summary: {
    amountMinor: number;
    effect: string;
    warnings: string[];
    text: string;
    /**
     * A refund of this very amount of this payment already succeeded from the console:
     * create refuses it (conflict) unless the agent confirms a second one (allowRepeat).
     */
    repeatOf?: RefundRepeatDto | null;
  } | null;
  /** An open refund of this payment, if any (a second one is refused). */
  openIntentId: string | null;
  /** How many paid payments the purchase has in all (`payments` may list fewer). */
  paymentCount?: number;
  /** How many of `payments` are the purchase's newest; one more is the payment asked for, when older. */
  paymentsNewest?: number;
  /**
   * The purchase's money over all its paid payments, per currency, exact (SQL sums, not
   * the listed payments): paid, succeeded refunds, pending refunds, and what remains.
   */
  totals?: {
    currency: string;
    paymentCount: number;
    paidMinor: number;
    refundedMinor: number;
    pendingMinor: number;
    remainingMinor: number;
  }[];
}

/** How many of the newest payments a preview lists unless asked for another number. */
export const PREVIEW_PAYMENTS = 50;

/** The earlier refund a new one of the same amount would repeat, as data (the renderer words it). */
export interface RefundRepeatDto {
  intentId: string;
  amountMinor: number;
  currency: string;
  /** When the earlier refund was made (epoch ms). */
  at: number;
  agent: { osUser: string; name: string | null };
  storeRef: string | null;
}

export interface RefundIntentDto {
  id: string;
  store: Store;
  purchaseId: number | null;
  paymentRef: string;
  amountMinor: number;
  currency: string;
  mode: (typeof REFUND_MODES)[number];
  refundKind: RefundKind;
  reason: (typeof REFUND_REASONS)[number];
  note: string | null;
  agent: { osUser: string; name: string | null };
  status: IntentStatusDto;
  storeRef: string | null;
  /** The store's words on failure, or what is known while unknown. */
  message: string | null;
  /** What happened, step by step (Stripe refund-and-revoke has two). */
  steps: string[];
  /** A safe way to finish when a two-step refund stopped half way; null otherwise. */
  finish: string | null;
  createdAt: number;
  updatedAt: number;
}

const purchaseId = z.number().int().positive();
const paymentRef = z.string().min(1).max(200);

export const refundPreviewRequest = z.strictObject({
  purchaseId,
  paymentRef: paymentRef.optional(),
  mode: z.enum(REFUND_MODES).optional(),
  refundKind: z.enum(REFUND_KINDS).optional(),
  amountMinor: z.number().int().positive().optional(),
  /** How many of the newest payments to list (the one asked for is listed too). */
  paymentsLimit: z.number().int().min(1).max(500).optional(),
});

export const refundCreateRequest = z.strictObject({
  purchaseId,
  paymentRef: paymentRef.optional(),
  mode: z.enum(REFUND_MODES),
  refundKind: z.enum(REFUND_KINDS),
  amountMinor: z.number().int().positive().max(1e12).optional(),
  reason: z.enum(REFUND_REASONS),
  note: z.string().max(500).optional(),
  /**
   * The agent confirmed a second refund of the same amount of the same payment (a
   * repeat is otherwise refused, or replayed by Stripe as the first one).
   */
  allowRepeat: z.boolean().optional(),
});

const intentId = z.strictObject({ intentId: z.string().min(1).max(100) });

export const refundsChannels = {
  'refunds:preview': channel<RefundPreviewDto>()(refundPreviewRequest),
  'refunds:create': channel<RefundIntentDto>()(refundCreateRequest),
  'refunds:status': channel<RefundIntentDto>()(intentId),
  'refunds:list': channel<{ intents: RefundIntentDto[] }>()(
    z.strictObject({
      purchaseId: purchaseId.optional(),
      paymentRef: paymentRef.optional(),
      statuses: z.array(z.enum(INTENT_STATUSES)).max(5).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
  ),
  /** One intent by ID, or every open one when intentId is omitted. */
  'refunds:reconcile': channel<{ intents: RefundIntentDto[] }>()(z.strictObject({ intentId: z.string().min(1).max(100).optional() })),
};

export const refundsEvents = {
  onRefundStatus: event<RefundIntentDto>(),
};
