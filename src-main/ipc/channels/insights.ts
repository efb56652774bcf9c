// Insights: refund and revenue figures computed from the local cache for a period and
// a store. Money is never summed across currencies: every amount row names its currency.
import { z } from 'zod';
import { channel } from '../define';
import { STORES, type Store } from '../vocabulary';

export const INSIGHT_BUCKETS = ['day', 'week', 'month'] as const;
export type InsightBucket = (typeof INSIGHT_BUCKETS)[number];

export const INSIGHT_KINDS = ['refunds', 'refund_rate', 'revenue', 'time_to_refund', 'reasons', 'disputes'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

const DAY = 86_400_000;

export const insightsQuerySchema = z
  .strictObject({
    /** Epoch ms, inclusive. */
    from: z.number().int().nonnegative(),
    /** Epoch ms, exclusive. */
    to: z.number().int().positive(),
    store: z.enum(STORES).nullish(),
    /** Bucket of the time series (refunds, revenue, disputes). The refund rate is always by month of purchase. */
    bucket: z.enum(INSIGHT_BUCKETS).default('month'),
    /**
     * The agent's UTC offset in minutes east of UTC (`-new Date().getTimezoneOffset()`),
     * so that months and days start at the agent's midnight. One offset for the whole
     * period: a DST change moves a boundary by an hour, which monthly figures tolerate.
     */
    utcOffsetMinutes: z.number().int().min(-840).max(840).default(0),
    /** Sandbox and test purchases are left out unless asked for. */
    includeSandbox: z.boolean().default(false),
    topReasons: z.number().int().min(1).max(50).default(10),
  })
  .refine((q) => q.to > q.from, { message: 'The period must end after it starts.' })
  .refine((q) => q.to - q.from <= 3700 * DAY, { message: 'The period can be at most ten years.' });
export type InsightsQuery = z.output<typeof insightsQuerySchema>;

/** Refunds that moved money in one bucket, for one store and one currency. */
export interface RefundPointDto {
  bucket: string;
  store: Store;
  currency: string | null;
  count: number;
  amountMinor: number;
}

/** Paid transactions (purchases and renewals) in one month of purchase, and how many of them were refunded since. */
export interface RefundRatePointDto {
  month: string;
  paid: number;
  refunded: number;
  /** refunded / paid, 0 when nothing was paid. */
  rate: number;
}

export interface RevenuePointDto {
  bucket: string;
  currency: string;
  grossMinor: number;
  refundedMinor: number;
  /** Chargebacks lost: money the store took back. */
  chargebackMinor: number;
  netMinor: number;
}

export interface TimeToRefundBinDto {
  label: string;
  /** Days since the paid transaction, inclusive lower bound. */
  fromDays: number;
  /** Exclusive upper bound; null for the last, open bin. */
  toDays: number | null;
  count: number;
}

export interface ReasonDto {
  reason: string;
  count: number;
  /** Share of all refunds in the period, 0..1. */
  share: number;
}

export interface DisputePointDto {
  bucket: string;
  store: Store;
  opened: number;
  won: number;
  lost: number;
}

export interface InsightsTotalsDto {
  refunds: number;
  paid: number;
  refundedPaid: number;
  disputesOpened: number;
  disputesWon: number;
  disputesLost: number;
  /** Median days from the paid transaction to its refund; null without refunds. */
  medianDaysToRefund: number | null;
}

export interface InsightsDto {
  from: number;
  to: number;
  store: Store | null;
  bucket: InsightBucket;
  /** The buckets of the period in order, so charts show empty buckets too. */
  buckets: string[];
  months: string[];
  refunds: RefundPointDto[];
  refundRate: RefundRatePointDto[];
  revenue: RevenuePointDto[];
  timeToRefund: TimeToRefundBinDto[];
  reasons: ReasonDto[];
  disputes: DisputePointDto[];
  totals: InsightsTotalsDto;
  computedAt: number;
  /** How long the queries took, for the "slow query" budget. */
  tookMs: number;
}

/** The CSV was written to the file the agent picked in main's save dialog, or the agent cancelled. */
export type InsightsCsvDto = { file: string; rows: number } | { cancelled: true };

export const insightsChannels = {
  'insights:get': channel<InsightsDto>()(insightsQuerySchema),
  /** Main asks where to save (its own dialog): the renderer never names a path. */
  'insights:exportCsv': channel<InsightsCsvDto>()(
    z.strictObject({ kind: z.enum(INSIGHT_KINDS), query: insightsQuerySchema }),
  ),
};
