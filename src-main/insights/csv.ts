// CSV of one Insights series, RFC 4180: comma-separated, CRLF line ends, fields quoted
// when they hold a comma, a quote or a line break. Amounts are written in major units
// with the currency's own number of decimals, next to the minor units, so a spreadsheet
// reads them without a conversion and nothing is lost.
import type { InsightKind, InsightsDto } from '../ipc/channels/insights';

type Cell = string | number | null;

export function csvField(value: Cell): string {
  if (value == null) return '';
  const s = String(value);
  // A leading =, +, - or @ would be run as a formula by spreadsheets (CSV injection);
  // reasons come from stores and imports, so they are not trusted.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** ISO 4217 minor-unit exponents that are not 2 (the currencies the stores sell in). */
const EXPONENT: Record<string, number> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, XAF: 0, XOF: 0, PYG: 0, HUF: 2, TWD: 2,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3,
};

export function major(minor: number, currency: string | null): string {
  const exp = currency ? (EXPONENT[currency] ?? 2) : 2;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (exp === 0) return `${sign}${abs}`;
  const unit = 10 ** exp;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(exp, '0')}`;
}

export function insightsCsv(kind: InsightKind, data: InsightsDto): { header: string[]; rows: Cell[][] } {
  switch (kind) {
    case 'refunds':
      return {
        header: ['bucket', 'store', 'currency', 'refunds', 'amount', 'amount_minor'],
        rows: data.refunds.map((r) => [r.bucket, r.store, r.currency, r.count, major(r.amountMinor, r.currency), r.amountMinor]),
      };
    case 'refund_rate':
      return {
        header: ['month_of_purchase', 'paid_transactions', 'refunded', 'refund_rate'],
        rows: data.refundRate.map((r) => [r.month, r.paid, r.refunded, r.rate.toFixed(4)]),
      };
    case 'revenue':
      return {
        header: ['bucket', 'currency', 'gross', 'refunded', 'chargebacks_lost', 'net', 'gross_minor', 'refunded_minor', 'chargebacks_lost_minor', 'net_minor'],
        rows: data.revenue.map((r) => [
          r.bucket, r.currency, major(r.grossMinor, r.currency), major(r.refundedMinor, r.currency),
          major(r.chargebackMinor, r.currency), major(r.netMinor, r.currency),
          r.grossMinor, r.refundedMinor, r.chargebackMinor, r.netMinor,
        ]),
      };
    case 'time_to_refund':
      return {
        header: ['time_from_purchase', 'from_days', 'to_days', 'refunds'],
        rows: data.timeToRefund.map((b) => [b.label, b.fromDays, b.toDays, b.count]),
      };
    case 'reasons':
      return {
        header: ['reason', 'refunds', 'share'],
        rows: data.reasons.map((r) => [r.reason, r.count, r.share.toFixed(4)]),
      };
    case 'disputes':
      return {
        header: ['bucket', 'store', 'opened', 'won', 'lost'],
        rows: data.disputes.map((d) => [d.bucket, d.store, d.opened, d.won, d.lost]),
      };
  }
}
