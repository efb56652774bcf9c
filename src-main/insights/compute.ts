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
import { ANY_NOT_PRODUCTION_SQL, CHARGEBACKS_SQL, DISPUTES_SQL } from '../db/insightsSql';
import { DAILY_PAID_SQL, REASONS_OF, REFUNDS_OF, SCAN_PAID_SQL, SCANNED, TIME_TO_REFUND_OF, type RefundRows } from '../db/insightsDailySql';
import { summaryUsable } from '../db/insightsDaily';
import { scanRows } from '../db/insightsRefunds';

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

/** The report's SQL reading refund rows from `rows`, and paid transactions from the summaries or the events. */
const sqlOf = (rows: RefundRows, paid: string) => ({ refunds: REFUNDS_OF(rows), paid, delays: TIME_TO_REFUND_OF(rows), reasons: REASONS_OF(rows) });
/** Where a report reads: the summaries kept at ingest (insightsDaily.ts), or its own scan of events and ledger. */
const FROM_SUMMARIES = sqlOf('insights_refunds', DAILY_PAID_SQL);
const FROM_SCAN = sqlOf(SCANNED, SCAN_PAID_SQL);

/** The SQL's named parameters of one report, computed once for all its queries. */
function params(db: Db, q: InsightsQuery, summaries: boolean) {
  const fast = summaries && summaryUsable(db, q);
  return {
    sql: fast ? FROM_SUMMARIES : FROM_SCAN,
    // the scan's refund rows, derived from the ledger as the summaries' are (insightsRefunds.ts)
    scan: fast ? '[]' : scanRows(db, q.from),
    from: q.from,
    to: q.to,
    store: q.store ?? null,
    // Without any sandbox purchase in the cache, "leave sandbox out" filters nothing: say
    // so, and the queries skip the check on every event.
    sandbox: q.includeSandbox || !stmt(db, ANY_NOT_PRODUCTION_SQL).get() ? 1 : 0,
    off: q.utcOffsetMinutes * 60_000,
  };
}

type Params = ReturnType<typeof params>;
/** The named parameters themselves, without the choice of SQL. */
const bind = ({ sql: _sql, ...p }: Params) => p;

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

/** Rows of `rows` keyed by their day's bucket label (and `key`), summed with `add`. */
function rollUp<R extends { day: number }, T>(
  rows: R[],
  label: (day: number) => string,
  key: (r: R) => string,
  make: (bucket: string, r: R) => T,
  add: (into: T, r: R) => void,
): T[] {
  const out = new Map<string, T>();
  const labels = new Map<number, string>();
  for (const r of rows) {
    let bucket = labels.get(r.day);
    if (bucket === undefined) labels.set(r.day, (bucket = label(r.day)));
    const k = `${bucket}\u0000${key(r)}`;
    let into = out.get(k);
    if (!into) out.set(k, (into = make(bucket, r)));
    add(into, r);
  }
  return [...out.values()];
}

/** Labels of SQL day numbers, computed as SQLite would for the first millisecond of that day. */
function dayLabel(q: InsightsQuery, bucket: InsightBucket): (day: number) => string {
  return (day) => bucketLabel(day * DAY - q.utcOffsetMinutes * 60_000, bucket, q.utcOffsetMinutes);
}

/** SQLite's BINARY order for the few ASCII keys sorted here; NULL first, as in ORDER BY. */
function cmp(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  return a < b ? -1 : 1;
}

function refundsOverTime(db: Db, q: InsightsQuery, p: Params): RefundPointDto[] {
  const rows = stmt(db, p.sql.refunds).all(bind(p)) as { day: number; store: Store; currency: string | null; count: number; amount: number }[];
  return rollUp(
    rows,
    dayLabel(q, q.bucket),
    (r) => `${r.store}\u0000${r.currency ?? '\u0001'}`, // NULL currency apart from any text
    (bucket, r): RefundPointDto => ({ bucket, store: r.store, currency: r.currency, count: 0, amountMinor: 0 }),
    (into, r) => {
      into.count += r.count;
      into.amountMinor += r.amount;
    },
  ).sort((a, b) => cmp(a.bucket, b.bucket) || cmp(a.store, b.store) || cmp(a.currency, b.currency));
}

