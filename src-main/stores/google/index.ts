// The Google Play store adapter (STYLE.md, "A store adapter"): the factory only. Every
// call throws StoreError (client.ts maps Google's failures), so sync and lookup need no
// translation of their own. What Google allows is its STORE_PROFILES entry (domain/profiles.ts).
import type { GoogleCredential } from '../../secrets/credentials';
import type { StoreAdapter, StoreRefundRequest } from '../adapter';
import { createApi } from './api';
import { createPublisher, type GoogleEndpoint } from './client';
import { testGoogleConnection } from './connection';
import { realClock, voidedQuotaFor, type Clock, type QuotaLimiter } from './quota';
import { googleRefresh } from './refresh';
import { DEFAULT_SETTLE_MS, reconcileGoogle, refundGoogle, type GoogleRefundRequest } from './refund';
import { googleSync } from './sync';

export { googleRefundKey, googlePartialRefundKey, googleRevokeRefundKey } from './map';
export type { GoogleRefundRequest } from './refund';
export { QuotaLimiter, VOIDED_QUOTA, type Clock } from './quota';

export interface GoogleAdapterOptions {
  credential: GoogleCredential;
  /** Tests only: the local server for the API and the OAuth token request. */
  endpoint?: GoogleEndpoint;
  now?: () => number;
  /** Waits (quota); tests pass a fake clock's sleep. */
  sleep?: Clock['sleep'];
  timeoutMs?: number;
  /** Order IDs already in the cache: the Orders API pass re-reads them for Play Console refunds. */
  knownOrderIds?: () => string[];
  /** Sync cursor account name (default "google:<package>"). */
  account?: string;
  /** The package's Voided Purchases limiter (default: the process-wide one of the package). */
  quota?: QuotaLimiter;
  /** Voided Purchases page size (default 1000, Google's maximum). */
  voidedPageSize?: number;
  /** How long a sent refund may still be performed inside Google (refund.ts; default 10 minutes). */
  settleMs?: number;
}

export interface GoogleAdapter extends StoreAdapter {
  refund(request: StoreRefundRequest | GoogleRefundRequest): ReturnType<NonNullable<StoreAdapter['refund']>>;
  reconcile(request: StoreRefundRequest): ReturnType<NonNullable<StoreAdapter['reconcile']>>;
  refresh: NonNullable<StoreAdapter['refresh']>;
  /** Read the order first; refund only if Google shows no refund yet. For any retry. */
  refundOnce(request: GoogleRefundRequest): ReturnType<NonNullable<StoreAdapter['refund']>>;
}

export function createGoogleAdapter(opts: GoogleAdapterOptions): GoogleAdapter {
  const clock: Clock = { now: opts.now ?? realClock.now, sleep: opts.sleep ?? realClock.sleep };
  const api = createApi(createPublisher(opts.credential, opts.endpoint), opts.credential.packageName, opts.timeoutMs ?? 20_000, clock.now);
  const quota = opts.quota ?? voidedQuotaFor(opts.credential.packageName, clock);
  const account = opts.account ?? `google:${opts.credential.packageName}`;
  const timing = { settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS };

  return {
    store: 'google',
    testConnection: () => testGoogleConnection(api, quota, clock),
    sync: (cursor, ctx) => googleSync({ api, account, clock, quota, knownOrderIds: opts.knownOrderIds ?? (() => []), pageSize: opts.voidedPageSize }, cursor, ctx),
    refresh: (ids, ctx) => googleRefresh(api, clock, ids, ctx),
    refund: (request) => refundGoogle(api, clock, request),
    refundOnce: (request) => refundGoogle(api, clock, { ...request, isRetry: true }),
    reconcile: (request) => reconcileGoogle(api, clock, request, timing),
  };
}
