// Workspaces made before the ledger: its rows rebuilt from the stored timeline (each
// event's columns and detail, as its adapter wrote them), through the same legacy
// derivation and merge as a live ingest. Runs inside migration 006's transaction, so a
// crash leaves the old schema and the rebuild runs again on the next start.
import { legacyFact } from '../domain/legacyFacts';
import type { EventSource, EventType, Store } from '../ipc/vocabulary';
import type { EventDetail } from '../domain/model';
import type { Db } from './connection';
import { rederive } from './ledgerEntitlement';
import { upsertLedgerFact } from './ledgerWrite';
import type { MigrationProgress } from './migrations/types';

const MONEY = `(e.type = 'purchase' OR e.type = 'renewal' OR e.type = 'trial_converted' OR e.type = 'refund' OR e.type = 'refund_failed'
  OR e.type = 'refund_reversed' OR e.type = 'revoke' OR e.type = 'dispute_opened' OR e.type = 'dispute_won' OR e.type = 'dispute_lost')`;

interface Row {
  id: number;
  type: EventType;
  store: Store;
  occurred_at: number;
  source: EventSource;
  dedupe_key: string;
  amount_minor: number | null;
  currency: string | null;
  order_id: string | null;
  detail: string | null;
  purchase_id: number;
  store_key: string;
  customer_id: number;
}

/** Pages, not one cursor: better-sqlite3 allows no writes while a statement iterates. */
const PAGE = 2000;

export function rebuildLedger(db: Db, onProgress?: MigrationProgress, now = Date.now()): void {
  const total = db.prepare(`SELECT COUNT(*) FROM events e WHERE e.purchase_id IS NOT NULL AND ${MONEY}`).pluck().get() as number;
  const page = db.prepare(
    `SELECT e.id, e.type, p.store, e.occurred_at, e.source, e.dedupe_key, e.amount_minor, e.currency, e.order_id, e.detail,
       e.purchase_id, p.store_key, p.customer_id
     FROM events e JOIN purchases p ON p.id = e.purchase_id
     WHERE e.id > ? AND ${MONEY} ORDER BY e.id LIMIT ${PAGE}`,
  );
  // only purchases with refunds or disputes can read differently from the ledger
  const rederiveThese = new Set<number>();
  let done = 0;
  let after = 0;
  const ctx = {};
  onProgress?.({ migration: 'ledger', done, total });
  for (;;) {
    const rows = page.all(after) as Row[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const fact = legacyFact({
        store: r.store,
        purchaseKey: r.store_key,
        type: r.type,
        occurredAt: r.occurred_at,
        source: r.source,
        dedupeKey: r.dedupe_key,
        amountMinor: r.amount_minor,
        currency: r.currency,
        orderId: r.order_id,
        detail: r.detail ? (JSON.parse(r.detail) as EventDetail) : undefined,
      });
      if (!fact) continue;
      const change = upsertLedgerFact(db, fact, { id: r.purchase_id, customerId: r.customer_id }, r.store_key, ctx);
      if (fact.kind !== 'payment') for (const id of change.touched) rederiveThese.add(id);
    }
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    onProgress?.({ migration: 'ledger', done, total });
  }
  for (const id of rederiveThese) rederive(db, id, now);
}
