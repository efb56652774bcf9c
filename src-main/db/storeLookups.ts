// What store adapters may ask the workspace cache, as plain functions (issue 19: stores/ does
// not import db/). services.ts builds these from the workspace db and hands them to the
// registry (stores/registry.ts, StoreLookups), which passes them to each store's factory.
import type { IdKind, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { knownOrderIds } from './ids';
import { stmt } from './statements';

/** Amazon receipts in the cache with their user: RVS verifies each one. */
function knownAmazonReceipts(db: Db): { receiptId: string; userId: string }[] {
  const rows = stmt(
    db,
    `SELECT store_key AS receiptId, json_extract(ids, '$.amazon_user_id') AS userId FROM purchases WHERE store = 'amazon'`,
  ).all() as { receiptId: string; userId: string | null }[];
  return rows.filter((r): r is { receiptId: string; userId: string } => Boolean(r.userId));
}

/**
 * The purchase a Stripe payment already belongs to in the cache (a subscription's `sub_…`
 * or the one-off payment itself), so the adapter's payment → subscription lookups last
 * across runs and restarts without a table of their own. Read from the ledger (issue 12):
 * every payment the cache holds has its row there (migration 006 rebuilt it from the
 * timeline), under the key the Stripe adapter gives it, the payment intent (or the charge);
 * the purchase is the one the cache placed the payment on.
 */
export const STRIPE_PAYMENT_OWNER = `SELECT p.store_key FROM payments pay JOIN purchases p ON p.id = pay.purchase_id
  WHERE pay.store = 'stripe' AND pay.payment_key = ?`;

export function stripePaymentOwner(db: Db): (paymentRef: string) => string | null {
  return (ref) => (stmt(db, STRIPE_PAYMENT_OWNER).pluck().get(ref) as string | undefined) ?? null;
}

/** The cache lookups of every store, over one workspace db. */
export function createStoreLookups(db: Db) {
  return {
    /** Every order of a store in the cache, renewals included (Google's Orders API pass re-reads them). */
    knownOrderIds: (store: Store, kind: IdKind) => knownOrderIds(db, store, kind),
    knownAmazonReceipts: () => knownAmazonReceipts(db),
    stripePaymentOwner: stripePaymentOwner(db),
  };
}
