// The Apple App Store adapter's factory: Get Notification History for sync (sync.ts),
// per-customer history for refresh (refresh.ts), Send Consumption Information as the
// consumption capability (consumption.ts). Every JWS goes through SignedDataVerifier
// (verify.ts); nothing unverified reaches a batch. No refund: Apple lets no developer refund.
import type { AppleCredential } from '../../secrets/credentials';
import type { StoreAdapter } from '../adapter';
import type { RetryPolicy } from '../http';
import { createAppleClient, defaultAppleClientFactory, type AppleClientFactory } from './client';
import { createAppleConsumption } from './consumption';
import type { AppleParts } from './context';
import { createAppleRefresh } from './refresh';
import { readAppleRootCertificates } from './roots';
import { createAppleSync, testAppleConnection } from './sync';
import { appleEnvironment, createAppleVerifier } from './verify';

export interface AppleAdapterOptions {
  credential: AppleCredential;
  /** DER certificates to trust; default Apple Root CA G3 from resources/. */
  rootCertificates?: Buffer[];
  resourcesDir?: string;
  apiClientFactory?: AppleClientFactory;
  /** OCSP revocation checks and "now" for certificate dates; on by default in production use. */
  enableOnlineChecks?: boolean;
  now?: () => number;
  /** Overrides of Apple's 429 policy (tests: sleep, random). */
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Whether the subscription's latest period in the cache was a free trial (trial → paid renewal). */
  wasInTrial?: (originalTransactionId: string) => boolean;
}

export function createAppleAdapter(opts: AppleAdapterOptions): StoreAdapter {
  const { credential } = opts;
  const now = opts.now ?? Date.now;
  const roots = opts.rootCertificates ?? readAppleRootCertificates(opts.resourcesDir);
  const verify = createAppleVerifier(credential, roots, opts.enableOnlineChecks ?? true);
  const api = (opts.apiClientFactory ?? defaultAppleClientFactory)(credential, appleEnvironment(credential.environment));
  const parts: AppleParts = {
    credential,
    verify,
    now,
    account: `apple:${credential.bundleId}:${credential.environment}`,
    client: createAppleClient(api, { now, retry: opts.retry, timeoutMs: opts.timeoutMs }),
  };
  return {
    store: 'apple',
    testConnection: () => testAppleConnection(parts),
    sync: createAppleSync(parts, opts.wasInTrial),
    refresh: createAppleRefresh(parts),
    consumption: createAppleConsumption(parts),
  };
}

export { appleError, type AppleClientFactory } from './client';
export { HISTORY_DAYS } from './context';
export { AppleVerificationError, createAppleVerifier } from './verify';
export { readAppleRootCertificates, defaultResourcesDir, APPLE_ROOT_FILE } from './roots';
export { CONSUMPTION_WINDOW_MS } from './map';
