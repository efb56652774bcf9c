// Opening a workspace database. The pragmas are deliberate; each says why.
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  const db = new Database(file);
  // WAL: agents read timelines while a sync writes; readers never wait for the writer,
  // and a crash (kill -9) mid-transaction leaves only uncommitted frames, which are ignored.
  db.pragma('journal_mode = WAL');
  // The schema's references (events → purchases → customers) are only worth something if enforced.
  db.pragma('foreign_keys = ON');
  // A second connection (an import, a sync worker) may hold the write lock briefly;
  // wait for it instead of failing with SQLITE_BUSY at once.
  db.pragma('busy_timeout = 5000');
  // NORMAL in WAL mode is still crash-safe for the database file (no corruption); a power
  // loss can only drop the last commits, which a sync re-fetches from the store by cursor.
  db.pragma('synchronous = NORMAL');
  // Timeline and search pages touch many small rows; a larger cache and memory temp store
  // keep them off the disk. Bounded (64 MB) to stay inside the memory budget.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * Runs `fn` in one transaction with synchronous=FULL. Used for the writes that record
 * money (refund intents, audit entries): a refund intent must be on disk before any byte
 * goes to the store, or a power loss after the store refunded could lose the record and
 * let the console refund twice. Unlike a sync's events, the store cannot give it back to us.
 */
export function withFullSync<T>(db: Db, fn: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn)();
  } finally {
    db.pragma(`synchronous = ${Number(previous) | 0}`);
  }
}
