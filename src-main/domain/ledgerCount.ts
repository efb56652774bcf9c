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

/** A refund with the date the count orders by (the store's creation time of the refund). */
export interface OrderedRefund extends CountableRefund {
  createdAt: number;
}

/**
 * The order a payment's refunds are counted in against its amount: oldest first, the key
 * breaking ties. Taken from the facts, never from arrival (row IDs), so the same ledger
 * counts the same however the paths told it.
 */
export function countOrder(a: OrderedRefund, b: OrderedRefund): number {
  return a.createdAt - b.createdAt || (a.refundKey < b.refundKey ? -1 : a.refundKey > b.refundKey ? 1 : 0);
}

/**
 * What each refund of ONE payment gives back, for the customer page and Insights alike:
 * the refunds that count (succeeded, each once however many keys name it), oldest first,
 * each capped so that the payment never gives back more than it took (a full and a partial
 * refund of one charge both reported, a duplicate no alias joins). A later refund past the
 * cap counts 0 but stays in the list: it is still a refund the store made. Without the
 * payment's amount nothing caps: the refunds are all we know.
 */
export function countedRefunds<R extends OrderedRefund>(
  payment: CountablePayment | null,
  refunds: readonly R[],
  /** Every refund key of the payment an alias among `refunds` may name (their own keys when absent). */
  keys: ReadonlySet<string> = new Set(refunds.map((r) => r.refundKey)),
): { refund: R; counted: number; amount: number }[] {
  const cap = payment?.amountMinor ?? null;
  const out: { refund: R; counted: number; amount: number }[] = [];
  let sofar = 0;
  for (const r of [...refunds].sort(countOrder)) {
    if (!countsAsRefunded(r.status) || !countsOnItsOwn(r, keys)) continue;
    const amount = refundAmount(r, payment);
    const counted = cap == null ? amount : Math.max(0, Math.min(amount, cap - sofar));
    sofar += counted;
    out.push({ refund: r, counted, amount });
  }
  return out;
}

/** The first dispute that still blocks a refund, if any. */
export function openDisputeOf<D extends { status: DisputeStatus }>(disputes: readonly D[]): D | null {
  return disputes.find((d) => isDisputeOpen(d.status)) ?? null;
}
