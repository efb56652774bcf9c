// The ledger columns that money figures need, read lean: no merge state, no imported
// copy, no sort. Reading `SELECT *` of 10,000 refunds (their merge_state JSON included) cost
// 7x the time of these columns (measured), and the customer summary has 20 ms.
import type { DisputeStatus, LedgerSource, PaymentStatus, RefundStatus } from '../domain/ledger';
import type { RefundKind, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { stmt } from './statements';

export interface PaymentFigure {
  store: Store;
  paymentKey: string;
  purchaseId: number;
  status: PaymentStatus;
  amountMinor: number | null;
  currency: string | null;
  paidAt: number;
  periodEnd: number | null;
  source: LedgerSource;
}

export interface RefundFigure {
  store: Store;
  refundKey: string;
  paymentKey: string;
  purchaseId: number;
  status: RefundStatus;
  refundKind: RefundKind;
  amountMinor: number | null;
  currency: string | null;
  /** Effective alias: the refund key this row duplicates (then never counted itself). */
  aliasOf: string | null;
  source: LedgerSource;
  /** The store's creation time: the order a payment's refunds count in (domain/ledgerCount.ts countOrder). */
  createdAt: number;
}

export interface DisputeFigure {
  store: Store;
  disputeKey: string;
  paymentKey: string;
  status: DisputeStatus;
  isChargeRefundable: boolean | null;
  source: LedgerSource;
}

// `x`: the table's alias in a join ('' alone).
export const paymentCols = (x: string) => `${x}store AS store, ${x}payment_key AS paymentKey, ${x}purchase_id AS purchaseId,
  ${x}status AS status, ${x}amount_minor AS amountMinor, ${x}currency AS currency, ${x}paid_at AS paidAt, ${x}period_end AS periodEnd,
  ${x}source AS source`;
const PAYMENT = `SELECT ${paymentCols('')} FROM payments`;
const refundCols = (x: string) => `${x}store AS store, ${x}refund_key AS refundKey, ${x}payment_key AS paymentKey,
  ${x}purchase_id AS purchaseId, ${x}status AS status, ${x}refund_kind AS refundKind, ${x}amount_minor AS amountMinor,
  ${x}currency AS currency, ${x}alias_of AS aliasOf, ${x}source AS source, ${x}created_at AS createdAt`;
const disputeCols = (x: string) => `${x}store AS store, ${x}dispute_key AS disputeKey, ${x}payment_key AS paymentKey,
  ${x}status AS status, ${x}is_charge_refundable AS isChargeRefundable, ${x}source AS source`;
const REFUND = `SELECT ${refundCols('')} FROM refunds`;
const DISPUTE = `SELECT ${disputeCols('')} FROM disputes`;

/**
 * Whose rows: a customer's, a purchase's, or one payment's. A payment's refunds and
 * disputes are found by its key, whichever purchase row they were first filed under.
 */
type Owner = { customerId: number } | { purchaseId: number } | { store: Store; paymentKey: string };
function where(o: Owner): { sql: string; args: unknown[] } {
  if ('customerId' in o) return { sql: 'WHERE customer_id = ?', args: [o.customerId] };
  if ('purchaseId' in o) return { sql: 'WHERE purchase_id = ?', args: [o.purchaseId] };
  return { sql: 'WHERE store = ? AND payment_key = ?', args: [o.store, o.paymentKey] };
}

/** Payments, oldest first (each renewal its own row). */
export function paymentFigures(db: Db, o: Owner): PaymentFigure[] {
  const w = where(o);
  return stmt(db, `${PAYMENT} ${w.sql} ORDER BY paid_at, period_end, payment_key`).all(...w.args) as PaymentFigure[];
}

export function refundFigures(db: Db, o: Owner): RefundFigure[] {
  const w = where(o);
  return stmt(db, `${REFUND} ${w.sql}`).all(...w.args) as RefundFigure[];
}

type DisputeRaw = Omit<DisputeFigure, 'isChargeRefundable'> & { isChargeRefundable: number | null };
const disputeOf = (d: DisputeRaw): DisputeFigure => ({ ...d, isChargeRefundable: d.isChargeRefundable == null ? null : d.isChargeRefundable === 1 });

export function disputeFigures(db: Db, o: Owner): DisputeFigure[] {
  const w = where(o);
  return (stmt(db, `${DISPUTE} ${w.sql} ORDER BY created_at, dispute_key`).all(...w.args) as DisputeRaw[]).map(disputeOf);
}

/**
 * A customer's paid payments summed per currency, in SQL: a customer with 100,000 renewals
 * must not be read row by row into JS (300 ms) for one total. The covering index
 * payments_customer (migration 008) answers it without touching the rows.
 */
export interface PaidSum {
  currency: string | null;
  amountMinor: number;
}

export function paidByCurrency(db: Db, customerId: number): PaidSum[] {
  return stmt(
    db,
    `SELECT currency, SUM(amount_minor) AS amountMinor FROM payments
      WHERE customer_id = ? AND status = 'paid' AND amount_minor IS NOT NULL GROUP BY currency`,
  ).all(customerId) as PaidSum[];
}

export type PaymentAmount = Pick<PaymentFigure, 'store' | 'paymentKey' | 'amountMinor' | 'currency'>;

/**
 * The customer's own payments that their refunds name, each once: what a refund without
 * an amount gives back, and the cap on a payment's refunds. Driven from the refunds (few),
 * one unique-key seek each (CROSS JOIN keeps that order), never a scan of the payments.
 */
export function refundedPaymentAmounts(db: Db, customerId: number): PaymentAmount[] {
  return stmt(
    db,
    `SELECT DISTINCT p.store, p.payment_key AS paymentKey, p.amount_minor AS amountMinor, p.currency
      FROM refunds r CROSS JOIN payments p ON p.store = r.store AND p.payment_key = r.payment_key
      WHERE r.customer_id = ? AND p.customer_id = ?`,
  ).all(customerId, customerId) as PaymentAmount[];
}

/** Rows grouped by their payment (store and key), for lookups per payment. */
export const paymentGroupKey = (store: string, paymentKey: string): string => `${store}\u0000${paymentKey}`;

export function groupByPayment<T extends { store: string; paymentKey: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = paymentGroupKey(r.store, r.paymentKey);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

// Each payment of the purchase, then its refunds (or disputes) by key: the same rows the
// per-payment lookups find, in one statement instead of two per payment (a purchase with
// 100,000 renewals made 200,000 statements, 2 s). Driven from the payments, one index seek each.
const OF_PAYMENTS = (t: 'refunds' | 'disputes') => `FROM payments p CROSS JOIN ${t} x ON x.store = p.store AND x.payment_key = p.payment_key WHERE p.purchase_id = ?`;

/** The refunds of every payment of a purchase, by paymentGroupKey; each payment's in the order its own lookup gives. */
export function refundFiguresByPayment(db: Db, purchaseId: number): Map<string, RefundFigure[]> {
  return groupByPayment(stmt(db, `SELECT ${refundCols('x.')} ${OF_PAYMENTS('refunds')} ORDER BY x.created_at, x.id`).all(purchaseId) as RefundFigure[]);
}

/** The disputes of every payment of a purchase, by paymentGroupKey, oldest first as disputeFigures. */
export function disputeFiguresByPayment(db: Db, purchaseId: number): Map<string, DisputeFigure[]> {
  const rows = stmt(db, `SELECT ${disputeCols('x.')} ${OF_PAYMENTS('disputes')} ORDER BY x.created_at, x.dispute_key`).all(purchaseId) as DisputeRaw[];
  return groupByPayment(rows.map(disputeOf));
}
