// One search box: exact identifier first, then prefix, then free text (FTS5).
import type { SearchHitDto } from '../ipc/channels/customers';
import type { Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { customerHeader } from './customers';
import { orderIdKind } from './ids';
import { stmt } from './statements';

export type MatchRank = 'exact' | 'prefix' | 'text';

export interface SearchHit {
  customerId: number;
  rank: MatchRank;
  /** Which identifier matched (an IdKind, or 'display_name'), so the UI can highlight it. */
  matchKind: string;
  matchValue: string;
}

interface IdRow {
  kind: string;
  value: string;
  customer_id: number;
}

interface OrderRow {
  store: Store | null;
  value: string;
  customer_id: number;
}

const orderRows = (rows: OrderRow[]): IdRow[] =>
  rows.map((r) => ({ kind: orderIdKind(r.store, r.value) ?? 'order_id', value: r.value, customer_id: r.customer_id }));

/** Looks like an identifier (digits or ID punctuation), not words: free text would only match its fragments. */
const idShaped = (q: string) => !/\s/.test(q) && /[\d_.\-@:]/.test(q);

const MAX_CHAR = '\u{10FFFF}';

/**
 * FTS5 query from free words, each quoted so no FTS syntax leaks in. Only the last word
 * is a prefix (the agent may still be typing it): a prefix term makes FTS5 gather the
 * whole doclist of every matching term first, which for a word every email shares
 * ("example") costs tens of milliseconds; whole words are read lazily.
 */
export function ftsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  const picked = words.slice(0, 8);
  return picked.map((w, i) => (i === picked.length - 1 && w.length >= MIN_PREFIX ? `"${w}"*` : `"${w}"`)).join(' ');
}

/**
 * Shortest last word that is searched as a prefix. A shorter one ("e", "sub l") would make
 * FTS5 merge the doclists of every term it begins (a large share of the index: 100 ms
 * and more at 1M purchases); it is searched as a whole word instead. Identifiers of any
 * length are still found by prefix through customer_ids and events.order_id, whose
 * ordered indexes stop at the LIMIT.
 */
export const MIN_PREFIX = 3;

export function search(db: Db, query: string, limit = 20): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  const seen = new Set<number>();
  const push = (rank: MatchRank, rows: IdRow[]) => {
    for (const r of rows) {
      if (hits.length >= limit) return;
      const id = canonicalCustomer(db, r.customer_id);
      if (seen.has(id)) continue;
      seen.add(id);
      hits.push({ customerId: id, rank, matchKind: r.kind, matchValue: r.value });
    }
  };
  push('exact', stmt(db, 'SELECT kind, value, customer_id FROM customer_ids WHERE norm = ? LIMIT ?').all(q, limit) as IdRow[]);
  if (hits.length < limit) {
    push(
      'exact',
      orderRows(stmt(db, 'SELECT store, order_id AS value, customer_id FROM events WHERE order_id = ? COLLATE NOCASE LIMIT ?').all(q, limit) as OrderRow[]),
    );
  }
  if (hits.length < limit) {
    push(
      'prefix',
      stmt(
        db,
        'SELECT kind, value, customer_id FROM customer_ids WHERE norm > ? AND norm < ? ORDER BY norm LIMIT ?',
      ).all(q, q + MAX_CHAR, limit * 2) as IdRow[],
    );
  }
  if (hits.length < limit) {
    push(
      'prefix',
      orderRows(
        stmt(
          db,
          `SELECT store, order_id AS value, customer_id FROM events
           WHERE order_id > ? COLLATE NOCASE AND order_id < ? COLLATE NOCASE ORDER BY order_id COLLATE NOCASE LIMIT ?`,
        ).all(q, q + MAX_CHAR, limit * 4) as OrderRow[],
      ),
    );
  }
  const fts = ftsQuery(q);
  // Free text runs for words, or when no identifier matched: an ID's fragments ("3312")
  // would only add noise below an exact or prefix hit, and cost the most.
  if (hits.length < limit && fts && (!idShaped(q) || hits.length === 0)) {
    // No ORDER BY rank: bm25 would score every match of a common word ("com" of every
    // email) before the LIMIT applies; identifiers have no useful relevance order anyway.
    const rowids = stmt(db, 'SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?').pluck().all(fts, limit * 4) as number[];
    push('text', rowids.map((r) => textRow(db, r)).filter((r): r is IdRow => r !== null));
  }
  return hits;
}

/** Search as the customers:search channel answers it: each hit with its customer's header. */
export function searchHits(db: Db, query: string, limit = 20): { hits: SearchHitDto[] } {
  return {
    hits: search(db, query, limit).map((h) => ({
      customer: customerHeader(db, h.customerId),
      rank: h.rank,
      matchKind: h.matchKind,
      matchValue: h.matchValue,
    })),
  };
}

function textRow(db: Db, rowid: number): IdRow | null {
  if (rowid > 0) return (stmt(db, 'SELECT kind, value, customer_id FROM customer_ids WHERE id = ?').get(rowid) as IdRow | undefined) ?? null;
  const c = stmt(db, 'SELECT display_name, id FROM customers WHERE id = ?').get(-rowid) as { display_name: string | null; id: number } | undefined;
  return c?.display_name ? { kind: 'display_name', value: c.display_name, customer_id: c.id } : null;
}

/**
 * Adds identifiers and display names written since the last call to the full-text index.
 * Whoever inserts into customer_ids or customers calls it in the same transaction (ingest
 * does, at the end of each batch). Search never calls it: a read must not need the write lock.
 */
export function indexNewRows(db: Db): void {
  const st = stmt(db, 'SELECT ids_done, customers_done FROM search_state WHERE id = 1').get() as { ids_done: number; customers_done: number };
  const maxId = (stmt(db, 'SELECT COALESCE(MAX(id), 0) FROM customer_ids').pluck().get() as number);
  const maxCustomer = (stmt(db, 'SELECT COALESCE(MAX(id), 0) FROM customers').pluck().get() as number);
  if (maxId === st.ids_done && maxCustomer === st.customers_done) return;
  const run = () => {
    stmt(db, 'INSERT INTO search_fts (rowid, text) SELECT id, value FROM customer_ids WHERE id > ? AND id <= ?').run(st.ids_done, maxId);
    stmt(
      db,
      'INSERT INTO search_fts (rowid, text) SELECT -id, display_name FROM customers WHERE id > ? AND id <= ? AND display_name IS NOT NULL',
    ).run(st.customers_done, maxCustomer);
    stmt(db, 'UPDATE search_state SET ids_done = ?, customers_done = ? WHERE id = 1').run(maxId, maxCustomer);
  };
  if (db.inTransaction) run();
  else db.transaction(run)();
}

/** A merged customer's hits belong to the customer it was merged into. */
function canonicalCustomer(db: Db, id: number): number {
  let current = id;
  for (let i = 0; i < 16; i++) {
    const row = stmt(db, 'SELECT merged_into FROM customers WHERE id = ?').get(current) as
      | { merged_into: number | null }
      | undefined;
    if (!row || row.merged_into == null) return current;
    current = row.merged_into;
  }
  return current;
}
