// Which ledger row a timeline event tells of, and that row's state now. Ingest writes a
// money event only when a ledger row is new or changes status, under the dedupe key
// `ledger:<kind>:<store>:<key>:<status>` (db/ledgerWrite.ts). For a refund that several
// rows name (this console's intent and the store's refund; a Google voided record and its
// Orders API refund) the key is the one the rows share, which need not be a row of its
// own: the row is then found through what the event itself names.
import type { DisputeStatus, LedgerSource, RefundStatus } from '../domain/ledger';
import { countsAsRefunded } from '../domain/ledger';
import { countsOnItsOwn } from '../domain/ledgerCount';
import type { TimelineEventDto } from '../ipc/channels/customers';
import { STORES, type RefundKind, type Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { stmt } from './statements';

export interface LedgerRef {
  kind: 'payment' | 'refund' | 'dispute';
  store: Store;
  key: string;
}

// The key may itself hold colons (`intent:<id>`); the status is the last segment and has none.
const DEDUPE = /^ledger:(payment|refund|dispute):([a-z]+):(.+):([a-z_]+)$/;

export function parseLedgerDedupeKey(dedupeKey: string): LedgerRef | null {
  const m = DEDUPE.exec(dedupeKey);
  if (!m || !(STORES as readonly string[]).includes(m[2]!)) return null;
  return { kind: m[1] as LedgerRef['kind'], store: m[2] as Store, key: m[3]! };
}

const REFUND_EVENTS: ReadonlySet<string> = new Set(['refund', 'refund_failed', 'refund_reversed']);
const DISPUTE_EVENTS: ReadonlySet<string> = new Set(['dispute_opened', 'dispute_won', 'dispute_lost']);

/** For an event stored under an older key: the kind of ledger row its type tells of, found by its clues alone. */
export function ledgerRefOfType(type: string, store: Store): LedgerRef | null {
  if (REFUND_EVENTS.has(type)) return { kind: 'refund', store, key: '' };
  if (DISPUTE_EVENTS.has(type)) return { kind: 'dispute', store, key: '' };
  return null;
}

type LedgerState = Pick<TimelineEventDto, 'ledgerKey' | 'ledgerStatus' | 'ledgerSource' | 'ledgerCounts'>;

/** What the event row itself says, to find its ledger row when the key is shared. */
export interface EventClues {
  orderId: string | null;
  amountMinor: number | null;
  detail: Record<string, unknown> | null;
}

interface RefundRowLite {
  refund_key: string;
  status: RefundStatus;
  refund_kind: RefundKind;
  amount_minor: number | null;
  source: LedgerSource;
  alias_of: string | null;
}

const COLS = 'refund_key, status, refund_kind, amount_minor, source, alias_of';
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function refundRow(db: Db, store: Store, key: string | null): RefundRowLite | null {
  if (!key) return null;
  return (stmt(db, `SELECT ${COLS} FROM refunds WHERE store = ? AND refund_key = ?`).get(store, key) as RefundRowLite | undefined) ?? null;
}

interface DisputeRowLite {
  dispute_key: string;
  status: DisputeStatus;
  source: LedgerSource;
}

/** The dispute an event tells of: its key, the store's ID it names, or the payment's only dispute. */
function findDispute(db: Db, ref: LedgerRef, e: EventClues): DisputeRowLite | null {
  const byKey = (key: string | null) =>
    key ? ((stmt(db, 'SELECT dispute_key, status, source FROM disputes WHERE store = ? AND dispute_key = ?').get(ref.store, key) as DisputeRowLite | undefined) ?? null) : null;
  const found = byKey(ref.key || null) ?? byKey(str(e.detail?.storeRef));
  if (found || !e.orderId) return found;
  const rows = stmt(db, 'SELECT dispute_key, status, source FROM disputes WHERE store = ? AND payment_key = ? LIMIT 2').all(ref.store, e.orderId) as DisputeRowLite[];
  return rows.length === 1 ? rows[0]! : null;
}

/** A row of the payment that names `key` as itself (this console's intent before the store's refund is synced). */
function aliasing(db: Db, store: Store, paymentKey: string | null, key: string): RefundRowLite | null {
  if (!paymentKey) return null;
  const sql = `SELECT ${COLS} FROM refunds WHERE store = ? AND payment_key = ? AND alias_of = ? LIMIT 1`;
  return (stmt(db, sql).get(store, paymentKey, key) as RefundRowLite | undefined) ?? null;
}

/** The refund row an event tells of: its own key, a row that names the key as itself, or what the event names. */
function findRefund(db: Db, ref: LedgerRef, e: EventClues): RefundRowLite | null {
  const named = str(e.detail?.ledgerKey);
  const intent = str(e.detail?.intentId);
  const direct =
    refundRow(db, ref.store, named) ??
    refundRow(db, ref.store, ref.key || null) ??
    (ref.key ? aliasing(db, ref.store, e.orderId, ref.key) : null) ??
    refundRow(db, ref.store, intent ? `intent:${intent}` : null) ??
    refundRow(db, ref.store, str(e.detail?.storeRef));
  if (direct || !e.orderId) return direct;
  // The payment's one counting row (one that duplicates no other), or its one row of the
  // event's amount; two at most are read, however many refunds the payment has.
  const only = (sql: string, ...args: unknown[]) => {
    const rows = stmt(db, `SELECT ${COLS} FROM refunds WHERE store = ? AND payment_key = ? AND (alias_of IS NULL OR alias_of = refund_key) ${sql} LIMIT 2`).all(
      ref.store,
      e.orderId,
      ...args,
    ) as RefundRowLite[];
    return rows.length === 1 ? rows[0]! : null;
  };
  return only('') ?? (e.amountMinor == null ? null : only('AND amount_minor = ?', e.amountMinor));
}

export function ledgerStateOf(db: Db, ref: LedgerRef, e: EventClues): LedgerState | null {
  if (ref.kind === 'dispute') {
    const d = findDispute(db, ref, e);
    return d ? { ledgerKey: d.dispute_key, ledgerStatus: d.status, ledgerSource: d.source, ledgerCounts: null } : null;
  }
  const r = findRefund(db, ref, e);
  if (!r) return null;
  // A row that names another existing row as itself shows that row: its status is the
  // store's word on the refund, and the ledger counts it there.
  const target = r.alias_of && r.alias_of !== r.refund_key ? refundRow(db, ref.store, r.alias_of) : null;
  const shown = target ?? r;
  const row = { refundKey: shown.refund_key, status: shown.status, refundKind: shown.refund_kind, amountMinor: shown.amount_minor, aliasOf: shown.alias_of };
  const keys = new Set([shown.refund_key]);
  if (shown.alias_of && refundRow(db, ref.store, shown.alias_of)) keys.add(shown.alias_of);
  const counts = countsAsRefunded(shown.status) && countsOnItsOwn(row, keys);
  return { ledgerKey: shown.refund_key, ledgerStatus: shown.status, ledgerSource: shown.source, ledgerCounts: counts };
}
