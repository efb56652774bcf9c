// The Google Play store adapter (STYLE.md, "A store adapter").
import type { GoogleCredential } from '../../secrets/credentials';
import type { ConnectionReport, StoreAdapter, StoreRefundRequest, SyncRun } from '../adapter';
import { createApi } from './api';
import { createPublisher, type GoogleEndpoint } from './client';
import { asSyncError, toGoogleError } from './errors';
import { realClock, voidedQuotaFor, type Clock, type QuotaLimiter } from './quota';
import { googleRefresh } from './refresh';
import { DEFAULT_SETTLE_MS, reconcileGoogle, refundGoogle, type GoogleRefundRequest } from './refund';
import { googleSync } from './sync';
import { googleCapabilities } from './words';

export { googleCapabilities } from './words';
export { googleRefundKey, googlePartialRefundKey, googleRevokeRefundKey } from './mapping';
export type { GoogleRefundRequest } from './refund';
export { GoogleStoreError } from './errors';
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

/** Errors leave a sync as the engine's SyncError (rate_limited, transient, auth, malformed…). */
async function* guarded(run: SyncRun): SyncRun {
  try {
    yield* run;
  } catch (e) {
    throw asSyncError(e);
  }
}

export function createGoogleAdapter(opts: GoogleAdapterOptions): GoogleAdapter {
  const clock: Clock = { now: opts.now ?? realClock.now, sleep: opts.sleep ?? realClock.sleep };
  const api = createApi(createPublisher(opts.credential, opts.endpoint), opts.credential.packageName, opts.timeoutMs ?? 20_000);
  const quota = opts.quota ?? voidedQuotaFor(opts.credential.packageName, clock);
  const account = opts.account ?? `google:${opts.credential.packageName}`;
  const timing = { settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS };

  return {
    store: 'google',
    capabilities: googleCapabilities,

    async testConnection(): Promise<ConnectionReport> {
      const testedAt = clock.now();
      try {
        await quota.take();
        await api.voidedList({ maxResults: 1 });
        return {
          ok: true,
          can: ['read voided purchases and orders (View financial data)'],
          missing: [],
          message: `Connected to Google Play for ${opts.credential.packageName}.`,
          testedAt,
        };
      } catch (e) {
        const g = toGoogleError(e, 'the connection test');
        const missing =
          g.status === 403
            ? ['the service account lacks View financial data (Play Console → Users and permissions); refunds also need Manage orders']
            : g.status === 401 || g.status === 400
              ? ['a valid service-account key: Google did not accept it']
              : [];
        return { ok: false, can: [], missing, message: g.message, testedAt };
      }
    },

    sync: (cursor, ctx) => guarded(googleSync({ api, account, clock, quota, knownOrderIds: opts.knownOrderIds ?? (() => []), pageSize: opts.voidedPageSize }, cursor, ctx)),
    refresh: (ids, ctx) => guarded(googleRefresh(api, clock, ids, ctx)),
    refund: (request) => refundGoogle(api, clock, request),
    refundOnce: (request) => refundGoogle(api, clock, { ...request, isRetry: true }),
    reconcile: (request) => reconcileGoogle(api, clock, request, timing),
  };
}
