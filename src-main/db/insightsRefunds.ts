// Insights' refund rows, read from the ledger (DESIGN §3; issue 12: every money figure reads
// the ledger). One row per ledger refund that gave money back, counted by the rule the
// customer summary uses (domain/ledgerCount.ts): succeeded only (pending, failed, canceled and
// reversed give nothing back), one refund once however many keys name it (a console intent,
// a Google voided record and the Orders API refund of the same order), a revoke that gives
// nothing back (amount 0) not counted. An imported row that conflicts with a store row
// keeps the store's columns (the import's view is in `imported`), so only the store's counts.
//
// Upkeep (migration 008): triggers on the ledger tables note which refund rows changed
// (status, alias, amount, the payment they name) in insights_dirty; summarizeLedgerRefunds()
// re-derives exactly those rows at the end of the batch. The report's full scan derives every
// row by the same function (scanRows), so summaries equal a recompute by construction.
import { countsAsRefunded, type RefundStatus } from '../domain/ledger';
import { countsOnItsOwn, refundAmount } from '../domain/ledgerCount';
import type { RefundKind } from '../ipc/vocabulary';
import type { Db } from './connection';
import { stmt } from './statements';

interface LedgerRefundRow {
  id: number;
  store: string;
  refundKey: string;
  status: RefundStatus;
  refundKind: RefundKind;
  amountMinor: number | null;
  currency: string | null;
  aliasOf: string | null;
  targetExists: number;
  at: number;
  reason: string | null;
  purchaseId: number;
  sandbox: number;
  paymentId: number | null;
  payAmount: number | null;
  payCurrency: string | null;
  payStatus: string | null;
  paidAt: number | null;
  purchasedAt: number;
  purchaseCurrency: string | null;
}

/** One counted refund as Insights stores and reads it (insights_refunds, migration 008). */
export interface InsightRefund {
  refund_id: number;
  purchase_id: number;
  at: number;
  store: string;
  currency: string | null;
  amount: number;
  sandbox: number;
  reason: string;
  /** The payment row it gave money back for, or minus the purchase ID when none is known yet. */
  paid_key: number;
  paid_at: number;
  paid_currency: string | null;
  /** 1 when that payment took money (a paid transaction of the refund rate). */
  paid_counts: number;
}

// Lean columns, as db/ledgerFigures.ts reads them, plus the payment and purchase the row needs.
const ROWS = `
  SELECT r.id, r.store, r.refund_key AS refundKey, r.status, r.refund_kind AS refundKind, r.amount_minor AS amountMinor,
    r.currency, r.alias_of AS aliasOf, r.created_at AS at, r.reason, r.purchase_id AS purchaseId,
    EXISTS (SELECT 1 FROM refunds t WHERE r.alias_of IS NOT NULL AND t.store = r.store AND t.refund_key = r.alias_of) AS targetExists,
    (pu.environment <> 'production') AS sandbox, pu.purchased_at AS purchasedAt, pu.currency AS purchaseCurrency,
    pay.id AS paymentId, pay.amount_minor AS payAmount, pay.currency AS payCurrency, pay.status AS payStatus, pay.paid_at AS paidAt
  FROM refunds r
  JOIN purchases pu ON pu.id = r.purchase_id
  LEFT JOIN payments pay ON pay.store = r.store AND pay.payment_key = r.payment_key`;

/** The store's reason in plain words: an import's "requested_by_customer" joins "requested by customer". */
function reasonWords(reason: string | null): string {
  const words = (reason ?? '').trim().replaceAll('_', ' ');
  return words === '' ? 'no reason given' : words;
}

/** The Insights row of one ledger refund, or null when it gives no money back. */
function insightOf(r: LedgerRefundRow): InsightRefund | null {
  if (!countsAsRefunded(r.status)) return null;
  const keys = new Set(r.targetExists ? [r.refundKey, r.aliasOf!] : [r.refundKey]);
  if (!countsOnItsOwn(r, keys)) return null;
  const payment = r.paymentId == null ? null : { amountMinor: r.payAmount };
  // A revoke is kept as a refund row that gives nothing back (amount 0): not a refund to count.
  if (r.amountMinor === 0) return null;
  return {
    refund_id: r.id,
    purchase_id: r.purchaseId,
    at: r.at,
    store: r.store,
    currency: r.currency ?? r.payCurrency ?? r.purchaseCurrency,
    amount: refundAmount(r, payment),
    sandbox: r.sandbox,
    reason: reasonWords(r.reason),
    paid_key: r.paymentId ?? -r.purchaseId,
    paid_at: r.paidAt ?? r.purchasedAt,
    paid_currency: r.paymentId == null ? r.purchaseCurrency : r.payCurrency,
    paid_counts: r.payStatus === 'paid' ? 1 : 0,
  };
}

function insightsOf(rows: LedgerRefundRow[]): InsightRefund[] {
  const out: InsightRefund[] = [];
  for (const r of rows) {
    const i = insightOf(r);
    if (i) out.push(i);
  }
  return out;
}

/**
 * Every counted refund that a report of [from, ...) can read: made in the period, or made
 * after `from` for a payment of the period (the refund rate). As JSON, for the report's
 * own scan (a read-only connection cannot fill a table).
 */
export function scanRows(db: Db, from: number): string {
  return JSON.stringify(insightsOf(stmt(db, `${ROWS} WHERE r.created_at >= ?`).all(from) as LedgerRefundRow[]));
}

const INSERT = `INSERT INTO insights_refunds (refund_id, purchase_id, at, store, currency, amount, sandbox, reason, paid_key, paid_at,
  paid_currency, paid_counts) VALUES (@refund_id, @purchase_id, @at, @store, @currency, @amount, @sandbox, @reason, @paid_key, @paid_at,
  @paid_currency, @paid_counts)`;

/** Re-derives the rows the ledger changed since the last call (all of them with `all`). */
export function summarizeLedgerRefunds(db: Db, all = false): void {
  if (!all && stmt(db, 'SELECT 1 FROM insights_dirty LIMIT 1').get() === undefined) return;
  const rows = all
    ? (stmt(db, ROWS).all() as LedgerRefundRow[])
    : (stmt(db, `${ROWS} WHERE r.id IN (SELECT refund_id FROM insights_dirty)`).all() as LedgerRefundRow[]);
  if (all) stmt(db, 'DELETE FROM insights_refunds').run();
  else stmt(db, 'DELETE FROM insights_refunds WHERE refund_id IN (SELECT refund_id FROM insights_dirty)').run();
  const insert = stmt(db, INSERT);
  for (const i of insightsOf(rows)) insert.run(i);
  stmt(db, 'DELETE FROM insights_dirty').run();
}

const kept = new WeakSet<Db>();

/** Whether the migration that keeps these rows has run (migration 007 summarizes before it). Asked once per batch. */
export function ledgerRefundsKept(db: Db): boolean {
  if (kept.has(db)) return true;
  const yes = stmt(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'insights_dirty'").get() !== undefined;
  if (yes) kept.add(db);
  return yes;
}
