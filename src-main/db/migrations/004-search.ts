// Full-text search over customer identifiers (IDs, emails, purchase tokens, order and
// transaction IDs of purchases) and display names, plus the record of merges so they
// can be undone.
import type { Migration } from './types';

export const m004Search: Migration = {
  version: 4,
  name: 'search',
  up(db) {
    db.exec(`
      -- Contentless: the text lives in customer_ids / customers already. rowid is
      -- customer_ids.id for identifiers and -customers.id for display names, so a hit is
      -- joined back to its row (and to the customer it belongs to now, merges included).
      -- detail=none: only term presence is queried (prefix terms ANDed, no phrases or
      -- ranking), so positions are not kept; a much smaller index and cheaper writes.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        text,
        content = '',
        contentless_delete = 1,
        detail = none,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      -- New rows are indexed in bulk at the end of each ingest transaction (search.ts,
      -- indexNewRows): one INSERT…SELECT is about ten times faster than a trigger per row.
      -- These watermarks say how far that got.
      CREATE TABLE search_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        ids_done INTEGER NOT NULL,
        customers_done INTEGER NOT NULL
      );
      INSERT INTO search_state (id, ids_done, customers_done) VALUES (1, 0, 0);
      -- Rare changes to rows already indexed are kept in step by triggers.
      CREATE TRIGGER customer_ids_fts_del AFTER DELETE ON customer_ids
        WHEN old.id <= (SELECT ids_done FROM search_state) BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER customers_fts_upd AFTER UPDATE OF display_name ON customers
        WHEN new.id <= (SELECT customers_done FROM search_state) BEGIN
        DELETE FROM search_fts WHERE rowid = -new.id;
        INSERT INTO search_fts(rowid, text) SELECT -new.id, new.display_name WHERE new.display_name IS NOT NULL;
      END;

      CREATE TABLE customer_merges (
        id INTEGER PRIMARY KEY,
        from_id INTEGER NOT NULL REFERENCES customers(id),
        into_id INTEGER NOT NULL REFERENCES customers(id),
        at INTEGER NOT NULL,
        -- exactly which rows moved, so unmerge restores them and nothing else
        moved TEXT NOT NULL,
        undone_at INTEGER
      );
      CREATE INDEX customer_merges_from ON customer_merges(from_id);
    `);
  },
};
