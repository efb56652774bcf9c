// The Insights summaries (migration 007), kept up to date at ingest so that a report
// reads a few thousand summary rows instead of every paid event (issue 20: a year at 1M
// purchases in under a second).
//
// - insights_paid: paid transactions per quarter hour, store, currency and sandbox. Paid
//   events never change once written, so each is added once. A purchase known only as a
//   row counts until its first paid or trial event arrives (insights_bare remembers what
//   was added, so exactly that comes back out).
// - insights_refunds: one row per ledger refund that gave money back (migration 008,
//   db/insightsRefunds.ts): triggers note the ledger rows a batch changed, and exactly
//   those are re-derived here, so a pending -> succeeded -> failed refund counts only while
//   it is succeeded, and piled-up refunds cost a batch only the rows it changed (issue 20).
//
// Not followed (documented limits): a purchase whose environment, price or currency a
// later sync changes keeps the values it was counted with until its next paid event; a
// report falls back to scanning the events while the summaries lag (summaryUsable).
import type { Db } from './connection';
import { hasTable, stmt } from './statements';
import { ADD_BARE_SQL, ADD_PAID_SQL, COUNT_BARE_SQL, LEFT_BARE_SQL, NEW_BARE_SQL, SLOT_MS, SUMMARY_STATE_SQL, UNCOUNT_SQL } from './insightsDailySql';
import { ledgerRefundsKept, summarizeLedgerRefunds } from './insightsRefunds';

interface Bare {
  purchase_id: number;
  slot: number;
  store: string;
  currency: string;
  sandbox: number;
  amount: number;
}

/**
 * Adds the events and purchases written since the last call to the summaries. Ingest calls
 * it once at the end of each batch, inside the batch's transaction, so the summaries commit
 * (or roll back) with the events they count.
 */
export function summarizeNewEvents(db: Db): void {
  const st = stmt(db, 'SELECT events_done, purchases_done FROM insights_state WHERE id = 1').get() as
    | { events_done: number; purchases_done: number }
    | undefined;
  if (!st) return;
  // Before migration 008 (007 summarizes a workspace it finds) there is no ledger upkeep yet.
  const ledger = ledgerRefundsKept(db);
  const max = stmt(db, 'SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number;
  const pmax = stmt(db, 'SELECT COALESCE(MAX(id), 0) FROM purchases').pluck().get() as number;
  const run = () => {
    if (ledger) summarizeLedgerRefunds(db);
    if (max === st.events_done && pmax === st.purchases_done) return;
    const range = { done: st.events_done, max };
    if (max > st.events_done) {
      stmt(db, ADD_PAID_SQL).run(range);
      // Most workspaces have no bare purchase: then there is nothing to take back out.
      const anyBare = stmt(db, 'SELECT 1 FROM insights_bare LIMIT 1').get() !== undefined;
      for (const b of anyBare ? (stmt(db, LEFT_BARE_SQL).all(range) as Bare[]) : []) {
        stmt(db, UNCOUNT_SQL).run(b);
        stmt(db, 'DELETE FROM insights_bare WHERE purchase_id = ?').run(b.purchase_id);
      }
    }
    if (pmax > st.purchases_done) {
      for (const b of stmt(db, NEW_BARE_SQL).all({ pdone: st.purchases_done, pmax }) as Bare[]) {
        stmt(db, COUNT_BARE_SQL).run(b);
        stmt(db, ADD_BARE_SQL).run(b);
      }
    }
    stmt(db, 'UPDATE insights_state SET events_done = ?, purchases_done = ? WHERE id = 1').run(max, pmax);
  };
  if (db.inTransaction) run();
  else db.transaction(run)();
}

/**
 * Whether a report may read the summaries: they hold every event, and the agent's days
 * and the period start on quarter hours (always so for real UTC offsets and periods
 * that start at the agent's midnight). Otherwise it scans the events, exact but slower.
 */
export function summaryUsable(db: Db, q: { from: number; to: number; utcOffsetMinutes: number }): boolean {
  if (q.from % SLOT_MS !== 0 || q.to % SLOT_MS !== 0 || q.utcOffsetMinutes % 15 !== 0) return false;
  return hasTable(db, 'insights_state') && stmt(db, SUMMARY_STATE_SQL).pluck().get() === 1;
}
