// A refund preview states a purchase's totals over all its paid payments (issue 20). With
// only payments_purchase (purchase_id, paid_at, payment_key), SQLite visits every payment
// row of the purchase and sorts them by currency: 16-50 ms for a purchase renewing hourly
// (100,000 payments), on the main thread. Carrying the summed columns in the index, in the
// GROUP BY's order, makes the count and the sum read the index alone (5 ms, as 008 did for
// the customer). `status` comes after `currency` on purpose: with (purchase_id, status) as
// its prefix the planner took this index for "latest paid payment" queries (entitlement,
// the preview's newest page) and sorted all 100,000 rows (40 ms) instead of walking
// payments_purchase in paid_at order.
import type { Migration } from './types';

export const m012PurchaseMoney: Migration = {
  version: 12,
  name: 'purchase-money-index',
  up(db) {
    db.exec('CREATE INDEX payments_purchase_money ON payments(purchase_id, currency, status, amount_minor)');
  },
};
