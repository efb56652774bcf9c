// A real, migrated SQLite workspace in a temp dir, for tests of any module.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/db/connection';
import { migrate } from '../../src-main/db/migrations';

export interface TempDb {
  db: Db;
  file: string;
  dir: string;
  close(): void;
}

export function tempDb(opts: { migrate?: boolean } = {}): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'refund-desk-db-'));
  const file = join(dir, 'workspace.sqlite');
  const db = openDatabase(file);
  if (opts.migrate !== false) migrate(db);
  return {
    db,
    file,
    dir,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
