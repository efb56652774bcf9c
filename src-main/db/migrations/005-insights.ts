// Indexes for Insights (DESIGN §8: long reports must not scan the events table row by row).
import type { Migration } from './types';

export const m005Insights: Migration = {
  version: 5,
  name: 'insights',
  up(db) {
    db.exec(`
      -- Every Insights series reads one or a few event types over a time range. Covering:
      -- a year of paid events (most of the table) is summed from the index alone, without
      -- a read of each event row and its JSON.
      CREATE INDEX events_insights ON events(type, occurred_at, store, purchase_id, amount_minor, currency);
      -- Sandbox and test purchases are few; Insights leaves them out by looking their ids
      -- up here rather than joining every event to its purchase.
      CREATE INDEX purchases_not_production ON purchases(id) WHERE environment <> 'production';
      -- Whether a refund stayed (not failed, not reversed) is asked for every refund of a
      -- report; these outcomes are rare, so two small partial indexes answer it in one seek.
      CREATE INDEX events_refund_failed ON events(purchase_id) WHERE type = 'refund_failed';
      CREATE INDEX events_refund_reversed ON events(purchase_id, order_id, occurred_at) WHERE type = 'refund_reversed';
      -- The refund rate also counts purchases known only as a row (no purchase event),
      -- found by the time of purchase.
      CREATE INDEX purchases_purchased_at ON purchases(purchased_at);
    `);
  },
};
