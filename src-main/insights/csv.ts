// CSV of one Insights series (src-main/csv.ts writes it). Amounts are written in major units
// with the currency's own number of decimals, next to the minor units, so a spreadsheet
// reads them without a conversion and nothing is lost.
import type { InsightKind, InsightsDto } from '../ipc/channels/insights';
import { majorUnits } from '../ipc/vocabulary';
import type { Cell } from '../db/csv';

export function insightsCsv(kind: InsightKind, data: InsightsDto): { header: string[]; rows: Cell[][] } {
  switch (kind) {
    case 'refunds':
      return {
        header: ['bucket', 'store', 'currency', 'refunds', 'amount', 'amount_minor'],
        rows: data.refunds.map((r) => [r.bucket, r.store, r.currency, r.count, majorUnits(r.amountMinor, r.currency), r.amountMinor]),
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
          r.bucket, r.currency, majorUnits(r.grossMinor, r.currency), majorUnits(r.refundedMinor, r.currency),
          majorUnits(r.chargebackMinor, r.currency), majorUnits(r.netMinor, r.currency),
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
