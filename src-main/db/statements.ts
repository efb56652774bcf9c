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
