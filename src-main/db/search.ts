// One search box: exact identifier first, then prefix, then free text (FTS5).
import type { Db } from './connection';
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

const MAX_CHAR = '\u{10FFFF}';

/** FTS5 query from free words: each word as a quoted prefix term, so no FTS syntax leaks in. */
export function ftsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.slice(0, 8).map((w) => `"${w}"*`).join(' ');
}

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
      'prefix',
      stmt(
        db,
        'SELECT kind, value, customer_id FROM customer_ids WHERE norm > ? AND norm < ? ORDER BY norm LIMIT ?',
      ).all(q, q + MAX_CHAR, limit * 2) as IdRow[],
    );
  }
  const fts = ftsQuery(q);
  if (hits.length < limit && fts) {
    // No ORDER BY rank: bm25 would score every match of a common word ("com" of every
    // email) before the LIMIT applies; identifiers have no useful relevance order anyway.
    push(
      'text',
      stmt(db, 'SELECT kind, text AS value, customer_id FROM search_fts WHERE search_fts MATCH ? LIMIT ?').all(
        fts,
        limit * 4,
      ) as IdRow[],
    );
  }
  return hits;
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
