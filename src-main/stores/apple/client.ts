// The App Store Server API through Apple's library: every failure becomes a StoreError,
// 429s are waited out by stores/http's retry loop with Apple's own Retry-After.
import { APIException, AppStoreServerAPIClient, type Environment as AppleEnvironment } from '@apple/app-store-server-library';
import type { AppleCredential } from '../../secrets/credentials';
import { StoreError } from '../errors';
import { kindOfStatus, networkError, parseRetryAfter, withRetry, type RetryPolicy } from '../http';

export type AppleClientFactory = (credential: AppleCredential, environment: AppleEnvironment) => AppStoreServerAPIClient;

export const defaultAppleClientFactory: AppleClientFactory = (c, env) =>
  new AppStoreServerAPIClient(c.privateKey, c.keyId, c.issuerId, c.bundleId, env);

type FetchHook = (...args: unknown[]) => Promise<{ status: number; headers: { get(name: string): string | null } }>;

/**
 * The library drops response headers (APIException carries only the status and Apple's
 * error code), but after a 429 Apple's Retry-After header holds "the UNIX time, in
 * milliseconds, that you can retry the request" (App Store Server API, "Identifying rate
 * limits"). So the client's protected fetch hook is wrapped on this instance to keep the
 * wait until then; a test subclass that overrides the hook is wrapped the same way.
 */
function observeRetryAfter(client: AppStoreServerAPIClient, now: () => number): () => number | null {
  let last: number | null = null;
  const target = client as unknown as { makeFetchRequest: FetchHook };
  const inner = target.makeFetchRequest.bind(client);
  target.makeFetchRequest = async (...args: unknown[]) => {
    const res = await inner(...args);
    last = res.status === 429 ? parseRetryAfter(res.headers.get('retry-after'), 'epoch_milliseconds', now()) : null;
    return res;
  };
  return () => last;
}

/**
 * Apple's error codes whose name ends in "Retryable" (App Store Server API, Error codes:
 * AccountNotFoundRetryableError 4040002, AppNotFoundRetryableError 4040004,
 * OriginalTransactionIdNotFoundRetryableError 4040006, GeneralInternalRetryableError
 * 5000001): the thing may exist a moment later, so they are not a `not_found`.
 */
const RETRYABLE_CODES = new Set([4040002, 4040004, 4040006, 5000001]);

/** The library's words for a 2xx body that its validator or JSON parser rejected. */
const MALFORMED = /Unexpected response body format|invalid json|Unexpected token|JSON/i;

/** Whatever one API call threw, as a StoreError in words the agent can act on. */
export function appleError(e: unknown, what: string, retryAfterMs: number | null = null): StoreError {
  if (e instanceof StoreError) return e;
  if (e instanceof APIException) {
    const status = e.httpStatusCode;
    const storeCode = e.apiError != null ? String(e.apiError) : null;
    const code = storeCode ? ` (error ${storeCode})` : '';
    const words = e.errorMessage ? ` Apple says: "${e.errorMessage}"` : '';
    const d = { status, storeCode, cause: e };
    if (typeof e.apiError === 'number' && RETRYABLE_CODES.has(e.apiError)) {
      return new StoreError('transient', `Apple could not answer ${what} for now (${status})${code}; try again later.${words}`, d);
    }
    switch (kindOfStatus(status)) {
      case 'auth':
        return new StoreError('auth', `Apple refused the In-App Purchase key (${status}) for ${what}: check the key ID, issuer ID, bundle ID and the .p8 key.`, d);
      case 'not_found':
        return new StoreError('not_found', `Apple does not know this ${what} (404)${code}.${words}`, d);
      case 'rate_limited':
        return new StoreError('rate_limited', `Apple rate-limited ${what} (429)${retryAfterMs != null ? `; it asks to wait ${retryAfterMs} ms` : ''}. Sync resumes from here.`, { ...d, retryAfterMs });
      case 'transient':
        return new StoreError('transient', `Apple's server failed on ${what} (${status})${code}; try again later.`, d);
      default:
        return new StoreError('refused', `Apple refused ${what} (${status})${code}.${words}`, d);
    }
  }
  const msg = e instanceof Error ? e.message : String(e);
  // node-fetch (the library's fetch) reports an unparsable body as FetchError type 'invalid-json'.
  const unreadable = e instanceof Error && (e.name === 'FetchError' ? (e as { type?: unknown }).type === 'invalid-json' : MALFORMED.test(msg));
  if (e instanceof SyntaxError || unreadable) {
    return new StoreError('malformed', `Apple sent a ${what} answer that is not its documented format (${msg}); nothing of it was written.`, { cause: e });
  }
  return networkError(e, `Apple (${what})`);
}

export interface AppleCallOptions {
  signal?: AbortSignal;
  /** Each 429 wait, to be said in the sync status. */
  onWait?: (ms: number) => void;
}

export interface AppleClient {
  readonly api: AppStoreServerAPIClient;
  /** One API call: 429s waited out by the policy, anything else thrown at once as StoreError. */
  call<T>(what: string, fn: (api: AppStoreServerAPIClient) => Promise<T>, o?: AppleCallOptions): Promise<T>;
}

export interface AppleClientOptions {
  now: () => number;
  /** Overrides of the shared policy (tests: sleep, random). */
  retry?: Partial<RetryPolicy>;
  /**
   * Apple documents no response time; without one the library would wait forever. After
   * this long the call fails as `transient` (for a write: the outcome is unknown).
   */
  timeoutMs?: number;
}

/**
 * Apple's own retries are the 429 waits: up to 3, each at most a minute (its limits are
 * per hour, a longer wait ends the run and the next sync resumes from the cursor). 5xx
 * and timeouts are not retried here: the engine retries the whole run from its cursor,
 * and Send Consumption Information is a write whose lost answer must not be sent blindly.
 */
const APPLE_RETRY: Partial<RetryPolicy> = { maxAttempts: 1, maxRateLimitWaits: 3, maxRetryAfterMs: 60_000, baseDelayMs: 1000 };

export function createAppleClient(api: AppStoreServerAPIClient, o: AppleClientOptions): AppleClient {
  const lastRetryAfter = observeRetryAfter(api, o.now);
  const timeoutMs = o.timeoutMs ?? 30_000;
  async function once<T>(what: string, fn: (api: AppStoreServerAPIClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreError('transient', `Apple did not answer ${what} within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    });
    try {
      return await Promise.race([fn(api), timeout]);
    } catch (e) {
      throw appleError(e, what, e instanceof APIException && e.httpStatusCode === 429 ? lastRetryAfter() : null);
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    api,
    call: (what, fn, c = {}) =>
      withRetry(() => once(what, fn), (e) => appleError(e, what), {
        policy: { ...APPLE_RETRY, ...o.retry },
        signal: c.signal,
        onRetry: ({ delayMs }) => c.onWait?.(delayMs),
      }),
  };
}
