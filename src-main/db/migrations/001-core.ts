// Customers, their store identifiers, purchases and the timeline.
import type { Migration } from './types';

export const m001Core: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        app_user_id TEXT,
        email TEXT,
        display_name TEXT,
        -- set when an agent merged this customer into another; undone by unmerge
        merged_into INTEGER REFERENCES customers(id),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX customers_created ON customers(created_at);

      -- How a store's identifiers map to one customer; also what exact/prefix search reads.
      CREATE TABLE customer_ids (
        id INTEGER PRIMARY KEY,
        store TEXT,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        -- lower-cased value: agents paste "gpa.3312…" or "Jane@Example.com"
        norm TEXT NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        UNIQUE (kind, value)
      );
      CREATE INDEX customer_ids_norm ON customer_ids(norm);
      CREATE INDEX customer_ids_customer ON customer_ids(customer_id);

      CREATE TABLE purchases (
        id INTEGER PRIMARY KEY,
        store TEXT NOT NULL,
        store_key TEXT NOT NULL,
        product_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        environment TEXT NOT NULL,
        purchased_at INTEGER NOT NULL,
        price_minor INTEGER,
        currency TEXT,
        expires_at INTEGER,
        auto_renew INTEGER,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        ids TEXT NOT NULL DEFAULT '{}',
        -- derived from the events by entitlement.ts, re-derived on every ingest that touches them
        state TEXT NOT NULL DEFAULT 'unknown',
        state_until INTEGER,
        state_reason TEXT,
        state_at INTEGER,
        UNIQUE (store, store_key)
      );
      CREATE INDEX purchases_customer ON purchases(customer_id);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        purchase_id INTEGER REFERENCES purchases(id),
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        store TEXT,
        type TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        amount_minor INTEGER,
        currency TEXT,
        order_id TEXT,
        detail TEXT,
        raw TEXT
      );
      -- keyset pagination of a customer's timeline: (occurred_at, id) in both directions
      CREATE INDEX events_customer_time ON events(customer_id, occurred_at, id);
      CREATE INDEX events_purchase_time ON events(purchase_id, occurred_at, id);
      -- Per-renewal order/payment IDs (Google GPA.…..N, Apple transaction IDs, Stripe
      -- invoices) are found here rather than copied into customer_ids: one index entry per
      -- event keeps ingest fast. NOCASE because agents paste "gpa.3312…" as often as "GPA.3312…".
      CREATE INDEX events_order ON events(order_id COLLATE NOCASE) WHERE order_id IS NOT NULL;
    `);
  },
};
