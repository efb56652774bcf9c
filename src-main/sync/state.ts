// sync_state rows: one per store account. The cursor itself is written by ingest(), in
// the same transaction as the events it covers; this file records outcomes.
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { Store } from '../ipc/vocabulary';

export interface SyncStateRow {
  account: string;
  store: Store;
  cursor: string | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  notice: string | null;
}

export function readSyncState(db: Db, account: string): SyncStateRow | null {
  return (
    (stmt(db, 'SELECT account, store, cursor, last_success_at, last_error, last_error_at, notice FROM sync_state WHERE account = ?').get(
      account,
    ) as SyncStateRow | undefined) ?? null
  );
}

export function recordSuccess(db: Db, account: string, store: Store, notice: string | null, now: number): void {
  stmt(
    db,
    `INSERT INTO sync_state (account, store, last_success_at, notice, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(account) DO UPDATE SET last_success_at = excluded.last_success_at, last_error = NULL,
       last_error_at = NULL, notice = excluded.notice, updated_at = excluded.updated_at`,
  ).run(account, store, now, notice, now);
}

export function recordError(db: Db, account: string, store: Store, message: string, notice: string | null, now: number): void {
  stmt(
    db,
    `INSERT INTO sync_state (account, store, last_error, last_error_at, notice, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(account) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
       notice = COALESCE(excluded.notice, sync_state.notice), updated_at = excluded.updated_at`,
  ).run(account, store, message, now, notice, now);
}
