// Insights over the local cache: plain functions over an explicit database handle.
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type {
  DisputePointDto,
  InsightBucket,
  InsightsDto,
  InsightsQuery,
  ReasonDto,
  RefundPointDto,
  RefundRatePointDto,
  RevenuePointDto,
  TimeToRefundBinDto,
} from '../ipc/channels/insights';
import type { Store } from '../ipc/vocabulary';
import {
  CHARGEBACKS_SQL,
  DISPUTES_SQL,
  GROSS_SQL,
  REASONS_SQL,
  REFUND_RATE_SQL,
  REFUNDS_SQL,
  TIME_TO_REFUND_SQL,
} from './sql';

const DAY = 86_400_000;

/** Bins of the purchase-to-refund histogram, in days; the last one is open. */
export const TIME_TO_REFUND_BINS: readonly { label: string; fromDays: number; toDays: number | null }[] = [
  { label: 'under 1 day', fromDays: 0, toDays: 1 },
  { label: '1–3 days', fromDays: 1, toDays: 3 },
  { label: '3–7 days', fromDays: 3, toDays: 7 },
  { label: '1–2 weeks', fromDays: 7, toDays: 14 },
  { label: '2–4 weeks', fromDays: 14, toDays: 30 },
  { label: '1–2 months', fromDays: 30, toDays: 60 },
  { label: '2–3 months', fromDays: 60, toDays: 90 },
  { label: '3 months or more', fromDays: 90, toDays: null },
];