interface PaidDay {
  day: number;
  currency: string | null;
  paid: number;
  refunded: number;
  amount: number;
}

/** Paid transactions of the period by day and currency (one scan for the refund rate and gross revenue). */
function paidDays(db: Db, p: Params): PaidDay[] {
  return stmt(db, p.sql.paid).all(bind(p)) as PaidDay[];
}

/** Refund rate by month of the original purchase. */
function refundRate(q: InsightsQuery, paid: PaidDay[]): RefundRatePointDto[] {
  return rollUp(
    paid,
    dayLabel(q, 'month'),
    () => '',
    (month): RefundRatePointDto => ({ month, paid: 0, refunded: 0, rate: 0 }),
    (into, r) => {
      into.paid += r.paid;
      into.refunded += r.refunded;
    },
  )
    .map((r) => ({ ...r, rate: r.paid ? r.refunded / r.paid : 0 }))
    .sort((a, b) => cmp(a.month, b.month));
}

function revenue(db: Db, q: InsightsQuery, p: Params, paid: PaidDay[], refunds: RefundPointDto[]): RevenuePointDto[] {
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
  const label = dayLabel(q, q.bucket);
  for (const r of paid) if (r.currency != null) at(label(r.day), r.currency).grossMinor += r.amount;
  for (const r of refunds) if (r.currency) at(r.bucket, r.currency).refundedMinor += r.amountMinor;
  for (const r of stmt(db, CHARGEBACKS_SQL).all(bind(p)) as { day: number; currency: string; amount: number }[]) {
    at(label(r.day), r.currency).chargebackMinor += r.amount;
  }
  const out = [...byKey.values()];
  for (const r of out) r.netMinor = r.grossMinor - r.refundedMinor - r.chargebackMinor;
  return out.sort((a, b) => a.bucket.localeCompare(b.bucket) || a.currency.localeCompare(b.currency));
}

/** Hours from purchase to refund for each live refund in the period (negative clamps to 0). */
function refundDelays(db: Db, p: Params): number[] {
  const rows = stmt(db, p.sql.delays).all(bind(p)) as { hours: number | null }[];
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

function topReasons(db: Db, q: InsightsQuery, p: Params, total: number): ReasonDto[] {
  const rows = stmt(db, p.sql.reasons).all({ ...bind(p), limit: q.topReasons }) as { reason: string; count: number }[];
  return rows.map((r) => ({ reason: r.reason, count: r.count, share: total ? r.count / total : 0 }));
}

function disputes(db: Db, q: InsightsQuery, p: Params): DisputePointDto[] {
  const rows = stmt(db, DISPUTES_SQL).all(bind(p)) as { day: number; store: Store; opened: number; won: number; lost: number }[];
  return rollUp(
    rows,
    dayLabel(q, q.bucket),
    (r) => r.store,
    (bucket, r): DisputePointDto => ({ bucket, store: r.store, opened: 0, won: 0, lost: 0 }),
    (into, r) => {
      into.opened += r.opened;
      into.won += r.won;
      into.lost += r.lost;
    },
  ).sort((a, b) => cmp(a.bucket, b.bucket) || cmp(a.store, b.store));
}

/** Every series of the Insights section for one period and store. */
export function computeInsights(db: Db, q: InsightsQuery, now = Date.now(), opts: { summaries?: boolean } = {}): InsightsDto {
  const started = performance.now();
  const p = params(db, q, opts.summaries ?? true);
  const refunds = refundsOverTime(db, q, p);
  const paid = paidDays(db, p);
  const rate = refundRate(q, paid);
  const hours = refundDelays(db, p);
  const dispute = disputes(db, q, p);
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
    revenue: revenue(db, q, p, paid, refunds),
    timeToRefund: histogram(hours),
    reasons: topReasons(db, q, p, refundCount),
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
