// TRANSITIONAL (issue 19): the retry code moved to src-main/stores/http.ts and the error
// to src-main/stores/errors.ts. These re-exports let Stripe and Google (stores-sg) move
// over in their own commits; the file goes once nothing imports it.
import { StoreError, type StoreErrorKind } from '../stores/errors';
import { kindOfStatus } from '../stores/http';

export { abortableSleep, backoffDelay, DEFAULT_RETRY, parseRetryAfter, rateLimitDelay, withRetry, type RetryInfo, type RetryPolicy } from '../stores/http';

/** The old kinds; 'fatal' is StoreError's 'refused' (or 'not_found' for a 404). */
export type FailureKind = Exclude<StoreErrorKind, 'quota' | 'not_found' | 'refused'> | 'fatal';

/** @deprecated throw StoreError. Kept as a StoreError so withRetry and the engine read it. */
export class SyncError extends StoreError {
  constructor(kind: FailureKind, message: string, retryAfterMs: number | null = null, status: number | null = null, code: string | null = null) {
    const k: StoreErrorKind = kind !== 'fatal' ? kind : status !== null && status >= 400 && status < 500 ? kindOfStatus(status) : 'refused';
    super(k, message, { retryAfterMs, status, storeCode: code });
    this.name = 'SyncError';
  }

  get code(): string | null {
    return this.storeCode;
  }
}
