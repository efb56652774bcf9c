// What the database worker (dbWorker.ts) can do: each task is a plain read over a
// read-only connection to the workspace file, taking and returning plain data. The exports
// also write their file (never the workspace): a whole workspace is minutes of reads.
import type { Db } from '../db/connection';
import { exportCustomer, exportWorkspace } from '../db/import/export';
import { paidByCurrency } from '../db/ledgerFigures';
import { searchHits } from '../db/search';
import type { InsightsQuery } from '../ipc/channels/insights';
import { computeInsights } from '../insights/compute';
import type { Store } from '../ipc/vocabulary';
import { purchaseTotals } from '../refunds/totals';

export const TASKS = {
  insights: (db: Db, a: { query: InsightsQuery; now: number }) => computeInsights(db, a.query, a.now),
  search: (db: Db, a: { query: string; limit: number }) => searchHits(db, a.query, a.limit),
  /** A customer's paid sums per currency (customers:get's "spent"). */
  paidByCurrency: (db: Db, a: { customerId: number }) => paidByCurrency(db, a.customerId),
  /** A refund preview's totals over every payment of a purchase (refunds/totals.ts). */
  purchaseTotals: (db: Db, a: { store: Store; purchaseId: number }) => purchaseTotals(db, a.store, a.purchaseId),
  /** transfer:exportWorkspace's file, written in one read transaction (db/import/export.ts). */
  exportWorkspace: (db: Db, a: { file: string; now: number }) => exportWorkspace(db, a.file, undefined, a.now),
  /** transfer:exportCustomer's file (a customer may have 100,000 events). */
  exportCustomer: (db: Db, a: { customerId: number; file: string; now: number }) => exportCustomer(db, a.customerId, a.file, a.now),
};

export type TaskName = keyof typeof TASKS;
export type TaskArgs<K extends TaskName> = Parameters<(typeof TASKS)[K]>[1];
export type TaskResult<K extends TaskName> = ReturnType<(typeof TASKS)[K]>;

export interface WorkerRequest {
  id: number;
  /** Path of the workspace database file. */
  file: string;
  task: TaskName;
  args: unknown;
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; sqliteCode: string | null };
