// Retry and backoff for store calls, shared by every adapter and the sync engine.
// 429: wait what the store asks (Retry-After), else exponential backoff with jitter.
// 5xx and timeouts: retry within a bounded budget. Everything else: fail at once.

/** Why a store call failed, as far as retrying is concerned. Message: the store's own words. */
export type FailureKind =
  | 'rate_limited' // 429
  | 'transient' // 5xx, timeout, connection dropped
  | 'offline' // the network is down (DNS, refused, unreachable)
  | 'auth' // 401/403: the credential is wrong or lacks a right
  | 'malformed' // the store answered something that is not its documented format
  | 'fatal'; // any other 4xx

export class SyncError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
    /** The store's error code, e.g. Stripe `resource_missing`. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/**
 * Parses Retry-After. HTTP (and Stripe, Google) send delta-seconds or an HTTP date;
 * Apple's App Store Server API sends a UNIX time in milliseconds, hence the unit.
 */
export function parseRetryAfter(
  value: string | number | null | undefined,
  unit: 'seconds' | 'milliseconds' | 'epoch_milliseconds' = 'seconds',
  now = Date.now(),
): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (Number.isFinite(n)) {
    if (n < 0) return null;
    if (unit === 'seconds') return Math.round(n * 1000);
    if (unit === 'milliseconds') return Math.round(n);
    return Math.max(0, Math.round(n - now));
  }
  const date = Date.parse(String(value));
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface RetryPolicy {
  /** Attempts in all for 5xx and timeouts (the budget), the first one included. */
  maxAttempts: number;
  /** Waits after 429 before giving up. */
  maxRateLimitWaits: number;
  baseDelayMs: number;
  /** Cap of our own exponential backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out in place; the call fails as rate limited. */
  maxRetryAfterMs: number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  maxRateLimitWaits: 5,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 15 * 60_000,
  random: Math.random,
  sleep: abortableSleep,
};

/** "Full jitter" exponential backoff: uniform in [0, min(max, base·2^attempt)], at least base/2. */
export function backoffDelay(attempt: number, p: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const cap = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return Math.max(p.baseDelayMs / 2, Math.round(cap * p.random()));
}

/**
 * Waits at least the store's Retry-After, plus a little jitter so that many clients do not
 * return at the same instant; without Retry-After, exponential backoff with jitter.
 */
export function rateLimitDelay(retryAfterMs: number | null, attempt: number, p: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  if (retryAfterMs === null) return backoffDelay(attempt + 1, p);
  return retryAfterMs + Math.round(Math.min(1000, p.baseDelayMs) * 0.5 * p.random());
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  error: SyncError;
}

/**
 * Runs `fn` and retries it by the policy. `classify` turns whatever the SDK threw into a
 * SyncError; errors that are not retryable are thrown at once as SyncError.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: (err: unknown) => SyncError,
  opts: { policy?: Partial<RetryPolicy>; signal?: AbortSignal; onRetry?: (info: RetryInfo) => void } = {},
): Promise<T> {
  const p = { ...DEFAULT_RETRY, ...opts.policy };
  let transient = 0;
  let limited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (raw) {
      const err = raw instanceof SyncError ? raw : classify(raw);
      let delay: number;
      if (err.kind === 'rate_limited' && limited < p.maxRateLimitWaits && (err.retryAfterMs ?? 0) <= p.maxRetryAfterMs) {
        delay = rateLimitDelay(err.retryAfterMs, limited++, p);
      } else if (err.kind === 'transient' && ++transient < p.maxAttempts) {
        delay = backoffDelay(transient, p);
      } else {
        throw err;
      }
      opts.onRetry?.({ attempt, delayMs: delay, error: err });
      await p.sleep(delay, opts.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
