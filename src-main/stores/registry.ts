// One line per store: how a credential becomes that store's adapter. Adding a fifth store
// touches its own folder, one import and one table line here, and its STORE_PROFILES entry.
// The registry reads nothing itself: the cache lookups arrive as functions (db/storeLookups.ts,
// built in services.ts), so stores/ does not import db/.
import type { IdKind, Store } from '../ipc/vocabulary';
import type { Credential, CredentialOf } from '../secrets/credentials';
import type { StoreAdapter } from './adapter';
import { createAmazonAdapter } from './amazon';
import { createAppleAdapter, type AppleAdapterOptions } from './apple';
import { createGoogleAdapter, type GoogleAdapterOptions } from './google';
import { createStripeAdapter, type StripeAdapterOptions } from './stripe';
// ANCHOR: store imports (a new store's factory import goes above this line)

/** Where the four first stores' APIs are, each in its own shape. */
interface KnownEndpoints {
  stripe?: StripeAdapterOptions['endpoint'];
  google?: GoogleAdapterOptions['endpoint'];
  apple?: Pick<AppleAdapterOptions, 'apiClientFactory' | 'rootCertificates' | 'enableOnlineChecks'>;
  amazon?: { baseUrl: string };
}

/**
 * Where each store's API is. Production leaves it empty; tests point it at local servers.
 * Any store added later takes a base URL, so a new store needs no edit here.
 */
export type StoreEndpoints = KnownEndpoints & { [S in Exclude<Store, keyof KnownEndpoints>]?: { baseUrl: string } };

/** What a store may ask the workspace cache (db/storeLookups.ts builds them). */
export interface StoreLookups {
  knownOrderIds(store: Store, kind: IdKind): string[];
  knownAmazonReceipts(): { receiptId: string; userId: string }[];
  stripePaymentOwner(paymentRef: string): string | null;
  /** Customer metadata key that holds the app's user ID (workspace settings). */
  stripeMetadataKey(): string;
}

/** What every store's factory gets besides its credential. */
export interface StoreDeps<S extends Store = Store> extends StoreLookups {
  now: () => number;
  resourcesDir: string;
  endpoint: StoreEndpoints[S];
}

export interface RegistryDeps extends StoreLookups {
  resourcesDir: string;
  endpoints?: StoreEndpoints;
  now?: () => number;
}

type Factory<S extends Store> = (credential: CredentialOf<S>, deps: StoreDeps<S>) => StoreAdapter;

const FACTORIES: { [S in Store]: Factory<S> } = {
  stripe: (credential, d) => createStripeAdapter({ credential, endpoint: d.endpoint, metadataKey: d.stripeMetadataKey(), now: d.now, paymentOwner: d.stripePaymentOwner }),
  // Every order in the cache: the Orders API pass re-reads them for Play Console refunds that Voided Purchases never lists.
  google: (credential, d) => createGoogleAdapter({ credential, endpoint: d.endpoint, now: d.now, knownOrderIds: () => d.knownOrderIds('google', 'google_order_id') }),
  apple: (credential, d) => createAppleAdapter({ credential, resourcesDir: d.resourcesDir, now: d.now, ...d.endpoint }),
  amazon: (credential, d) => createAmazonAdapter({ credential, baseUrl: d.endpoint?.baseUrl, now: d.now, knownReceipts: d.knownAmazonReceipts }),
  // ANCHOR: store adapters (a new store's table line goes above this line)
};

export function createAdapter(credential: Credential, deps: RegistryDeps): StoreAdapter {
  const store = credential.store;
  // The table is typed per store; TypeScript cannot correlate `credential.store` with its
  // credential type through a union, so the lookup is widened once here.
  const factory = FACTORIES[store] as Factory<Store> | undefined;
  // Only a build that skipped the type check gets here; say which store lacks its line.
  if (!factory) throw new Error(`The registry has no adapter factory for ${store}.`);
  const { endpoints = {}, now = Date.now, ...rest } = deps;
  return factory(credential as CredentialOf<Store>, { ...rest, now, endpoint: endpoints[store] });
}