function params(q: InsightsQuery) {
  return {
    from: q.from,
    to: q.to,
    store: q.store ?? null,
    sandbox: q.includeSandbox ? 1 : 0,
    off: q.utcOffsetMinutes * 60_000,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The label SQLite gives `t` for this bucket, computed the same way (UTC fields of t + offset). */
export function bucketLabel(t: number, bucket: InsightBucket, offsetMinutes: number): string {
  const d = new Date(t + offsetMinutes * 60_000);
  if (bucket === 'month') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
  if (bucket === 'week') {
    // Monday of the ISO week: getUTCDay() is 0 for Sunday.
    const back = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - back);
  }
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Every bucket label of [from, to), in order, so charts show the empty ones too. Capped at 1,000. */
export function bucketsOf(from: number, to: number, bucket: InsightBucket, offsetMinutes: number): string[] {
  const out: string[] = [];
  const step = bucket === 'month' ? 27 * DAY : bucket === 'week' ? DAY : DAY / 2;
  for (let t = from; t < to && out.length < 1000; t += step) {
    const label = bucketLabel(t, bucket, offsetMinutes);
    if (out[out.length - 1] !== label) out.push(label);
  }
  const last = bucketLabel(to - 1, bucket, offsetMinutes);
  if (to > from && out[out.length - 1] !== last && out.length < 1000) out.push(last);
  return out;
}

export function refundsOverTime(db: Db, q: InsightsQuery): RefundPointDto[] {
  const rows = stmt(db, REFUNDS_SQL[q.bucket]).all(params(q)) as {
    bucket: string;
    store: Store;
    currency: string | null;
    count: number;
    amount: number;
  }[];
  return rows.map((r) => ({ bucket: r.bucket, store: r.store, currency: r.currency, count: r.count, amountMinor: r.amount }));
}

export function refundRate(db: Db, q: InsightsQuery): RefundRatePointDto[] {
  const rows = stmt(db, REFUND_RATE_SQL).all(params(q)) as { month: string; paid: number; refunded: number }[];
  return rows.map((r) => ({ month: r.month, paid: r.paid, refunded: r.refunded, rate: r.paid ? r.refunded / r.paid : 0 }));
}

export function revenue(db: Db, q: InsightsQuery, refunds: RefundPointDto[]): RevenuePointDto[] {
  const p = params(q);
  const byKey = new Map<string, RevenuePointDto>();
  const at = (bucket: string, currency: string) => {
    const key = `${bucket}\u0000${currency}`;
    let row = byKey.get(key);
    if (!row) {
      row = { bucket, currency, grossMinor: 0, refundedMinor: 0, chargebackMinor: 0, netMinor: 0 };
      byKey.set(key, row);
    }
    return row;
  };
  for (const r of stmt(db, GROSS_SQL[q.bucket]).all(p) as { bucket: string; currency: string; amount: number }[]) {
    at(r.bucket, r.currency).grossMinor += r.amount;
  }
  for (const r of refunds) if (r.currency) at(r.bucket, r.currency).refundedMinor += r.amountMinor;
  for (const r of stmt(db, CHARGEBACKS_SQL[q.bucket]).all(p) as { bucket: string; currency: string; amount: number }[]) {
    at(r.bucket, r.currency).chargebackMinor += r.amount;
  }
  const out = [...byKey.values()];
  for (const r of out) r.netMinor = r.grossMinor - r.refundedMinor - r.chargebackMinor;
  return out.sort((a, b) => a.bucket.localeCompare(b.bucket) || a.currency.localeCompare(b.currency));
}

/** Hours from purchase to refund for each live refund in the period (negative clamps to 0). */
export function refundDelays(db: Db, q: InsightsQuery): number[] {
  const rows = stmt(db, TIME_TO_REFUND_SQL).all(params(q)) as { hours: number | null }[];
  return rows.filter((r) => r.hours != null).map((r) => Math.max(0, r.hours!));
}

export function histogram(hours: number[]): TimeToRefundBinDto[] {
  const bins = TIME_TO_REFUND_BINS.map((b) => ({ ...b, count: 0 }));
  for (const h of hours) {
    const days = h / 24;
    const bin = bins.find((b) => days >= b.fromDays && (b.toDays == null || days < b.toDays));
    if (bin) bin.count++;
  }
  return bins;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function topReasons(db: Db, q: InsightsQuery, total: number): ReasonDto[] {
  const rows = stmt(db, REASONS_SQL).all({ ...params(q), limit: q.topReasons }) as { reason: string; count: number }[];
  return rows.map((r) => ({ reason: r.reason, count: r.count, share: total ? r.count / total : 0 }));
}

export function disputes(db: Db, q: InsightsQuery): DisputePointDto[] {
  return stmt(db, DISPUTES_SQL[q.bucket]).all(params(q)) as DisputePointDto[];
}

/** Every series of the Insights section for one period and store. */
export function computeInsights(db: Db, q: InsightsQuery, now = Date.now()): InsightsDto {
  const started = performance.now();
  const refunds = refundsOverTime(db, q);
  const rate = refundRate(db, q);
  const hours = refundDelays(db, q);
  const dispute = disputes(db, q);
  const refundCount = refunds.reduce((n, r) => n + r.count, 0);
  const sum = (key: 'opened' | 'won' | 'lost') => dispute.reduce((n, d) => n + d[key], 0);
  const mid = median(hours);
  const dto: InsightsDto = {
    from: q.from,
    to: q.to,
    store: q.store ?? null,
    bucket: q.bucket,
    buckets: bucketsOf(q.from, q.to, q.bucket, q.utcOffsetMinutes),
    months: bucketsOf(q.from, q.to, 'month', q.utcOffsetMinutes),
    refunds,
    refundRate: rate,
    revenue: revenue(db, q, refunds),
    timeToRefund: histogram(hours),
    reasons: topReasons(db, q, refundCount),
    disputes: dispute,
    totals: {
      refunds: refundCount,
      paid: rate.reduce((n, r) => n + r.paid, 0),
      refundedPaid: rate.reduce((n, r) => n + r.refunded, 0),
      disputesOpened: sum('opened'),
      disputesWon: sum('won'),
      disputesLost: sum('lost'),
      medianDaysToRefund: mid == null ? null : Math.round((mid / 24) * 10) / 10,
    },
    computedAt: now,
    tookMs: 0,
  };
  dto.tookMs = Math.round(performance.now() - started);
  return dto;
}
