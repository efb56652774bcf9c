// Insights' refund rows, read from the ledger (DESIGN §3; issue 12: every money figure reads
// the ledger). One row per ledger refund that gave money back, counted by the rule the
// customer summary uses (domain/ledgerCount.ts countedRefunds): succeeded only (pending,
// failed, canceled and reversed give nothing back), one refund once however many keys name it
// (a console intent, a Google voided record and the Orders API refund of the same order), a
// revoke that gives nothing back (amount 0) not counted, and a payment's refunds capped at
// what it took, oldest first, so each refund's figure equals the customer page's. An imported
// row that conflicts with a store row keeps the store's columns (the import's view is in
// `imported`), so only the store's counts.
//
// Upkeep (migrations 010 and 012): triggers on the ledger tables note which refund rows
// changed (status, alias, amount, the payment they name) in insights_dirty;
// summarizeLedgerRefunds() re-derives them at the end of the batch, with the rest of their
// payment when the cap is in play (see `quickly` below). The report's full scan derives every
// row by the same function (scanRows), so summaries equal a recompute by construction.
import type { RefundStatus } from '../domain/ledger';
import { countedRefunds } from '../domain/ledgerCount';
import type { RefundKind } from '../ipc/vocabulary';
import type { Db } from './connection';
import { groupByPayment } from './ledgerFigures';
import { hasTable, stmt } from './statements';

