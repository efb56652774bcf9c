import { afterEach, describe, expect, it } from 'vitest';
import { indexNewRows } from '../../../src-main/db/search';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../../src-main/db/migrations';
import { tempDb, type TempDb } from '../../support/db';

let t: TempDb | undefined;
afterEach(() => t?.close());

const tables = (t: TempDb) =>
  (t.db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger')").all() as { name: string }[]).map((r) => r.name);

/** Runs migrations up to `n` on a fresh database. */
function upTo(n: number): TempDb {
  const d = tempDb({ migrate: false });
  migrate(d.db, MIGRATIONS.slice(0, n));
  return d;
}

describe('migrations', () => {
  it('are numbered 1..N in order and leave user_version at N', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    t = tempDb();
    expect(schemaVersion(t.db)).toBe(SCHEMA_VERSION);
    expect(migrate(t.db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  });

  it('001 creates customers, customer_ids (unique kind+value), purchases, events (unique dedupe_key)', () => {
    t = upTo(1);
    expect(schemaVersion(t.db)).toBe(1);
    expect(tables(t)).toEqual(expect.arrayContaining(['customers', 'customer_ids', 'purchases', 'events', 'events_customer_time']));
    t.db.prepare("INSERT INTO customers (id, created_at) VALUES (1, 0)").run();
    const ins = t.db.prepare("INSERT INTO customer_ids (kind, value, norm, customer_id) VALUES ('email', 'a@b.c', 'a@b.c', 1)");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    expect(() => t!.db.prepare("INSERT INTO purchases (store, store_key, product_id, kind, environment, purchased_at, customer_id) VALUES ('stripe','x','p','one_time','production',0,99)").run()).toThrow(/FOREIGN KEY/);
  });

  it('002 refund_intents allow one open intent per payment; audit_log refuses UPDATE and DELETE', () => {
    t = upTo(2);
    const ins = t.db.prepare(`INSERT INTO refund_intents (id, idem_key, store, payment_ref, amount_minor, currency, mode, refund_kind, reason, agent_os_user, status, created_at, updated_at)
      VALUES (?, ?, 'stripe', 'pi_1', 500, 'USD', 'refund', 'partial', 'requested_by_customer', 'ann', ?, 0, 0)`);
    ins.run('a', 'k1', 'pending');
    expect(() => ins.run('b', 'k2', 'unknown')).toThrow(/UNIQUE/);
    t.db.prepare("UPDATE refund_intents SET status = 'failed' WHERE id = 'a'").run();
    ins.run('b', 'k2', 'sent');
    t.db.prepare("INSERT INTO audit_log (at, os_user, action, result) VALUES (1, 'ann', 'x', 'ok')").run();
    expect(() => t!.db.prepare('UPDATE audit_log SET result = ?').run('failed')).toThrow(/append-only/);
    expect(() => t!.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('003 creates sync_state, refund_requests, credential_status (no secret column), settings', () => {
    t = upTo(3);
    expect(tables(t)).toEqual(expect.arrayContaining(['sync_state', 'refund_requests', 'credential_status', 'settings']));
    const cols = (t.db.prepare('PRAGMA table_info(credential_status)').all() as { name: string }[]).map((c) => c.name);
    expect(cols.some((c) => /secret|key$|token|password/i.test(c))).toBe(false);
    expect(() => t!.db.prepare("INSERT INTO refund_requests (transaction_id, requested_at, deadline_at, status) VALUES ('1', 0, 1, 'bogus')").run()).toThrow(/CHECK/);
  });

  it('004 indexes identifiers and display names in bulk, and keeps indexed rows in step', () => {
    t = upTo(4);
    t.db.prepare("INSERT INTO customers (id, display_name, created_at) VALUES (1, 'Jane Roe', 0), (2, NULL, 0)").run();
    t.db.prepare("INSERT INTO customer_ids (id, kind, value, norm, customer_id) VALUES (7, 'google_order_id', 'GPA.3312-1111', 'gpa.3312-1111', 1)").run();
    const hits = (q: string) => t!.db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid').pluck().all(q);
    expect(hits('"3312"*')).toEqual([]);
    indexNewRows(t.db);
    expect(hits('"3312"*')).toEqual([7]);
    expect(hits('roe')).toEqual([-1]);
    indexNewRows(t.db);
    expect(hits('"3312"*')).toEqual([7]);
    t.db.prepare("UPDATE customers SET display_name = 'Jane Doe' WHERE id = 1").run();
    expect(hits('roe')).toEqual([]);
    expect(hits('doe')).toEqual([-1]);
    t.db.prepare('DELETE FROM customer_ids WHERE id = 7').run();
    expect(hits('"3312"*')).toEqual([]);
  });

  it('005 adds the Insights indexes; the partial ones hold only the rows Insights looks for', () => {
    t = upTo(5);
    expect(schemaVersion(t.db)).toBe(5);
    expect(tables(t)).toEqual(
      expect.arrayContaining(['events_refunds', 'events_disputes', 'events_refund_failed', 'events_refund_reversed', 'purchases_not_production']),
    );
    t.db.prepare("INSERT INTO customers (id, created_at) VALUES (1, 0)").run();
    t.db.prepare("INSERT INTO purchases (id, store, store_key, product_id, kind, environment, purchased_at, customer_id) VALUES (1, 'stripe', 'k', 'p', 'one_time', 'sandbox', 0, 1), (2, 'stripe', 'k2', 'p', 'one_time', 'production', 0, 1)").run();
    const ev = t.db.prepare("INSERT INTO events (purchase_id, customer_id, type, occurred_at, seen_at, source, dedupe_key, amount_minor) VALUES (1, 1, ?, ?, 0, 'store_api', ?, 100)");
    ev.run('renewal', 1, 'a');
    ev.run('refund', 2, 'b');
    ev.run('dispute_lost', 3, 'c');
    ev.run('refund_failed', 4, 'd');
    const plan = (sql: string) => (t!.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan("SELECT amount_minor FROM events WHERE type = 'refund' AND occurred_at >= 0")).toMatch(/COVERING INDEX events_refunds/);
    expect(plan("SELECT type FROM events WHERE (type = 'dispute_opened' OR type = 'dispute_won' OR type = 'dispute_lost') AND occurred_at >= 0")).toMatch(/events_disputes/);
    expect(plan("SELECT 1 FROM events WHERE purchase_id = 1 AND type = 'refund_failed'")).toMatch(/events_refund_failed/);
    expect(plan("SELECT id FROM purchases WHERE environment <> 'production'")).toMatch(/purchases_not_production/);
    // a partial index holds only its own rows: one refund, one dispute, one failure
    const count = (idx: string) => (t!.db.prepare(`SELECT count(*) AS n FROM events INDEXED BY ${idx} WHERE ${idx === 'events_refunds' ? "type = 'refund'" : "type = 'dispute_opened' OR type = 'dispute_won' OR type = 'dispute_lost'"}`).get() as { n: number }).n;
    expect(count('events_refunds')).toBe(1);
    expect(count('events_disputes')).toBe(1);
    expect(t.db.prepare("SELECT id FROM purchases WHERE environment <> 'production'").pluck().all()).toEqual([1]);
  });

  it('006 creates payments, refunds, disputes keyed by (store, store key), with their lifecycles checked', () => {
    t = upTo(6);
    expect(schemaVersion(t.db)).toBe(6);
    expect(tables(t)).toEqual(
      expect.arrayContaining(['payments', 'refunds', 'disputes', 'payments_purchase', 'refunds_payment', 'refunds_purchase', 'disputes_purchase', 'payments_customer', 'refunds_customer', 'disputes_customer', 'events_lifecycle']),
    );
    t.db.prepare("INSERT INTO customers (id, created_at) VALUES (1, 0), (2, 0)").run();
    t.db.prepare("INSERT INTO purchases (id, store, store_key, product_id, kind, environment, purchased_at, customer_id) VALUES (1, 'stripe', 'sub_1', 'p', 'subscription', 'production', 0, 1)").run();
    const pay = t.db.prepare("INSERT INTO payments (store, payment_key, purchase_id, customer_id, purchase_key, status, amount_minor, currency, paid_at, source, observed_at, merge_state) VALUES ('stripe', ?, ?, 1, 'sub_1', ?, 999, 'USD', 0, ?, 0, '{}')");
    pay.run('pi_1', 1, 'paid', 'store_api');
    expect(() => pay.run('pi_1', 1, 'paid', 'store_api')).toThrow(/UNIQUE/);
    expect(() => pay.run('pi_2', 1, 'refunded', 'store_api')).toThrow(/CHECK/);
    expect(() => pay.run('pi_3', 1, 'paid', 'somewhere')).toThrow(/CHECK/);
    expect(() => pay.run('pi_4', 9, 'paid', 'store_api')).toThrow(/FOREIGN KEY/);
    // the same key under another store is another payment
    t.db.prepare("INSERT INTO payments (store, payment_key, purchase_id, customer_id, purchase_key, status, paid_at, source, observed_at, merge_state) VALUES ('google', 'pi_1', 1, 1, 'x', 'pending', 0, 'import', 0, '{}')").run();
    const ref = t.db.prepare("INSERT INTO refunds (store, refund_key, payment_key, purchase_id, customer_id, purchase_key, status, refund_kind, created_at, observed_at, source, merge_state) VALUES ('stripe', ?, 'pi_1', 1, 1, 'sub_1', ?, 'partial', 0, 0, 'store_api', '{}')");
    for (const s of ['pending', 'requires_action', 'succeeded', 'failed', 'canceled', 'reversed']) ref.run(`re_${s}`, s);
    expect(() => ref.run('re_pending', 'succeeded')).toThrow(/UNIQUE/);
    expect(() => ref.run('re_x', 'refunded')).toThrow(/CHECK/);
    const dis = t.db.prepare("INSERT INTO disputes (store, dispute_key, payment_key, purchase_id, customer_id, purchase_key, status, created_at, observed_at, source, merge_state) VALUES ('stripe', ?, 'pi_1', 1, 1, 'sub_1', ?, 0, 0, 'store_api', '{}')");
    for (const s of ['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost', 'prevented', 'chargeback']) dis.run(`dp_${s}`, s);
    expect(() => dis.run('dp_won', 'lost')).toThrow(/UNIQUE/);
    expect(() => dis.run('dp_x', 'opened')).toThrow(/CHECK/);
    // a customer merge moves the purchase; its ledger rows follow
    t.db.prepare('UPDATE purchases SET customer_id = 2 WHERE id = 1').run();
    for (const table of ['payments', 'refunds', 'disputes']) {
      expect(t.db.prepare(`SELECT DISTINCT customer_id FROM ${table}`).pluck().all()).toEqual([2]);
    }
  });

  it('006 rebuilds the ledger of an existing workspace from its stored timeline, in its transaction, with progress', () => {
    t = upTo(5);
    t.db.prepare("INSERT INTO customers (id, created_at) VALUES (1, 0)").run();
    t.db.prepare("INSERT INTO purchases (id, store, store_key, product_id, kind, environment, purchased_at, customer_id, state) VALUES (1, 'stripe', 'pi_J', 'p', 'one_time', 'production', 0, 1, 'unknown')").run();
    const ev = t.db.prepare("INSERT INTO events (purchase_id, customer_id, store, type, occurred_at, seen_at, source, dedupe_key, amount_minor, currency, order_id, detail) VALUES (1, 1, 'stripe', ?, ?, 0, ?, ?, ?, 'USD', 'pi_J', ?)");
    ev.run('purchase', 1, 'store_api', 'stripe:pi:pi_J', 2999, null);
    // Jane: the failed $5 refund was stored as a refund first, then as refund_failed
    ev.run('refund', 2, 'store_api', 'stripe:refund:re_5', 500, JSON.stringify({ refundKind: 'partial', status: 'succeeded', storeRef: 're_5' }));
    ev.run('refund_failed', 3, 'store_api', 'stripe:refund:re_5:failed', 500, JSON.stringify({ refundKind: 'partial', status: 'failed', storeRef: 're_5' }));
    ev.run('refund', 4, 'console', 'stripe:refund:re_10', 1000, JSON.stringify({ refundKind: 'partial', status: 'succeeded', storeRef: 're_10', intentId: 'ri_1' }));
    ev.run('refund', 5, 'store_api', 'stripe:refund:re_10:events', 1000, JSON.stringify({ refundKind: 'partial', status: 'succeeded', storeRef: 're_10' }));
    ev.run('note', 6, 'console', 'note:1', null, null);
    const seen: { done: number; total: number }[] = [];
    migrate(t.db, MIGRATIONS, (p) => seen.push({ done: p.done, total: p.total }));
    expect(schemaVersion(t.db)).toBe(SCHEMA_VERSION);
    expect(seen[0]).toEqual({ done: 0, total: 5 });
    expect(seen.at(-1)).toEqual({ done: 5, total: 5 });
    expect(t.db.prepare('SELECT payment_key, status, amount_minor FROM payments').all()).toEqual([{ payment_key: 'pi_J', status: 'paid', amount_minor: 2999 }]);
    expect(t.db.prepare('SELECT refund_key, status, amount_minor, source, intent_id FROM refunds ORDER BY refund_key').all()).toEqual([
      { refund_key: 're_10', status: 'succeeded', amount_minor: 1000, source: 'store_api', intent_id: 'ri_1' },
      { refund_key: 're_5', status: 'failed', amount_minor: 500, source: 'store_api', intent_id: null },
    ]);
    expect(t.db.prepare('SELECT state FROM purchases').pluck().get()).toBe('refunded_active');
    // the timeline is left as it was
    expect(t.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(6);
  });

  it('006 rolls the rebuild back with the schema when it fails', () => {
    t = upTo(5);
    t.db.prepare("INSERT INTO customers (id, created_at) VALUES (1, 0)").run();
    t.db.prepare("INSERT INTO purchases (id, store, store_key, product_id, kind, environment, purchased_at, customer_id) VALUES (1, 'stripe', 'pi_J', 'p', 'one_time', 'production', 0, 1)").run();
    t.db.prepare("INSERT INTO events (purchase_id, customer_id, store, type, occurred_at, seen_at, source, dedupe_key, detail) VALUES (1, 1, 'stripe', 'refund', 1, 0, 'store_api', 'k', '{not json')").run();
    expect(() => migrate(t!.db)).toThrow();
    expect(schemaVersion(t.db)).toBe(5);
    expect(tables(t)).not.toContain('payments');
  });

  it('refuses a database written by a newer app, with a clear message, and changes nothing', () => {
    t = tempDb();
    t.db.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    expect(() => migrate(t!.db)).toThrow(
      `This workspace was written by a newer Refund Desk (schema ${SCHEMA_VERSION + 3}); this version knows up to ${SCHEMA_VERSION}. Update the app.`,
    );
    expect(schemaVersion(t.db)).toBe(SCHEMA_VERSION + 3);
  });

  it('runs each migration in one transaction: a failing migration leaves the previous version', () => {
    t = tempDb({ migrate: false });
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: "broken", up: (db: TempDb["db"]) => { db.exec('CREATE TABLE half (x)'); db.exec('NOT SQL'); } }];
    expect(() => migrate(t!.db, broken)).toThrow();
    expect(schemaVersion(t.db)).toBe(1);
    expect(tables(t)).not.toContain('half');
  });

  it('sets the pragmas on purpose', () => {
    t = tempDb();
    expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(t.db.pragma('synchronous', { simple: true })).toBe(1);
  });
});
