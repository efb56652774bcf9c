// Numbered, append-only migrations tracked by PRAGMA user_version. Never edit one that
// has shipped: add the next number.
import { DeskError } from '../../ipc/define';
import type { Db } from '../connection';
import { m001Core } from './001-core';
import { m002Money } from './002-money';
import { m003Sync } from './003-sync';
import { m004Search } from './004-search';
import { m005Insights } from './005-insights';
import { m006Ledger } from './006-ledger';
import { m007Daily } from './007-daily';
import { m008CustomerMoney } from './008-customer-money';
import { m009Contact } from './009-contact';
import { m010InsightsLedger } from './010-insights-ledger';
import { m011LedgerChecks } from './011-ledger-checks';
import { m012PurchaseMoney } from './012-purchase-money';
import { m013InsightsCap } from './013-insights-cap';
import type { Migration, MigrationProgress } from './types';

export type { Migration, MigrationProgress } from './types';

export const MIGRATIONS: readonly Migration[] = [
  m001Core, m002Money, m003Sync, m004Search, m005Insights, m006Ledger, m007Daily, m008CustomerMoney, m009Contact, m010InsightsLedger,
  m011LedgerChecks, m012PurchaseMoney, m013InsightsCap,
];
export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to SCHEMA_VERSION, one transaction per migration (a crash
 * between two leaves a valid, older schema). Refuses a database from a newer app:
 * running old code on a newer schema could silently drop what it does not know.
 */
export function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
  onProgress?: MigrationProgress,
): { from: number; to: number } {
  const known = migrations.length;
  const from = schemaVersion(db);
  if (from > known) {
    throw new DeskError(
      'conflict',
      `This workspace was written by a newer Refund Desk (schema ${from}); this version knows up to ${known}. Update the app.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db, onProgress);
      // user_version is part of the database header and follows the transaction.
      db.pragma(`user_version = ${m.version | 0}`);
    })();
  }
  return { from, to: Math.max(from, known) };
}
