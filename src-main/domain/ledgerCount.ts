// What counts as money given back, read the same way by main and the renderer. Pure.
import { countsAsRefunded, isDisputeOpen, type DisputeStatus, type RefundStatus } from './ledger';
import type { RefundKind } from './vocabulary';

export interface CountablePayment {
  amountMinor: number | null;
}

export interface CountableRefund {
  refundKey: string;
  status: RefundStatus;
  refundKind: RefundKind;
  amountMinor: number | null;
  /** The refund key this row duplicates, if any (effective alias). */
  aliasOf: string | null;
}

/**
 * Whether this refund row is the one that counts for its money: a row that names another
 * existing row as itself (a console intent and the store's refund ID, a Google voided
 * record and the Orders API refund of the same order) leaves the counting to that row.
 * An alias whose target is not (yet) in the ledger still counts: it is all we know.
 */
export function countsOnItsOwn(r: CountableRefund, keys: ReadonlySet<string>): boolean {
  return r.aliasOf == null || r.aliasOf === r.refundKey || !keys.has(r.aliasOf);
}

/** The minor units one refund gives back; a full refund without an amount gives back the payment. */
export function refundAmount(r: CountableRefund, payment: CountablePayment | null): number {
  if (r.amountMinor != null) return r.amountMinor;
  return r.refundKind === 'full' ? (payment?.amountMinor ?? 0) : 0;
}

/**
 * Refunded minor units of one payment: succeeded refunds only (pending, failed, canceled
 * and reversed ones give nothing back), each refund once however many keys name it.
 */
export function refundedMinorOf(payment: CountablePayment | null, refunds: readonly CountableRefund[]): number {
  const keys = new Set(refunds.map((r) => r.refundKey));
  let sum = 0;
  for (const r of refunds) {
    if (!countsAsRefunded(r.status) || !countsOnItsOwn(r, keys)) continue;
    sum += refundAmount(r, payment);
  }
  return sum;
}

/** The first dispute that still blocks a refund, if any. */
export function openDisputeOf<D extends { status: DisputeStatus }>(disputes: readonly D[]): D | null {
  return disputes.find((d) => isDisputeOpen(d.status)) ?? null;
}
