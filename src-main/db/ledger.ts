// Reading the ledger (DESIGN §3): plain functions over the database handle. Every money
// figure (summary, refund dialog, policy, entitlement) reads these rows, never the timeline.
import type { DisputeStatus, LedgerSource, PaymentStatus, RefundStatus } from '../domain/ledger';
import { isStoreSourced } from '../domain/ledger';
import { openDisputeOf, refundedMinorOf } from '../domain/ledgerCount';
import type { DetectedVia, RefundKind, Store } from '../ipc/vocabulary';
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

export interface PaymentRow extends Provenance {
  id: number;
  store: Store;
  paymentKey: string;
  purchaseId: number;
  customerId: number;
  purchaseKey: string;
  status: PaymentStatus;
  amountMinor: number | null;
  currency: string | null;
  paidAt: number;
  periodStart: number | null;
  periodEnd: number | null;
  refs: Record<string, string>;
  observedAt: number;
}

export interface RefundRow extends Provenance {
  id: number;
  store: Store;
  refundKey: string;
  paymentKey: string;
  purchaseId: number;
  customerId: number;
  purchaseKey: string;
  status: RefundStatus;
  refundKind: RefundKind;
  amountMinor: number | null;
  currency: string | null;
  revokesAccess: boolean;
  reason: string | null;
  createdAt: number;
  observedAt: number;
  detectedVia: DetectedVia | null;
  intentId: string | null;
  /** Effective alias: this row duplicates that refund key and is never counted itself. */
  aliasOf: string | null;
}

export interface DisputeRow extends Provenance {
  id: number;
  store: Store;
  disputeKey: string;
  paymentKey: string;
  purchaseId: number;
  customerId: number;
  purchaseKey: string;
  status: DisputeStatus;
  amountMinor: number | null;
  currency: string | null;
  reason: string | null;
  isChargeRefundable: boolean | null;
  revokesAccess: boolean;
  createdAt: number;
  observedAt: number;
}

type Raw = Record<string, unknown>;
const bool = (v: unknown): boolean => v === 1;
const boolOrNull = (v: unknown): boolean | null => (v == null ? null : v === 1);

function provenance(r: Raw): Provenance {
  const source = r.source as LedgerSource;
  return {
    source,
    storeSourced: isStoreSourced(source),
    importedConflict: bool(r.imported_conflict),
    imported: r.imported ? (JSON.parse(r.imported as string) as Record<string, unknown>) : null,
  };
}

export function paymentFromRow(r: Raw): PaymentRow {
  return {
    id: r.id as number,
    store: r.store as Store,
    paymentKey: r.payment_key as string,
    purchaseId: r.purchase_id as number,
    customerId: r.customer_id as number,
    purchaseKey: r.purchase_key as string,
    status: r.status as PaymentStatus,
    amountMinor: r.amount_minor as number | null,
    currency: r.currency as string | null,
    paidAt: r.paid_at as number,
    periodStart: r.period_start as number | null,
    periodEnd: r.period_end as number | null,
    refs: JSON.parse(r.refs as string) as Record<string, string>,
    observedAt: r.observed_at as number,
    ...provenance(r),
  };
}

export function refundFromRow(r: Raw): RefundRow {
  return {
    id: r.id as number,
    store: r.store as Store,
    refundKey: r.refund_key as string,
    paymentKey: r.payment_key as string,
    purchaseId: r.purchase_id as number,
    customerId: r.customer_id as number,
    purchaseKey: r.purchase_key as string,
    status: r.status as RefundStatus,
    refundKind: r.refund_kind as RefundKind,
    amountMinor: r.amount_minor as number | null,
    currency: r.currency as string | null,
    revokesAccess: bool(r.revokes_access),
    reason: r.reason as string | null,
    createdAt: r.created_at as number,
    observedAt: r.observed_at as number,
    detectedVia: r.detected_via as DetectedVia | null,
    intentId: r.intent_id as string | null,
    aliasOf: r.alias_of as string | null,
    ...provenance(r),
  };
}

export function disputeFromRow(r: Raw): DisputeRow {
  return {
    id: r.id as number,
    store: r.store as Store,
    disputeKey: r.dispute_key as string,
    paymentKey: r.payment_key as string,
    purchaseId: r.purchase_id as number,
    customerId: r.customer_id as number,
    purchaseKey: r.purchase_key as string,
    status: r.status as DisputeStatus,
    amountMinor: r.amount_minor as number | null,
    currency: r.currency as string | null,
    reason: r.reason as string | null,
    isChargeRefundable: boolOrNull(r.is_charge_refundable),
    revokesAccess: bool(r.revokes_access),
    createdAt: r.created_at as number,
    observedAt: r.observed_at as number,
    ...provenance(r),
  };
}

const rows = (db: Db, sql: string, ...args: unknown[]) => stmt(db, sql).all(...args) as Raw[];

export function paymentByKey(db: Db, store: Store, paymentKey: string): PaymentRow | null {
  const r = stmt(db, 'SELECT * FROM payments WHERE store = ? AND payment_key = ?').get(store, paymentKey) as Raw | undefined;
  return r ? paymentFromRow(r) : null;
}

/** A purchase's payments, oldest first (each renewal its own row). */
export function paymentsOfPurchase(db: Db, purchaseId: number): PaymentRow[] {
  return rows(db, 'SELECT * FROM payments WHERE purchase_id = ? ORDER BY paid_at, payment_key', purchaseId).map(paymentFromRow);
}

export function paymentsOfCustomer(db: Db, customerId: number): PaymentRow[] {
  return rows(db, 'SELECT * FROM payments WHERE customer_id = ? ORDER BY paid_at, payment_key', customerId).map(paymentFromRow);
}

type PaymentRef = Pick<PaymentRow, 'store' | 'paymentKey'>;

export function refundsOfPayment(db: Db, payment: PaymentRef): RefundRow[] {
  return rows(db, 'SELECT * FROM refunds WHERE store = ? AND payment_key = ? ORDER BY created_at, refund_key', payment.store, payment.paymentKey).map(
    refundFromRow,
  );
}

export function refundsOfPurchase(db: Db, purchaseId: number): RefundRow[] {
  return rows(db, 'SELECT * FROM refunds WHERE purchase_id = ? ORDER BY created_at, refund_key', purchaseId).map(refundFromRow);
}

export function refundsOfCustomer(db: Db, customerId: number): RefundRow[] {
  return rows(db, 'SELECT * FROM refunds WHERE customer_id = ? ORDER BY created_at, refund_key', customerId).map(refundFromRow);
}

export function disputesOfPayment(db: Db, payment: PaymentRef): DisputeRow[] {
  return rows(db, 'SELECT * FROM disputes WHERE store = ? AND payment_key = ? ORDER BY created_at, dispute_key', payment.store, payment.paymentKey).map(
    disputeFromRow,
  );
}

export function disputesOfPurchase(db: Db, purchaseId: number): DisputeRow[] {
  return rows(db, 'SELECT * FROM disputes WHERE purchase_id = ? ORDER BY created_at, dispute_key', purchaseId).map(disputeFromRow);
}

export function disputesOfCustomer(db: Db, customerId: number): DisputeRow[] {
  return rows(db, 'SELECT * FROM disputes WHERE customer_id = ? ORDER BY created_at, dispute_key', customerId).map(disputeFromRow);
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
