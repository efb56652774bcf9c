// Insights caps a payment's refunds at what it took, as the customer page does (round 4,
// domain/ledgerCount.ts countedRefunds): a refund's figure now depends on the other refunds
// of its payment. insights_payments keeps, per payment, what its refunds count in all and
// whether the cap cut any, so that upkeep (db/insightsRefunds.ts) writes only the changed
// rows while the cap cuts nothing. A payment without a row there is derived whole on its
// next change: the triggers drop the row when a refund leaves the payment (goes, moves to
// another payment) or changes date (its place in the count), and note one refund left so
// that the payment is derived again in the same batch. Each trigger stays O(1).
import { summarizeLedgerRefunds } from '../insightsRefunds';
import type { Migration } from './types';

const FORGET = (x: 'old' | 'new') => `DELETE FROM insights_payments WHERE store = ${x}.store AND payment_key = ${x}.payment_key`;
const ONE_LEFT = `INSERT OR IGNORE INTO insights_dirty SELECT id FROM refunds WHERE store = old.store AND payment_key = old.payment_key LIMIT 1`;

export const m013InsightsCap: Migration = {
  version: 13,
  name: 'insights-cap',
  up(db) {
    db.exec(`
      CREATE TABLE insights_payments (
        store TEXT NOT NULL,
        payment_key TEXT NOT NULL,
        counted INTEGER NOT NULL, -- the sum of the payment's insights_refunds amounts
        capped INTEGER NOT NULL,  -- 1 when the cap cut a refund's amount
        PRIMARY KEY (store, payment_key)
      ) WITHOUT ROWID;
      CREATE TRIGGER refunds_insights_moved AFTER UPDATE ON refunds
        WHEN old.payment_key IS NOT new.payment_key OR old.store IS NOT new.store OR old.created_at IS NOT new.created_at BEGIN
        ${FORGET('old')};
        ${FORGET('new')};
        ${ONE_LEFT};
      END;
      CREATE TRIGGER refunds_insights_gone AFTER DELETE ON refunds BEGIN
        ${FORGET('old')};
        ${ONE_LEFT};
      END;
    `);
    // Rows written before the cap counted each refund alone: derive them all again.
    summarizeLedgerRefunds(db, true);
  },
};
