// Reading the ledger (DESIGN §3): plain functions over the database handle. Every money
// figure (summary, refund dialog, policy, entitlement) reads these rows, never the timeline.
import type { DisputeFact, LedgerSource, PaymentFact, RefundFact } from '../domain/ledger';
import { isStoreSourced } from '../domain/ledger';
import { openDisputeOf, refundedMinorOf } from '../domain/ledgerCount';
import type { DetectedVia, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { stmt } from './statements';

interface Provenance {
  source: LedgerSource;
  /** Store API or notification history: the only rows a refund decision may trust. */
  storeSourced: boolean;
  /** An import said something else about this row; the imported version, kept apart. */
  importedConflict: boolean;
  imported: Record<string, unknown> | null;
}

interface Placed {
  id: number;
  /** The purchase the row belongs to (a refund or dispute follows its payment's purchase). */
  purchaseId: number;
  customerId: number;
}

/** A payment row: the merged fact as the store holds it (domain/ledger.ts), placed, with provenance. */
export type PaymentRow = Provenance &
  Placed &
  Omit<PaymentFact, 'kind' | 'source' | 'refs' | 'periodStart' | 'periodEnd'> & { refs: Record<string, string>; periodStart: number | null; periodEnd: number | null };

export type RefundRow = Provenance &
  Placed &
  Omit<RefundFact, 'kind' | 'source' | 'reason' | 'detectedVia' | 'intentId' | 'aliasOf'> & {
    reason: string | null;
    detectedVia: DetectedVia | null;
    intentId: string | null;
    /** Effective alias: this row duplicates that refund key and is never counted itself. */
    aliasOf: string | null;
  };

export type DisputeRow = Provenance &
  Placed &
  Omit<DisputeFact, 'kind' | 'source' | 'reason' | 'isChargeRefundable' | 'revokesAccess'> & { reason: string | null; isChargeRefundable: boolean | null; revokesAccess: boolean };

type Raw = Record<string, unknown>;

// Columns that are the write path's bookkeeping, not what a row says.
const INTERNAL = new Set(['merge_state', 'stated_alias_of', 'orphan', 'imported', 'imported_conflict']);
// Stored as 0/1 (or NULL where the store does not say); read as booleans.
const BOOLEAN = new Set(['revokes_access', 'is_charge_refundable']);

/** A ledger row as the readers see it: camelCase fields, booleans, refs parsed, provenance. */
function fromRow<T>(r: Raw): T {
  const out: Record<string, unknown> = {};
  for (const [col, v] of Object.entries(r)) {
    if (INTERNAL.has(col)) continue;
    const name = col.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out[name] = BOOLEAN.has(col) ? (v == null ? null : v === 1) : col === 'refs' ? JSON.parse(v as string) : v;
  }
  const source = r.source as LedgerSource;
  out.storeSourced = isStoreSourced(source);
  out.importedConflict = r.imported_conflict === 1;
  out.imported = r.imported ? (JSON.parse(r.imported as string) as Record<string, unknown>) : null;
  return out as T;
}

export const paymentFromRow = (r: Raw): PaymentRow => fromRow<PaymentRow>(r);
export const refundFromRow = (r: Raw): RefundRow => fromRow<RefundRow>(r);
export const disputeFromRow = (r: Raw): DisputeRow => fromRow<DisputeRow>(r);

// `+?`: a fixed plan, not re-planned by STAT4 on each binding (see ledgerEntitlement.ts)
const rows = (db: Db, sql: string, ...args: unknown[]) => stmt(db, sql).all(...args) as Raw[];

export function paymentByKey(db: Db, store: Store, paymentKey: string): PaymentRow | null {
  const r = stmt(db, 'SELECT * FROM payments WHERE store = ? AND payment_key = ?').get(store, paymentKey) as Raw | undefined;
  return r ? paymentFromRow(r) : null;
}

/** A purchase's payments, oldest first (each renewal its own row). */
export function paymentsOfPurchase(db: Db, purchaseId: number): PaymentRow[] {
  return rows(db, 'SELECT * FROM payments WHERE purchase_id = +? ORDER BY paid_at, payment_key', purchaseId).map(paymentFromRow);
}

export function paymentsOfCustomer(db: Db, customerId: number): PaymentRow[] {
  return rows(db, 'SELECT * FROM payments WHERE customer_id = +? ORDER BY paid_at, payment_key', customerId).map(paymentFromRow);
}

type PaymentRef = Pick<PaymentRow, 'store' | 'paymentKey'>;

export function refundsOfPayment(db: Db, payment: PaymentRef): RefundRow[] {
  return rows(db, 'SELECT * FROM refunds WHERE store = +? AND payment_key = +? ORDER BY created_at, refund_key', payment.store, payment.paymentKey).map(
    refundFromRow,
  );
}

export function refundsOfPurchase(db: Db, purchaseId: number): RefundRow[] {
  return rows(db, 'SELECT * FROM refunds WHERE purchase_id = +? ORDER BY created_at, refund_key', purchaseId).map(refundFromRow);
}

export function refundsOfCustomer(db: Db, customerId: number): RefundRow[] {
  return rows(db, 'SELECT * FROM refunds WHERE customer_id = +? ORDER BY created_at, refund_key', customerId).map(refundFromRow);
}

export function disputesOfPayment(db: Db, payment: PaymentRef): DisputeRow[] {
  return rows(db, 'SELECT * FROM disputes WHERE store = +? AND payment_key = +? ORDER BY created_at, dispute_key', payment.store, payment.paymentKey).map(
    disputeFromRow,
  );
}

export function disputesOfPurchase(db: Db, purchaseId: number): DisputeRow[] {
  return rows(db, 'SELECT * FROM disputes WHERE purchase_id = +? ORDER BY created_at, dispute_key', purchaseId).map(disputeFromRow);
}

export function disputesOfCustomer(db: Db, customerId: number): DisputeRow[] {
  return rows(db, 'SELECT * FROM disputes WHERE customer_id = +? ORDER BY created_at, dispute_key', customerId).map(disputeFromRow);
}

/**
 * Minor units refunded on this payment: succeeded refunds only, each refund once however
 * many keys name it (domain/ledgerCount.ts). With `storeOnly`, rows an import alone
 * holds are left out (refund decisions trust store-sourced rows only).
 */
export function refundedMinor(db: Db, payment: PaymentRef & Pick<PaymentRow, 'amountMinor'>, opts: { storeOnly?: boolean } = {}): number {
  let refunds = refundsOfPayment(db, payment);
  if (opts.storeOnly) refunds = refunds.filter((r) => r.source !== 'import');
  return refundedMinorOf(payment, refunds);
}

/**
 * The dispute that blocks refunding this payment, if one is open. Rows an import alone
 * holds count too: they can only block, never unblock, a refund (the harsher case).
 */
export function openDispute(db: Db, payment: PaymentRef): DisputeRow | null {
  return openDisputeOf(disputesOfPayment(db, payment));
}
