// The ledger tables' CHECK constraints, written as ORs (issue 20). A CHECK of the form
// `status IN ('pending', 'paid', …)` makes SQLite build an ephemeral table for the list each
// time a statement runs (EXPLAIN shows OpenEphemeral), and ingest runs one INSERT per
// payment: measured 4.3 µs a payment row with the IN lists against 2.3 µs with ORs, on a
// table of the payments' shape. The rule is the same; only its spelling changes.
//
// SQLite cannot alter a CHECK in place, so each table is rebuilt by the procedure SQLite's
// docs give for other schema changes (lang_altertable.html, "Making Other Kinds Of Table
// Schema Changes"): create the new table, copy, drop the old, rename, then re-create its
// indexes and the triggers that name it, from their own stored SQL. Nothing references
// these tables by foreign key (rows name payments by store key, 006-ledger.ts).
import type { Db } from '../connection';
import type { Migration, MigrationProgress } from './types';

const TABLES = ['payments', 'refunds', 'disputes'] as const;
type Table = (typeof TABLES)[number];
// The copy goes in steps so a large workspace shows progress; small ones (one step) report nothing.
const STEP = 100_000;

/** `col IN ('a', 'b')` → `(col = 'a' OR col = 'b')`, for the plain string lists these CHECKs hold. */
export function orChecks(sql: string): string {
  return sql.replace(/\b(\w+)\s+IN\s*\(((?:\s*'[^']*'\s*,?)+)\)/g, (_all, col: string, list: string) => {
    const values = list.match(/'[^']*'/g) ?? [];
    return `(${values.map((v) => `${col} = ${v}`).join(' OR ')})`;
  });
}

const stored = (db: Db, sql: string, ...args: string[]) => db.prepare(sql).pluck().all(...args) as string[];

/** Rows copied so far of all three tables, for one progress bar. */
interface Copied {
  done: number;
  total: number;
  report?: MigrationProgress;
}

function rebuild(db: Db, table: Table, copied: Copied): void {
  const create = stored(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", table)[0]!;
  const indexes = stored(db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table);
  const columns = stored(db, 'SELECT name FROM pragma_table_info(?) ORDER BY cid', table).join(', ');
  const next = `${table}_011`;
  db.exec(orChecks(create).replace(/^CREATE TABLE\s+"?\w+"?/, `CREATE TABLE ${next}`));
  const max = maxId(db, table);
  const copy = db.prepare(`INSERT INTO ${next} (${columns}) SELECT ${columns} FROM ${table} WHERE id > ? AND id <= ?`);
  for (let from = 0; from < max; from += STEP) {
    copy.run(from, from + STEP);
    copied.done += Math.min(STEP, max - from);
    copied.report?.({ migration: 'ledger-checks', done: copied.done, total: copied.total });
  }
  db.exec(`DROP TABLE ${table}; ALTER TABLE ${next} RENAME TO ${table};`);
  for (const sql of indexes) db.exec(sql);
}

const maxId = (db: Db, table: Table) => (db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number) ?? 0;

export const m011LedgerChecks: Migration = {
  version: 11,
  name: 'ledger-checks',
  up(db, onProgress) {
    // Triggers that name a ledger table (on it, or in their body) are dropped first and made
    // again last: a rename checks every trigger, and one naming a dropped table fails it.
    const names = TABLES.map((n) => `%${n}%`);
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND (sql LIKE ? OR sql LIKE ? OR sql LIKE ?)")
      .all(...names) as { name: string; sql: string }[];
    for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name.replace(/"/g, '""')}"`);
    const total = TABLES.reduce((n, table) => n + maxId(db, table), 0);
    const copied: Copied = { done: 0, total, report: total > STEP ? onProgress : undefined };
    for (const table of TABLES) rebuild(db, table, copied);
    for (const tr of triggers) db.exec(tr.sql);
  },
};
