// A customer's "spent" figure is a sum over every paid payment of theirs. With only
// (customer_id) indexed, SQLite visits each payment row (its merge state and refs
// included): 70 ms for a customer with 100,000 renewals, on the main thread. Carrying
// the summed columns in the index makes the sum read the index alone (6 ms, measured).
// The index keeps its name and its first column, so every lookup by customer still uses it.
import type { Migration } from './types';

export const m008CustomerMoney: Migration = {
  version: 8,
  name: 'customer-money-index',
  up(db) {
    db.exec(`
      DROP INDEX payments_customer;
      CREATE INDEX payments_customer ON payments(customer_id, status, currency, amount_minor);
    `);
  },
};
