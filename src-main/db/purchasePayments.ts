// A purchase's payments read in bounded pieces (issue 20: no synchronous query over 16 ms on
// the main thread). A subscription renewing hourly has 100,000 payments; reading them all
// for one refund preview cost 280 ms and 15 MB of reply. The refund decision needs only the
// payment asked for and the latest one; the dialog lists the newest few; the totals are
// sums in SQL over the covering index payments_purchase_money (migration 012), never a
// walk over the rows in JS.
import type { Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { paymentCols, type PaymentFigure } from './ledgerFigures';
import { stmt } from './statements';

const COLUMNS = paymentCols('');

/** Only a payment that moved money can be refunded (Google PENDING/CANCELED orders are not payments). */
const PAID = `status = 'paid' AND amount_minor IS NOT NULL`;

/**
 * The newest `limit` paid payments, newest first: the exact reverse of paymentFigures'
 * order (paid_at, period_end, payment_key), so the first row is the purchase's latest payment.
 */
export function newestPaidPayments(db: Db, purchaseId: number, limit: number): PaymentFigure[] {
  // INDEXED BY: walk payments_purchase in paid_at order and stop at `limit`. Left to itself
  // (after ANALYZE, or with payments_purchase_money) the planner sorted every payment of
  // the purchase instead, or scanned the table: 40 ms for 100,000 renewals.
  return stmt(db, `SELECT ${COLUMNS} FROM payments INDEXED BY payments_purchase WHERE purchase_id = ? AND ${PAID}
    ORDER BY paid_at DESC, period_end DESC, payment_key DESC LIMIT ?`).all(
    purchaseId,
    limit,
  ) as PaymentFigure[];
}

/** One paid payment of the purchase by its key (one unique-key seek), or null. */
export function paidPaymentOf(db: Db, store: Store, purchaseId: number, paymentKey: string): PaymentFigure | null {
  const row = stmt(db, `SELECT ${COLUMNS} FROM payments WHERE store = ? AND payment_key = ? AND purchase_id = ? AND ${PAID}`).get(store, paymentKey, purchaseId);
  return (row as PaymentFigure | undefined) ?? null;
}

/**
 * The purchase's paid payments that a refund or a dispute names: few, one unique-key seek
 * each, driven from the children (a payment's refunds and disputes move with it to its
 * purchase: ledgerWrite moveChildren), never a scan of the payments.
 */
export function paymentsWithChildren(db: Db, store: Store, purchaseId: number): PaymentFigure[] {
  // CROSS JOIN keeps the children first: left to itself the planner walked the purchase's payments (10 ms).
  return stmt(
    db,
    `SELECT ${paymentCols('p.')}
      FROM (SELECT payment_key FROM refunds WHERE purchase_id = ? UNION SELECT payment_key FROM disputes WHERE purchase_id = ?) k
      CROSS JOIN payments p ON p.store = ? AND p.payment_key = k.payment_key
      WHERE p.purchase_id = ? AND p.status = 'paid' AND p.amount_minor IS NOT NULL`,
  ).all(purchaseId, purchaseId, store, purchaseId) as PaymentFigure[];
}

export interface PaidTotal {
  currency: string | null;
  count: number;
  amountMinor: number;
}

/** Every paid payment of the purchase counted and summed per currency, from the index alone. */
export function paidTotals(db: Db, purchaseId: number): PaidTotal[] {
  return stmt(db, `SELECT currency, COUNT(*) AS count, SUM(amount_minor) AS amountMinor FROM payments WHERE purchase_id = ? AND ${PAID} GROUP BY currency`).all(
    purchaseId,
  ) as PaidTotal[];
}
