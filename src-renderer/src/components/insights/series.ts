// Turns InsightsDto rows into chart series and table rows. Pure, so tested directly.
import type { DisputePointDto, InsightsDto, RefundPointDto, RevenuePointDto, Store } from '../../../../src-main/ipc/contract';
import { STORES } from '../../../../src-main/ipc/contract';
import { storeShort } from '../../format';

export interface Series {
  label: string;
  data: number[];
  /** 0 = the accent, then lighter accent shades, then greys. */
  tone?: number;
}

/** "2026-03" → "Mar 2026", "2026-03-02" → "2 Mar", in the agent's locale. */
export function bucketText(bucket: string): string {
  const [y, m, d] = bucket.split('-').map(Number);
  if (!y || !m) return bucket;
  const date = new Date(y, m - 1, d ?? 1);
  return d
    ? date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })
    : date.toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
}

/** Currencies present in the rows, the largest first (by `weight`, else by number of rows). */
export function currenciesOf<R extends { currency: string | null }>(rows: R[], weight: (r: R) => number = () => 1): string[] {
  const count = new Map<string, number>();
  for (const r of rows) if (r.currency) count.set(r.currency, (count.get(r.currency) ?? 0) + weight(r));
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

export function storesOf(rows: { store: Store }[]): Store[] {
  const present = new Set(rows.map((r) => r.store));
  return STORES.filter((s) => present.has(s));
}

export type RefundMeasure = 'count' | { currency: string };

/** Stacked series by store: the count of refunds, or the amount in one currency. */
export function refundSeries(d: InsightsDto, measure: RefundMeasure): { series: Series[]; rows: { bucket: string; values: Record<string, number>; total: number }[]; stores: Store[] } {
  const rows: RefundPointDto[] = measure === 'count' ? d.refunds : d.refunds.filter((r) => r.currency === measure.currency);
  const stores = storesOf(rows);
  const value = (r: RefundPointDto) => (measure === 'count' ? r.count : r.amountMinor);
  const cell = (bucket: string, store: Store) => rows.filter((r) => r.bucket === bucket && r.store === store).reduce((n, r) => n + value(r), 0);
  const series = stores.map((s, i) => ({ label: storeShort(s), data: d.buckets.map((b) => cell(b, s)), tone: i }));
  const table = d.buckets
    .map((bucket) => {
      const values = Object.fromEntries(stores.map((s) => [s, cell(bucket, s)]));
      return { bucket, values, total: Object.values(values).reduce((n, v) => n + v, 0) };
    })
    .filter((r) => r.total > 0);
  return { series, rows: table, stores };
}

export function revenueFor(d: InsightsDto, currency: string): { series: Series[]; rows: RevenuePointDto[] } {
  const rows = d.revenue.filter((r) => r.currency === currency);
  const at = (b: string) => rows.find((r) => r.bucket === b);
  return {
    series: [
      { label: 'Gross', data: d.buckets.map((b) => at(b)?.grossMinor ?? 0), tone: 2 },
      { label: 'Net', data: d.buckets.map((b) => at(b)?.netMinor ?? 0), tone: 0 },
    ],
    rows,
  };
}

export function disputeSeries(d: InsightsDto): { series: Series[]; rows: DisputePointDto[] } {
  const sum = (b: string, key: 'opened' | 'won' | 'lost') => d.disputes.filter((x) => x.bucket === b).reduce((n, x) => n + x[key], 0);
  return {
    series: [
      { label: 'Opened', data: d.buckets.map((b) => sum(b, 'opened')), tone: 3 },
      { label: 'Won', data: d.buckets.map((b) => sum(b, 'won')), tone: 2 },
      { label: 'Lost', data: d.buckets.map((b) => sum(b, 'lost')), tone: 0 },
    ],
    rows: d.disputes,
  };
}

export function percent(rate: number): string {
  const pct = rate * 100;
  const digits = Number.isInteger(pct) || pct >= 10 ? 0 : 1;
  return `${pct.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
}
