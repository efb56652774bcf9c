// Migration 011 (issue 20): the ledger tables' CHECK constraints say `a = 'x' OR a = 'y'`
// instead of `a IN ('x', 'y')`. SQLite builds an ephemeral table for an IN list each time a
// statement runs, so every payment INSERT paid for one (2 µs a row, twice the row itself).
// The migration rebuilds the three tables and must keep every row, index, trigger and rule.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../src-main/db/migrations';
import { insightsQuerySchema } from '../../../src-main/ipc/channels/insights';
import { computeInsights } from '../../../src-main/insights';
import { type TempDb } from '../../support/db';
import { stripeWorkspaceAt } from '../../support/migrated';
import { disputed, refunded } from '../../support/ledgerFacts';

let t: TempDb | undefined;
afterEach(() => t?.close());

const at = (iso: string) => Date.parse(iso);
const LEDGER = ['payments', 'refunds', 'disputes'] as const;
// up to this migration only: later ones may add their own indexes and progress
const to11 = (db: Db, onProgress?: Parameters<typeof migrate>[2]) => migrate(db, MIGRATIONS.slice(0, 11), onProgress);
const base = { store: 'stripe' as const, purchaseKey: 'pi_1', paymentKey: 'pi_1', currency: 'USD' };

// Schema checks read sqlite_schema itself: no product reader describes the schema.
const schemaRows = (db: Db) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name").all();
const tableSql = (db: Db, name: string) => db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(name) as string;
const rows = (db: Db, table: (typeof LEDGER)[number]) => db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
const opcodes = (db: Db, sql: string) => (db.prepare(`EXPLAIN ${sql}`).all() as { opcode: string }[]).map((r) => r.opcode);

function workspaceAt10(): Db {
  t = stripeWorkspaceAt(10, 2000, [
    refunded({ ...base, key: 're_ok', amountMinor: 500, status: 'succeeded', at: at('2026-01-12T10:00:00Z') }),
    refunded({ ...base, key: 're_wait', amountMinor: 300, status: 'pending', at: at('2026-01-13T10:00:00Z') }),
    // a refund learned before its payment: an orphan row
    refunded({ ...base, paymentKey: 'pi_later', key: 're_early', amountMinor: 100, status: 'succeeded', at: at('2026-01-14T10:00:00Z') }),
    disputed({ ...base, key: 'dp_1', amountMinor: 2000, status: 'needs_response', at: at('2026-01-15T10:00:00Z') }),
  ]);
  return t.db;
}

describe('migration 011', () => {
  it('keeps every ledger row, index and trigger, and the rules still refuse what they refused', () => {
    const db = workspaceAt10();
    const before = { schema: schemaRows(db), rows: LEDGER.map((n) => rows(db, n)) };
    expect(before.rows.map((r) => r.length)).toEqual([1, 3, 1]);
    to11(db);
    expect(schemaVersion(db)).toBe(11);
    expect(schemaRows(db)).toEqual(before.schema);
    expect(LEDGER.map((n) => rows(db, n))).toEqual(before.rows);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const n of LEDGER) expect(tableSql(db, n)).not.toMatch(/\bIN\s*\(/i);
    const bad = (sql: string) => () => db.prepare(sql).run();
    expect(bad("UPDATE payments SET status = 'refunded'")).toThrow(/CHECK constraint failed/);
    expect(bad("UPDATE payments SET source = 'guess'")).toThrow(/CHECK constraint failed/);
    expect(bad("UPDATE refunds SET refund_kind = 'most'")).toThrow(/CHECK constraint failed/);
    expect(bad("UPDATE refunds SET status = 'done'")).toThrow(/CHECK constraint failed/);
    expect(bad("UPDATE disputes SET status = 'open'")).toThrow(/CHECK constraint failed/);
  });

  it('leaves the triggers working: a refund that settles after the migration reaches Insights', () => {
    const db = workspaceAt10();
    to11(db);
    const q = insightsQuerySchema.parse({ from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') });
    const refunds = () => computeInsights(db, q, 0).totals.refunds;
    const first = refunds();
    ingest(db, { purchases: [], events: [refunded({ ...base, key: 're_wait', amountMinor: 300, status: 'succeeded', at: at('2026-01-16T10:00:00Z') })] });
    expect(refunds()).toBe(first + 1);
    expect(computeInsights(db, q, 0).totals).toEqual(computeInsights(db, q, 0, { summaries: false }).totals);
  });

  it('gives a ledger INSERT no ephemeral table to build (the cost the IN lists had)', () => {
    const db = workspaceAt10();
    const insert = `INSERT INTO payments (store, payment_key, purchase_id, customer_id, purchase_key, status, amount_minor, currency, paid_at,
      refs, source, observed_at, merge_state) VALUES ('stripe', 'x', 1, 1, 'pi_1', 'paid', 1, 'USD', 1, '{}', 'store_api', 1, '')`;
    expect(opcodes(db, insert)).toContain('OpenEphemeral');
    to11(db);
    expect(opcodes(db, insert)).not.toContain('OpenEphemeral');
    expect(opcodes(db, insert.replace("'paid'", "'settled'"))).toContain('Halt');
  });

  it('copies a large ledger in steps, each reported, and keeps every row', () => {
    const db = workspaceAt10();
    // 150,000 payments on the workspace's one purchase, written by SQL (ingest would take seconds)
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)
       INSERT INTO payments (store, payment_key, purchase_id, customer_id, purchase_key, status, amount_minor, currency, paid_at, source, observed_at, merge_state)
       SELECT 'stripe', 'in_' || i, p.id, p.customer_id, p.store_key, 'paid', 100, 'USD', i, 'store_api', i, '' FROM n, purchases p`,
    ).run();
    const steps: [string, number, number][] = [];
    to11(db, (p) => steps.push([p.migration, p.done, p.total]));
    const total = 150_001 + 3 + 1;
    expect(steps).toEqual([['ledger-checks', 100_000, total], ['ledger-checks', 150_001, total], ['ledger-checks', 150_004, total], ['ledger-checks', total, total]]);
    expect(db.prepare('SELECT COUNT(*) FROM payments').pluck().get()).toBe(150_001);
  });
});
