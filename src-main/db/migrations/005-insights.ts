// Indexes for Insights (DESIGN §8: reports must not read the events table row by row
// for the few rows they need). All but one are partial: they hold only the rare rows
// Insights looks for (refunds, their outcomes, disputes, sandbox purchases), so ingest,
// which writes mostly purchases and renewals, does not pay for them. A full index on
// events(type, occurred_at, …) would make the paid-transactions scan about twice as fast
// but costs ingest about a quarter of its CPU (measured on the bench workspace), against
// the import budget; that scan runs in the Insights worker instead (insights/runner.ts).
import type { Migration } from './types';

export const m005Insights: Migration = {
  version: 5,
  name: 'insights',
  up(db) {
    db.exec(`
      -- Refunds of a period, covering for the refunds-over-time series.
      CREATE INDEX events_refunds ON events(occurred_at, store, purchase_id, amount_minor, currency)
        WHERE type = 'refund';
      -- Disputes and chargebacks of a period. ORs, not IN: an IN list here is re-built on
      -- every insert into events (+14% ingest CPU, measured). SQLite uses a partial index
      -- when the query's WHERE holds this term as written, or one of its ORed equalities.
      CREATE INDEX events_disputes ON events(occurred_at, type, store, purchase_id, amount_minor, currency)
        WHERE type = 'dispute_opened' OR type = 'dispute_won' OR type = 'dispute_lost';
      -- Whether a refund stayed (not failed, not reversed) is asked for every refund of a
      -- report; these outcomes are rare, so each answer is one seek.
      CREATE INDEX events_refund_failed ON events(purchase_id) WHERE type = 'refund_failed';
      CREATE INDEX events_refund_reversed ON events(purchase_id, order_id, occurred_at) WHERE type = 'refund_reversed';
      -- Sandbox and test purchases are few; Insights leaves them out by looking their ids
      -- up here rather than joining every event to its purchase.
      CREATE INDEX purchases_not_production ON purchases(id) WHERE environment <> 'production';
    `);
  },
};