interface LedgerRefundRow {
  id: number;
  store: string;
  refundKey: string;
  status: RefundStatus;
  refundKind: RefundKind;
  amountMinor: number | null;
  currency: string | null;
  aliasOf: string | null;
  paymentKey: string;
  /** 1 when the refund this row names as itself is a refund of the same payment. */
  targetExists: number;
  at: number;
  createdAt: number;
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
    r.currency, r.alias_of AS aliasOf, r.payment_key AS paymentKey, r.created_at AS at, r.created_at AS createdAt, r.reason,
    r.purchase_id AS purchaseId,
    EXISTS (SELECT 1 FROM refunds t WHERE r.alias_of IS NOT NULL AND t.store = r.store AND t.refund_key = r.alias_of
      AND t.payment_key = r.payment_key) AS targetExists,
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

/** The Insights row of one counted ledger refund, or null when it is a revoke that gives nothing back. */
function insightOf(r: LedgerRefundRow, counted: number): InsightRefund | null {
  // A revoke is kept as a refund row that gives nothing back (amount 0): not a refund to count.
  if (r.amountMinor === 0) return null;
  return {
    refund_id: r.id,
    purchase_id: r.purchaseId,
    at: r.at,
    store: r.store,
    currency: r.currency ?? r.payCurrency ?? r.purchaseCurrency,
    amount: counted,
    sandbox: r.sandbox,
    reason: reasonWords(r.reason),
    paid_key: r.paymentId ?? -r.purchaseId,
    paid_at: r.paidAt ?? r.purchasedAt,
    paid_currency: r.paymentId == null ? r.purchaseCurrency : r.payCurrency,
    paid_counts: r.payStatus === 'paid' ? 1 : 0,
  };
}

/** One payment's refunds counted (countedRefunds); `rows` all of them, or the changed ones (upkeep's quick path). */
function countedOf(rows: LedgerRefundRow[]) {
  const first = rows[0]!;
  const payment = first.paymentId == null ? null : { amountMinor: first.payAmount };
  // An alias may name a refund of the payment that is not among these rows.
  const keys = new Set(rows.map((r) => r.refundKey));
  for (const r of rows) if (r.targetExists) keys.add(r.aliasOf!);
  return { cap: payment?.amountMinor ?? null, counted: countedRefunds(payment, rows, keys) };
}

/** The Insights rows of whole payments' refunds, capped together as the customer summary counts them. */
function insightsOf(rows: LedgerRefundRow[]): InsightRefund[] {
  const out: InsightRefund[] = [];
  for (const refunds of groupByPayment(rows).values()) {
    for (const { refund, counted } of countedOf(refunds).counted) {
      const i = insightOf(refund, counted);
      if (i) out.push(i);
    }
  }
  return out;
}

/**
 * Every counted refund that a report of [from, ...) can read: made in the period, or made
 * after `from` for a payment of the period (the refund rate). Each is capped counting its
 * payment's earlier refunds too, made before `from` (read, then left out of the rows).
 * As JSON, for the report's own scan (a read-only connection cannot fill a table).
 */
export function scanRows(db: Db, from: number): string {
  const rows = stmt(db, `${ROWS} WHERE (r.store, r.payment_key) IN (SELECT store, payment_key FROM refunds WHERE created_at >= ?)`).all(from) as LedgerRefundRow[];
  return JSON.stringify(insightsOf(rows).filter((i) => i.at >= from));
}

const INSERT = `INSERT INTO insights_refunds (refund_id, purchase_id, at, store, currency, amount, sandbox, reason, paid_key, paid_at,
  paid_currency, paid_counts) VALUES (@refund_id, @purchase_id, @at, @store, @currency, @amount, @sandbox, @reason, @paid_key, @paid_at,
  @paid_currency, @paid_counts)`;

/** Re-derives the rows the ledger changed since the last call (all of them with `all`). */
export function summarizeLedgerRefunds(db: Db, all = false): void {
  if (all) {
    stmt(db, 'DELETE FROM insights_refunds').run();
    const insert = stmt(db, INSERT);
    for (const i of insightsOf(stmt(db, ROWS).all() as LedgerRefundRow[])) insert.run(i);
    stmt(db, 'DELETE FROM insights_dirty').run();
    // Each payment's sums are taken again on its next change (the upkeep's slow path, once).
    if (capsKept(db)) stmt(db, 'DELETE FROM insights_payments').run();
    return;
  }
  if (stmt(db, 'SELECT 1 FROM insights_dirty LIMIT 1').get() === undefined) return;
  const rows = stmt(db, `${ROWS} WHERE r.id IN (SELECT refund_id FROM insights_dirty)`).all() as LedgerRefundRow[];
  const old = new Map(
    (stmt(db, 'SELECT refund_id AS id, amount FROM insights_refunds WHERE refund_id IN (SELECT refund_id FROM insights_dirty)').all() as { id: number; amount: number }[]).map(
      (r) => [r.id, r.amount],
    ),
  );
  stmt(db, 'DELETE FROM insights_refunds WHERE refund_id IN (SELECT refund_id FROM insights_dirty)').run();
  for (const changed of groupByPayment(rows).values()) {
    if (!quickly(db, changed, old)) wholePayment(db, changed[0]!.store, changed[0]!.paymentKey);
  }
  stmt(db, 'DELETE FROM insights_dirty').run();
}

// A refund's figure depends on the other refunds of its payment (the cap), so a change may
// move all of them: a payment with 3,000 refunds (a sync piling events onto 30 payments)
// cannot be re-read on each batch. insights_payments (migration 013) keeps what each
// payment's refunds count in all and whether the cap cut any: while it cuts none before
// and after the change, every refund counts its own amount and only the changed rows are
// written. Otherwise, or with no sums kept (a new payment, a refund that moved or went), the
// payment's refunds are all derived again.
const SUMS = 'SELECT counted, capped FROM insights_payments WHERE store = ? AND payment_key = ?';
const PUT_SUMS = 'INSERT OR REPLACE INTO insights_payments (store, payment_key, counted, capped) VALUES (?, ?, ?, ?)';

function quickly(db: Db, changed: LedgerRefundRow[], old: ReadonlyMap<number, number>): boolean {
  if (!capsKept(db)) return false;
  const { store, paymentKey } = changed[0]!;
  const sums = stmt(db, SUMS).get(store, paymentKey) as { counted: number; capped: number } | undefined;
  if (!sums || sums.capped) return false;
  const { cap, counted } = countedOf(changed);
  let total = sums.counted;
  for (const r of changed) total -= old.get(r.id) ?? 0;
  for (const c of counted) total += c.counted;
  if (cap != null && total > cap) return false;
  write(db, counted);
  keepSums(db, store, paymentKey, total, counted);
  return true;
}

function wholePayment(db: Db, store: string, paymentKey: string): void {
  stmt(db, 'DELETE FROM insights_refunds WHERE refund_id IN (SELECT id FROM refunds WHERE store = ? AND payment_key = ?)').run(store, paymentKey);
  const { counted } = countedOf(stmt(db, `${ROWS} WHERE r.store = ? AND r.payment_key = ?`).all(store, paymentKey) as LedgerRefundRow[]);
  write(db, counted);
  if (capsKept(db)) keepSums(db, store, paymentKey, counted.reduce((n, c) => n + c.counted, 0), counted);
}

/** The payment's sums for the next change's quick path: its total, and whether the cap cut any refund. */
function keepSums(db: Db, store: string, paymentKey: string, total: number, counted: Counted[]): void {
  stmt(db, PUT_SUMS).run(store, paymentKey, total, counted.some((c) => c.counted < c.amount) ? 1 : 0);
}

type Counted = ReturnType<typeof countedRefunds<LedgerRefundRow>>[number];

function write(db: Db, counted: Counted[]): void {
  const insert = stmt(db, INSERT);
  for (const c of counted) {
    const i = insightOf(c.refund, c.counted);
    if (i) insert.run(i);
  }
}

/** Whether migration 013's sums table exists (migrations 010 to 012 summarize before it). */
const capsKept = (db: Db): boolean => hasTable(db, 'insights_payments');

/** Whether the migration that keeps these rows has run (migration 007 summarizes before it). Asked once per batch. */
export const ledgerRefundsKept = (db: Db): boolean => hasTable(db, 'insights_dirty');
