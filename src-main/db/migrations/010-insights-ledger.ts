// Insights reads the ledger (issue 12): its refund rows are now one per ledger refund that
// gave money back (db/insightsRefunds.ts), not one per timeline refund event. The 007 table
// was keyed by event ID, so it is replaced; triggers note the ledger rows each write changes,
// so upkeep at the end of a batch re-derives only those (alias changes and late payments included).
import { summarizeLedgerRefunds } from '../insightsRefunds';
import type { Migration } from './types';

// What a row's figure depends on: a change to anything else (customer_id after a customer
// merge, merge_state, observed_at) leaves the Insights row as it is.
const REFUND_CHANGED = `old.status IS NOT new.status OR old.alias_of IS NOT new.alias_of OR old.amount_minor IS NOT new.amount_minor
  OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at OR old.payment_key IS NOT new.payment_key
  OR old.purchase_id IS NOT new.purchase_id OR old.reason IS NOT new.reason OR old.refund_kind IS NOT new.refund_kind
  OR old.orphan IS NOT new.orphan`;
const PAYMENT_CHANGED = `old.status IS NOT new.status OR old.amount_minor IS NOT new.amount_minor OR old.currency IS NOT new.currency
  OR old.paid_at IS NOT new.paid_at`;

export const m010InsightsLedger: Migration = {
  version: 10,
  name: 'insights-ledger',
  up(db) {
    db.exec(`
      DROP TABLE insights_refunds;
      CREATE TABLE insights_refunds (
        refund_id INTEGER PRIMARY KEY, -- refunds.id (no foreign key: a ledger row may go)
        purchase_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        store TEXT NOT NULL,
        currency TEXT,
        amount INTEGER NOT NULL,
        sandbox INTEGER NOT NULL,
        reason TEXT NOT NULL,
        -- the payment row refunded (payments.id), or minus the purchase ID while none is known
        paid_key INTEGER NOT NULL,
        paid_at INTEGER NOT NULL,
        paid_currency TEXT,
        paid_counts INTEGER NOT NULL
      );
      CREATE INDEX insights_refunds_at ON insights_refunds(at);
      -- Ledger refund rows changed since the last upkeep (the end of the batch that changed them).
      CREATE TABLE insights_dirty (refund_id INTEGER PRIMARY KEY) WITHOUT ROWID;
      CREATE TRIGGER refunds_insights_insert AFTER INSERT ON refunds BEGIN
        INSERT OR IGNORE INTO insights_dirty VALUES (new.id);
        -- rows naming this one as themselves stop counting now that it exists
        INSERT OR IGNORE INTO insights_dirty SELECT id FROM refunds WHERE store = new.store AND alias_of = new.refund_key;
      END;
      CREATE TRIGGER refunds_insights_update AFTER UPDATE ON refunds WHEN ${REFUND_CHANGED} BEGIN
        INSERT OR IGNORE INTO insights_dirty VALUES (new.id);
      END;
      CREATE TRIGGER refunds_insights_delete AFTER DELETE ON refunds BEGIN
        INSERT OR IGNORE INTO insights_dirty VALUES (old.id);
        INSERT OR IGNORE INTO insights_dirty SELECT id FROM refunds WHERE store = old.store AND alias_of = old.refund_key;
      END;
      -- A full refund without an amount gives back its payment's; the payment dates the refund
      -- rate. A new payment needs no trigger of its own: the refunds learned before it are
      -- orphans, and adopting them (ledgerWrite.ts) clears their orphan flag, an update above.
      CREATE TRIGGER payments_insights_update AFTER UPDATE ON payments WHEN ${PAYMENT_CHANGED} BEGIN
        INSERT OR IGNORE INTO insights_dirty SELECT id FROM refunds WHERE store = new.store AND payment_key = new.payment_key;
      END;
    `);
    summarizeLedgerRefunds(db, true);
  },
};
