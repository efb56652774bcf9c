// Sync cursors, Apple consumption requests, credential status (never secrets), settings.
import type { Migration } from './types';

export const m003Sync: Migration = {
  version: 3,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        account TEXT PRIMARY KEY,
        store TEXT NOT NULL,
        cursor TEXT,
        last_success_at INTEGER,
        last_error TEXT,
        last_error_at INTEGER,
        notice TEXT,
        updated_at INTEGER NOT NULL
      );

      -- Apple CONSUMPTION_REQUEST: the developer may answer within 12 hours.
      CREATE TABLE refund_requests (
        id INTEGER PRIMARY KEY,
        purchase_id INTEGER REFERENCES purchases(id),
        customer_id INTEGER REFERENCES customers(id),
        transaction_id TEXT NOT NULL UNIQUE,
        requested_at INTEGER NOT NULL,
        deadline_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'expired', 'resolved')),
        answer TEXT,
        answered_at INTEGER,
        outcome_event_id INTEGER REFERENCES events(id)
      );
      CREATE INDEX refund_requests_open ON refund_requests(status, deadline_at);
      CREATE INDEX refund_requests_customer ON refund_requests(customer_id);

      -- What the UI may know about a credential. The secret itself lives in the OS keychain only.
      CREATE TABLE credential_status (
        store TEXT PRIMARY KEY,
        configured INTEGER NOT NULL DEFAULT 0,
        kind TEXT,
        mode TEXT,
        last_tested_at INTEGER,
        last_test_ok INTEGER,
        can TEXT NOT NULL DEFAULT '[]',
        missing TEXT NOT NULL DEFAULT '[]',
        message TEXT
      );

      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
    `);
  },
};
