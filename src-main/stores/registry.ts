// One line per store: how a credential becomes that store's adapter. Adding a fifth
// store touches its own folder and this file.
import type { Db } from '../db/connection';
import type { Credential } from '../secrets/credentials';
import type { StoreAdapter } from './adapter';
import { createAmazonAdapter } from './amazon';
import { createAppleAdapter, type AppleAdapterOptions } from './apple';
import { createGoogleAdapter, type GoogleAdapterOptions } from './google';
import { createStripeAdapter, type StripeAdapterOptions } from './stripe';

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

/** Order IDs of Google purchases in the cache: the Orders API pass re-reads them for Play Console refunds. */
function knownGoogleOrderIds(db: Db): string[] {
  return (db.prepare(`SELECT value FROM customer_ids WHERE kind = 'google_order_id'`).pluck().all() as string[]);
}

/** Amazon receipts in the cache with their user: RVS verifies each one. */
function knownAmazonReceipts(db: Db): { receiptId: string; userId: string }[] {
  const rows = db
    .prepare(`SELECT store_key AS receiptId, json_extract(ids, '$.amazon_user_id') AS userId FROM purchases WHERE store = 'amazon'`)
    .all() as { receiptId: string; userId: string | null }[];
  return rows.filter((r): r is { receiptId: string; userId: string } => Boolean(r.userId));
}

export function createAdapter(credential: Credential, deps: RegistryDeps): StoreAdapter {
  const { endpoints = {}, now } = deps;
  switch (credential.store) {
    case 'stripe':
      return createStripeAdapter({ credential, endpoint: endpoints.stripe, metadataKey: deps.stripeMetadataKey(), now });
    case 'google':
      return createGoogleAdapter({ credential, endpoint: endpoints.google, now, knownOrderIds: () => knownGoogleOrderIds(deps.db) });
    case 'apple':
      return createAppleAdapter({ credential, resourcesDir: deps.resourcesDir, now, ...endpoints.apple });
    case 'amazon':
      return createAmazonAdapter({ credential, baseUrl: endpoints.amazon?.baseUrl, now, knownReceipts: () => knownAmazonReceipts(deps.db) });
  }
}
