// Retry, backoff and Retry-After for every store call, and the failures no store names
// (DNS, refused, reset, timeout) as StoreError. It lives under stores/ so that adapters
// never import sync/ (the engine imports it from here): the stores -> sync cycle is gone.
// 429: wait what the store asks (Retry-After), else exponential backoff with jitter.
// 5xx and timeouts: retry within a bounded budget. Everything else: fail at once.
import { StoreError, type StoreErrorKind } from './errors';

/**
 * Parses Retry-After. HTTP (RFC 9110 §10.2.3, and Stripe, Google) sends delta-seconds or
 * an HTTP date; Apple's App Store Server API sends "the UNIX time, in milliseconds, that
 * you can retry the request" (App Store Server API, "Identifying rate limits"), hence
 * the unit.
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
  error: StoreError;
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Runs `fn` and retries it by the policy. `classify` turns whatever was thrown into a
 * StoreError (a StoreError passes through); what is not retryable is thrown at once.
 * Only for reads and for writes the store makes idempotent (Stripe's Idempotency-Key):
 * a transient failure of any other write has an unknown outcome and must be reconciled.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: (err: unknown) => StoreError = (e) => networkError(e),
  opts: RetryOptions = {},
): Promise<T> {
  const p = { ...DEFAULT_RETRY, ...opts.policy };
  let transient = 0;
  let limited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (raw) {
      const err = raw instanceof StoreError ? raw : classify(raw);
      const waits = err.kind === 'rate_limited' || err.kind === 'quota';
      let delay: number;
      if (waits && limited < p.maxRateLimitWaits && (err.retryAfterMs ?? 0) <= p.maxRetryAfterMs) {
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

/**
 * The kind an HTTP status means, for stores that document only the standard statuses.
 * 408 (Request Timeout) is a lost answer like a 5xx.
 */
export function kindOfStatus(status: number): StoreErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'transient';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  return 'refused';
}

// Node's (libuv's and undici's) codes for a network that is not there vs. an answer lost on the way.
const OFFLINE_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED', 'ENETDOWN'];
const TRANSIENT_CODES = ['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];

function codeOf(err: unknown): string {
  for (let e: unknown = err, i = 0; e && typeof e === 'object' && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  return '';
}

/**
 * A failure that no store client recognised: a network error (fetch's `TypeError: fetch
 * failed` carries the system code in `cause`), a timeout, an unreadable body. The harsher
 * reading wins where it is unclear: an error with no code is `transient` (the answer may
 * have been lost), not `offline` (nothing reached the store).
 */
export function networkError(err: unknown, store = 'The store'): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error && err.message ? err.message : String(err);
  const code = codeOf(err);
  const name = err instanceof Error ? err.name : '';
  if (OFFLINE_CODES.includes(code)) return new StoreError('offline', `${store} cannot be reached (${code}): ${message}`, { storeCode: code, cause: err });
  if (TRANSIENT_CODES.includes(code) || name === 'TimeoutError') {
    return new StoreError('transient', `${store} did not answer in time (${code || name}): ${message}`, { storeCode: code || null, cause: err });
  }
  if (err instanceof SyntaxError) return new StoreError('malformed', `${store} sent a response that could not be read: ${message}`, { cause: err });
  return new StoreError('transient', `${store} did not answer properly: ${message}`, { cause: err });
}

