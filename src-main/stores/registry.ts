// One line per store: how a credential becomes that store's adapter. Adding a fifth
// store touches its own folder and this file.
import type { Db } from '../db/connection';
import { knownOrderIds } from '../db/ids';
import { stmt } from '../db/statements';
import type { Credential } from '../secrets/credentials';
import type { StoreAdapter } from './adapter';
import { createAmazonAdapter } from './amazon';
import { createAppleAdapter, type AppleAdapterOptions } from './apple';
import { createGoogleAdapter, type GoogleAdapterOptions } from './google';
import { createStripeAdapter, type StripeAdapterOptions } from './stripe';
// ANCHOR: store imports (a new store's factory import goes above this line)

/** Where each store's API is. Production leaves it empty; tests point it at local servers. */
export interface StoreEndpoints {
  stripe?: StripeAdapterOptions['endpoint'];
  google?: GoogleAdapterOptions['endpoint'];
  apple?: Pick<AppleAdapterOptions, 'apiClientFactory' | 'rootCertificates' | 'enableOnlineChecks'>;
  amazon?: { baseUrl: string };
}

export interface RegistryDeps {
  db: Db;
  resourcesDir: string;
  endpoints?: StoreEndpoints;
  stripeMetadataKey(): string;
  now?: () => number;
}

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
 * across runs and restarts without a table of their own.
 */
export function stripePaymentOwner(db: Db): (paymentRef: string) => string | null {
  return (ref) =>
    (
      stmt(
        db,
        `SELECT p.store_key FROM events e JOIN purchases p ON p.id = e.purchase_id
         WHERE e.order_id = ? AND p.store = 'stripe' AND e.type IN ('purchase', 'renewal') LIMIT 1`,
      ).get(ref) as { store_key: string } | undefined
    )?.store_key ?? null;
}

export function createAdapter(credential: Credential, deps: RegistryDeps): StoreAdapter {
  const { endpoints = {}, now } = deps;
  switch (credential.store) {
    case 'stripe':
      return createStripeAdapter({ credential, endpoint: endpoints.stripe, metadataKey: deps.stripeMetadataKey(), now, paymentOwner: stripePaymentOwner(deps.db) });
    case 'google':
      // Every order in the cache, renewals included: the Orders API pass re-reads them for
      // Play Console refunds that Voided Purchases never lists.
      return createGoogleAdapter({
        credential,
        endpoint: endpoints.google,
        now,
        knownOrderIds: () => knownOrderIds(deps.db, 'google', 'google_order_id'),
      });
    case 'apple':
      return createAppleAdapter({ credential, resourcesDir: deps.resourcesDir, now, ...endpoints.apple });
    case 'amazon':
      return createAmazonAdapter({ credential, baseUrl: endpoints.amazon?.baseUrl, now, knownReceipts: () => knownAmazonReceipts(deps.db) });
    // ANCHOR: store adapters (a new store's case goes above this line)
  }
}
