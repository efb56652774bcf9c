// credential_status: what the UI may know of a credential, never the secret itself.
// Plain functions over an explicit handle; constant, parameterized SQL.
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { CredentialKind, CredentialMode } from '../ipc/channels/credentials';
import type { Store } from '../ipc/vocabulary';

export interface StatusRow {
  store: Store;
  configured: boolean;
  kind: CredentialKind | null;
  mode: CredentialMode | null;
  lastTestedAt: number | null;
  lastTestOk: boolean | null;
  can: string[];
  missing: string[];
  message: string | null;
}

interface RawRow {
  store: string;
  configured: number;
  kind: string | null;
  mode: string | null;
  last_tested_at: number | null;
  last_test_ok: number | null;
  can: string;
  missing: string;
  message: string | null;
}

const list = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export function readStatusRows(db: Db): Map<Store, StatusRow> {
  const rows = stmt(db, 'SELECT * FROM credential_status').all() as RawRow[];
  return new Map(
    rows.map((r) => [
      r.store as Store,
      {
        store: r.store as Store,
        configured: r.configured === 1,
        kind: r.kind as CredentialKind | null,
        mode: r.mode as CredentialMode | null,
        lastTestedAt: r.last_tested_at,
        lastTestOk: r.last_test_ok === null ? null : r.last_test_ok === 1,
        can: list(r.can),
        missing: list(r.missing),
        message: r.message,
      },
    ]),
  );
}

export function writeStatusRow(db: Db, row: StatusRow): void {
  stmt(
    db,
    `INSERT INTO credential_status (store, configured, kind, mode, last_tested_at, last_test_ok, can, missing, message)
     VALUES (@store, @configured, @kind, @mode, @lastTestedAt, @lastTestOk, @can, @missing, @message)
     ON CONFLICT(store) DO UPDATE SET configured = excluded.configured, kind = excluded.kind, mode = excluded.mode,
       last_tested_at = excluded.last_tested_at, last_test_ok = excluded.last_test_ok, can = excluded.can,
       missing = excluded.missing, message = excluded.message`,
  ).run({
    store: row.store,
    configured: row.configured ? 1 : 0,
    kind: row.kind,
    mode: row.mode,
    lastTestedAt: row.lastTestedAt,
    lastTestOk: row.lastTestOk === null ? null : row.lastTestOk ? 1 : 0,
    can: JSON.stringify(row.can),
    missing: JSON.stringify(row.missing),
    message: row.message,
  });
}
