// Full-text search over customer identifiers (IDs, emails, order and transaction IDs,
// purchase tokens) and display names, plus the record of merges so they can be undone.
import type { Migration } from './types';

export const m004Search: Migration = {
  version: 4,
  name: 'search',
  up(db) {
    db.exec(`
      -- rowid = customer_ids.id for identifiers, and -customers.id for display names,
      -- so one table serves both and a hit names its source row.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        text, kind UNINDEXED, customer_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER customer_ids_fts_ins AFTER INSERT ON customer_ids BEGIN
        INSERT INTO search_fts(rowid, text, kind, customer_id) VALUES (new.id, new.value, new.kind, new.customer_id);
      END;
      CREATE TRIGGER customer_ids_fts_del AFTER DELETE ON customer_ids BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER customer_ids_fts_upd AFTER UPDATE OF customer_id ON customer_ids BEGIN
        UPDATE search_fts SET customer_id = new.customer_id WHERE rowid = new.id;
      END;
      CREATE TRIGGER customers_fts_ins AFTER INSERT ON customers WHEN new.display_name IS NOT NULL BEGIN
        INSERT INTO search_fts(rowid, text, kind, customer_id) VALUES (-new.id, new.display_name, 'display_name', new.id);
      END;
      CREATE TRIGGER customers_fts_upd AFTER UPDATE OF display_name ON customers BEGIN
        DELETE FROM search_fts WHERE rowid = -new.id;
        INSERT INTO search_fts(rowid, text, kind, customer_id)
          SELECT -new.id, new.display_name, 'display_name', new.id WHERE new.display_name IS NOT NULL;
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
