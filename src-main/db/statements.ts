// Prepared statements, prepared once per database handle and reused (STYLE.md habit 7).
import type Database from 'better-sqlite3';
import type { Db } from './connection';

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The statement for `sql` on this handle, prepared on first use. `sql` is always a constant. */
export function stmt(db: Db, sql: string): Database.Statement {
  let map = cache.get(db);
  if (!map) {
    map = new Map();
    cache.set(db, map);
  }
  let s = map.get(sql);
  if (!s) {
    s = db.prepare(sql);
    map.set(sql, s);
  }
  return s;
}

const tables = new WeakMap<Db, Set<string>>();

/**
 * Whether the handle's database has the table `name` (a migration may not have run yet when
 * upkeep is asked, as in migrations that summarize). A yes is remembered: tables come with
 * migrations and stay, so the question costs one lookup per table and handle.
 */
export function hasTable(db: Db, name: string): boolean {
  let known = tables.get(db);
  if (known?.has(name)) return true;
  if (stmt(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) === undefined) return false;
  if (!known) tables.set(db, (known = new Set()));
  known.add(name);
  return true;
}
