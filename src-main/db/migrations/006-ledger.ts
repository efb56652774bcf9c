// The ledger (DESIGN §3): one row per payment, refund and dispute, keyed by the store's
// own identity, updated in place as the store reports its lifecycle. The timeline tells
// the story; these tables hold the money truth every figure reads.
//
// Rows name the purchase by id (for reading) and by the store key the fact carried
// (purchase_key), and the payment by the store's key, not by a foreign key: a refund may be
// learned before its payment, and whichever arrives first must give the same rows.
// `imported` keeps the import's own view of a row apart (DESIGN §3 provenance): an import
// never changes the columns a store-sourced row holds; imported_conflict flags where the
// two disagree, so the UI can show the imported version as such. merge_state is what the
// paths said, as domain/ledgerMerge.ts joins it; the other columns are read from it.
import { rebuildLedger } from '../ledgerRebuild';
import type { Migration } from './types';

const SOURCE = `CHECK (source IN ('store_api', 'notification_history', 'console', 'import'))`;

export const m006Ledger: Migration = {
  version: 6,
  name: 'ledger',
  up(db, onProgress) {
    db.exec(`
      CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        store TEXT NOT NULL,
        payment_key TEXT NOT NULL,
        purchase_id INTEGER NOT NULL REFERENCES purchases(id),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        purchase_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'canceled', 'failed')),
        amount_minor INTEGER,
        currency TEXT,
        paid_at INTEGER NOT NULL,
        period_start INTEGER,
        period_end INTEGER,
        refs TEXT NOT NULL DEFAULT '{}',
        source TEXT NOT NULL ${SOURCE},
        observed_at INTEGER NOT NULL,
        imported TEXT,
        imported_conflict INTEGER NOT NULL DEFAULT 0,
        merge_state TEXT NOT NULL,
        UNIQUE (store, payment_key)
      );
      -- entitlement asks for a purchase's latest paid period
      CREATE INDEX payments_purchase ON payments(purchase_id, paid_at, payment_key);
      CREATE INDEX payments_customer ON payments(customer_id);

      CREATE TABLE refunds (
        id INTEGER PRIMARY KEY,
        store TEXT NOT NULL,
        refund_key TEXT NOT NULL,
        payment_key TEXT NOT NULL,
        purchase_id INTEGER NOT NULL REFERENCES purchases(id),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        purchase_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled', 'reversed')),
        refund_kind TEXT NOT NULL CHECK (refund_kind IN ('full', 'partial', 'prorated')),
        amount_minor INTEGER,
        currency TEXT,
        revokes_access INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        created_at INTEGER NOT NULL,
        observed_at INTEGER NOT NULL,
        source TEXT NOT NULL ${SOURCE},
        detected_via TEXT,
        intent_id TEXT,
        -- the refund key this row duplicates (it is then never counted): what a fact said
        -- (a console intent naming the store's refund), else what ledgerAlias.ts derived
        -- (a Google voided record and the Orders API refund of the same order)
        alias_of TEXT,
        stated_alias_of TEXT,
        imported TEXT,
        imported_conflict INTEGER NOT NULL DEFAULT 0,
        merge_state TEXT NOT NULL,
        -- 1 while no payment row has this payment_key (a refund learned before its payment)
        orphan INTEGER NOT NULL DEFAULT 0,
        UNIQUE (store, refund_key)
      );
      CREATE INDEX refunds_payment ON refunds(store, payment_key, created_at);
      CREATE INDEX refunds_purchase ON refunds(purchase_id, created_at);
      CREATE INDEX refunds_customer ON refunds(customer_id);
      -- revoking refunds are few; entitlement finds them with one seek per purchase
      CREATE INDEX refunds_revoking ON refunds(purchase_id, created_at) WHERE revokes_access = 1;
      -- a new payment adopts the refunds learned before it; there are few, so each payment looks here
      CREATE INDEX refunds_orphan ON refunds(store, payment_key) WHERE orphan = 1;
      -- rows that name another as the same refund: few, looked up by the refund they name
      CREATE INDEX refunds_alias ON refunds(store, alias_of) WHERE alias_of IS NOT NULL;

      CREATE TABLE disputes (
        id INTEGER PRIMARY KEY,
        store TEXT NOT NULL,
        dispute_key TEXT NOT NULL,
        payment_key TEXT NOT NULL,
        purchase_id INTEGER NOT NULL REFERENCES purchases(id),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        purchase_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('warning_needs_response', 'warning_under_review', 'warning_closed',
          'needs_response', 'under_review', 'won', 'lost', 'prevented', 'chargeback')),
        amount_minor INTEGER,
        currency TEXT,
        reason TEXT,
        is_charge_refundable INTEGER,
        revokes_access INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        observed_at INTEGER NOT NULL,
        source TEXT NOT NULL ${SOURCE},
        imported TEXT,
        imported_conflict INTEGER NOT NULL DEFAULT 0,
        merge_state TEXT NOT NULL,
        orphan INTEGER NOT NULL DEFAULT 0,
        UNIQUE (store, dispute_key)
      );
      CREATE INDEX disputes_payment ON disputes(store, payment_key);
      CREATE INDEX disputes_purchase ON disputes(purchase_id);
      CREATE INDEX disputes_customer ON disputes(customer_id);
      CREATE INDEX disputes_revoking ON disputes(purchase_id, created_at) WHERE revokes_access = 1;
      CREATE INDEX disputes_orphan ON disputes(store, payment_key) WHERE orphan = 1;

      -- 1 while only an import knows this purchase: shown for reading, never refunded from
      -- (DESIGN §3). A store path that reads the purchase clears it.
      ALTER TABLE purchases ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;

      -- A customer merge (db/customers.ts) moves purchases; their ledger rows follow.
      CREATE TRIGGER purchases_ledger_customer AFTER UPDATE OF customer_id ON purchases BEGIN
        UPDATE payments SET customer_id = new.customer_id WHERE purchase_id = new.id;
        UPDATE refunds SET customer_id = new.customer_id WHERE purchase_id = new.id;
        UPDATE disputes SET customer_id = new.customer_id WHERE purchase_id = new.id;
      END;

      -- Entitlement reads a purchase's lifecycle events (not its payments or refunds, which
      -- the ledger holds) through this index, so 100k refund events on one purchase cost it
      -- nothing. ORs, not IN: see 005-insights.ts.
      CREATE INDEX events_lifecycle ON events(purchase_id, occurred_at, id)
        WHERE type = 'trial_started' OR type = 'product_change' OR type = 'cancellation'
          OR type = 'renewal_enabled' OR type = 'billing_issue' OR type = 'grace_period' OR type = 'expiration';
    `);
    // Existing workspaces: the ledger is rebuilt from the stored timeline in this same
    // transaction, by the derivation live ingest uses for events without a ledger fact.
    rebuildLedger(db, onProgress);
  },
};
