// Summaries for Insights (issue 20: a year at 1M purchases under a second). Kept up to date
// at ingest by db/insightsDaily.ts, in the ingest transaction; Insights reads them instead
// of scanning every paid event. What each holds, and why it is exact, is in daily.ts.
import { summarizeNewEvents } from '../insightsDaily';
import type { Migration } from './types';

export const m007Daily: Migration = {
  version: 7,
  name: 'insights-daily',
  up(db) {
    db.exec(`
      -- Paid transactions per quarter hour (every UTC offset in use is a whole number of
      -- quarter hours, so an agent's day is a whole number of slots), store, currency
      -- ('' for none) and sandbox (1: a purchase that is not production).
      CREATE TABLE insights_paid (
        slot INTEGER NOT NULL,
        store TEXT NOT NULL,
        currency TEXT NOT NULL,
        sandbox INTEGER NOT NULL,
        paid INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        PRIMARY KEY (slot, store, currency, sandbox)
      ) WITHOUT ROWID;
      -- Purchases known only as a row (no paid or trial event), counted in insights_paid
      -- as they were when counted, so that their first event takes exactly that back out.
      CREATE TABLE insights_bare (
        purchase_id INTEGER PRIMARY KEY REFERENCES purchases(id),
        slot INTEGER NOT NULL,
        store TEXT NOT NULL,
        currency TEXT NOT NULL,
        sandbox INTEGER NOT NULL,
        amount INTEGER NOT NULL
      );
      -- One row per live refund (not failed, canceled or reversed), with the paid
      -- transaction it gave money back for, matched as the report's SQL does.
      CREATE TABLE insights_refunds (
        refund_id INTEGER PRIMARY KEY REFERENCES events(id),
        purchase_id INTEGER,
        at INTEGER NOT NULL,
        store TEXT,
        currency TEXT,
        amount INTEGER,
        sandbox INTEGER NOT NULL,
        reason TEXT NOT NULL,
        -- what a later failure (the store's refund ID) or reversal (the order) names it by
        store_ref TEXT,
        order_id TEXT,
        -- the paid transaction: an event ID, or minus the purchase ID for a purchase row
        paid_key INTEGER,
        paid_at INTEGER,
        paid_currency TEXT,
        -- 1 when that paid transaction is one the report counts as paid
        paid_counts INTEGER NOT NULL
      );
      CREATE INDEX insights_refunds_purchase ON insights_refunds(purchase_id, store_ref);
      -- How far the summaries got: events and purchases up to these IDs are counted.
      CREATE TABLE insights_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        events_done INTEGER NOT NULL,
        purchases_done INTEGER NOT NULL
      );
      INSERT INTO insights_state (id, events_done, purchases_done) VALUES (1, 0, 0);
      -- Start-up syncs Apple's consumption requests (refunds/consumption.ts): without this
      -- it read every event of the workspace at each start; with it, one seek.
      CREATE INDEX events_consumption ON events(purchase_id) WHERE type = 'consumption_request';
      -- Start-up reconciles the open refund intents: found by status, not by reading them all.
      CREATE INDEX refund_intents_status ON refund_intents(status);
    `);
    // A workspace that already holds data is summarized once, here.
    summarizeNewEvents(db);
  },
};
