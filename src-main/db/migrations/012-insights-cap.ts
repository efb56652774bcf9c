// Insights caps a payment's refunds at what it took, as the customer page does (round 4,
// domain/ledgerCount.ts countedRefunds): a refund's figure now depends on the other refunds
// of its payment. Upkeep re-derives the whole payment of each refund noted in insights_dirty
// (db/insightsRefunds.ts); these triggers note the one case that leaves no row of the payment
// to note: a refund that moves to another payment, or goes, frees the cap for those left.
// One sibling is enough (upkeep expands it to all of them), and a trigger stays O(1).
import { summarizeLedgerRefunds } from '../insightsRefunds';
import type { Migration } from './types';

const ONE_LEFT = `INSERT OR IGNORE INTO insights_dirty
  SELECT id FROM refunds WHERE store = old.store AND payment_key = old.payment_key LIMIT 1`;

export const m012InsightsCap: Migration = {
  version: 12,
  name: 'insights-cap',
  up(db) {
    db.exec(`
      CREATE TRIGGER refunds_insights_moved AFTER UPDATE ON refunds
        WHEN old.payment_key IS NOT new.payment_key OR old.store IS NOT new.store BEGIN
        ${ONE_LEFT};
      END;
      CREATE TRIGGER refunds_insights_gone AFTER DELETE ON refunds BEGIN
        ${ONE_LEFT};
      END;
    `);
    // Rows written before the cap counted each refund alone: derive them all again.
    summarizeLedgerRefunds(db, true);
  },
};
