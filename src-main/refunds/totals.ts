// A purchase's money over ALL its paid payments, exact, without reading them all (issue 20):
// the count and the paid sum come from SQL over the covering index; refunded and pending
// come from the few payments a refund or dispute names, counted by the same rules as each
// payment's own figures (facts.ts). What remains = paid - refunded - pending, per currency:
// per payment, refunded <= paid and pending <= paid - refunded, so the sum of each
// payment's remaining equals this difference.
import type { Db } from '../db/connection';
import { paidTotals, paymentsWithChildren } from '../db/purchasePayments';
import type { RefundPreviewDto } from '../ipc/channels/refunds';
import type { Store } from '../ipc/vocabulary';
import { factsOfPayments } from './facts';

export type PurchaseTotal = NonNullable<RefundPreviewDto['totals']>[number];

export function purchaseTotals(db: Db, store: Store, purchaseId: number): PurchaseTotal[] {
  const by = new Map<string, PurchaseTotal>();
  const of = (currency: string | null): PurchaseTotal => {
    const c = (currency ?? '').toUpperCase();
    let t = by.get(c);
    if (!t) by.set(c, (t = { currency: c, paymentCount: 0, paidMinor: 0, refundedMinor: 0, pendingMinor: 0, remainingMinor: 0 }));
    return t;
  };
  for (const row of paidTotals(db, purchaseId)) {
    const t = of(row.currency);
    t.paymentCount += row.count;
    t.paidMinor += row.amountMinor;
  }
  for (const p of factsOfPayments(db, paymentsWithChildren(db, store, purchaseId))) {
    const t = of(p.currency);
    t.refundedMinor += p.refundedMinor;
    t.pendingMinor += p.pendingMinor;
  }
  const out = [...by.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  for (const t of out) t.remainingMinor = t.paidMinor - t.refundedMinor - t.pendingMinor;
  return out;
}
