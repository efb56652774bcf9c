// Calls to the App Store Server API through the library's client, with Apple's rate
// limits honoured and its errors turned into DeskErrors the UI can act on.
import { APIException, AppStoreServerAPIClient, type Environment as AppleEnvironment } from '@apple/app-store-server-library';
import { DeskError } from '../../ipc/define';
import type { AppleCredential } from '../../secrets/credentials';
import { abortableSleep, parseRetryAfter } from '../http';

export type AppleClientFactory = (credential: AppleCredential, environment: AppleEnvironment) => AppStoreServerAPIClient;

export const defaultAppleClientFactory: AppleClientFactory = (c, env) =>
  new AppStoreServerAPIClient(c.privateKey, c.keyId, c.issuerId, c.bundleId, env);

type FetchHook = (...args: unknown[]) => Promise<{ status: number; headers: { get(name: string): string | null } }>;

/**
 * The library drops response headers (APIException carries only the status and Apple's
 * error code), but after a 429 Apple's Retry-After header holds the UNIX time, in
 * milliseconds, when the next request may be sent ("Identifying rate limits"). So the
 * client's protected fetch hook is wrapped on this instance to keep the wait until then;
 * a test subclass that overrides the hook is wrapped the same way.
 */
export function observeRetryAfter(client: AppStoreServerAPIClient, now: () => number = Date.now): { lastRetryAfterMs: () => number | null } {
  let last: number | null = null;
  const target = client as unknown as { makeFetchRequest: FetchHook };
  const inner = target.makeFetchRequest.bind(client);
  target.makeFetchRequest = async (...args: unknown[]) => {
    const res = await inner(...args);
    last = res.status === 429 ? parseRetryAfter(res.headers.get('retry-after'), 'epoch_milliseconds', now()) : null;
    return res;
  };
  return { lastRetryAfterMs: () => last };
}

export interface CallOptions {
  signal?: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 429s answered by waiting before giving up with `rate_limited`. */
  maxRateLimitRetries: number;
  /** Longest single wait honoured inside one call; a longer Retry-After ends the run. */
  maxWaitMs: number;
  onWait?: (ms: number) => void;
}

/** A cancelled sync surfaces as a DeskError the UI can show, not as the signal's bare reason. */
export async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await abortableSleep(ms, signal);
  } catch {
    throw new DeskError('internal', 'Sync cancelled.');
  }
}

export class AppleRateLimitError extends DeskError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super('rate_limited', message, true);
  }
}

export function describeAppleError(e: unknown, what: string): DeskError {
  if (e instanceof DeskError) return e;
  if (e instanceof APIException) {
    const words = e.errorMessage ? ` Apple says: "${e.errorMessage}"` : '';
    const code = e.apiError != null ? ` (error ${e.apiError})` : '';
    if (e.httpStatusCode === 401) {
      return new DeskError(
        'store_refused',
        `Apple refused the In-App Purchase key (401) for ${what}: check the key ID, issuer ID, bundle ID and the .p8 key.`,
      );
    }
    if (e.httpStatusCode === 404) return new DeskError('not_found', `Apple does not know this ${what} (404)${code}.${words}`);
    if (e.httpStatusCode === 429) return new DeskError('rate_limited', `Apple rate-limited ${what} (429).`, true);
    if (e.httpStatusCode >= 500) {
      return new DeskError('store_unavailable', `Apple's server failed on ${what} (${e.httpStatusCode})${code}; try again later.`, true);
    }
    return new DeskError('store_refused', `Apple refused ${what} (${e.httpStatusCode})${code}.${words}`);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new DeskError('offline', `Apple could not be reached for ${what}: ${msg}`, true);
}

/** One API call; on 429 waits what Apple's Retry-After says (ms) and tries again. */
export async function callApple<T>(
  observed: { lastRetryAfterMs: () => number | null },
  what: string,
  fn: () => Promise<T>,
  opts: CallOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof APIException) || e.httpStatusCode !== 429) throw describeAppleError(e, what);
      // Apple's limits are per endpoint and per hour; without a header wait a second, doubling.
      const wait = observed.lastRetryAfterMs() ?? 1000 * 2 ** attempt;
      if (attempt >= opts.maxRateLimitRetries || wait > opts.maxWaitMs) {
        throw new AppleRateLimitError(`Apple rate-limited ${what} (429); it asks to wait ${wait} ms. Sync resumes from here.`, wait);
      }
      opts.onWait?.(wait);
      await opts.sleep(wait, opts.signal);
    }
  }
}
