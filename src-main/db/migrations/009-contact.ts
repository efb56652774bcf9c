// When the store said a customer's email and name (CustomerHint.asOf), one time per field:
// the newest word wins whatever order facts arrive in, and a fact that leaves one field out
// must not date the other. Null: the value came without a time (an older cache, a store
// that does not date it) and any dated fact replaces it.
import type { Migration } from './types';

export const m009Contact: Migration = {
  version: 9,
  name: 'customer-contact-time',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN email_at INTEGER;
      ALTER TABLE customers ADD COLUMN display_name_at INTEGER;
    `);
  },
};
