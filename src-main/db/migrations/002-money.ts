// Refund intents (DESIGN §5) and the append-only audit log.
import type { Migration } from './types';

export const m002Money: Migration = {
  version: 2,
  name: 'money',
  up(db) {
    db.exec(`
      CREATE TABLE refund_intents (
        id TEXT PRIMARY KEY,
        idem_key TEXT NOT NULL UNIQUE,
        store TEXT NOT NULL,
        purchase_id INTEGER REFERENCES purchases(id),
        payment_ref TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('refund', 'refund_and_revoke')),
        refund_kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        note TEXT,
        agent_os_user TEXT NOT NULL,
        agent_name TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'succeeded', 'failed', 'unknown')),
        store_ref TEXT,
        store_message TEXT,
        steps TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- A second refund of the same payment while one is open (or not yet reconciled) is
      -- refused by the database itself, not only by the code that checks first.
      CREATE UNIQUE INDEX refund_intents_one_open ON refund_intents(store, payment_ref)
        WHERE status IN ('pending', 'sent', 'unknown');
      CREATE INDEX refund_intents_purchase ON refund_intents(purchase_id);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        os_user TEXT NOT NULL,
        agent_name TEXT,
        action TEXT NOT NULL,
        target TEXT,
        result TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      -- Append-only: what an agent did must not be rewritten afterwards, not even by the app.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
