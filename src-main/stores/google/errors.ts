// Google's answers, sorted into what the console can act on. A 4xx is the store's
// refusal, quoted in its own words; a 5xx, a timeout or a dropped connection means the
// answer was lost, so for a refund the outcome is unknown until reconciled.
import { DeskError, type ErrorCode } from '../../ipc/define';
import { parseRetryAfter, SyncError, type FailureKind } from '../../sync/backoff';
import { quotaWords } from './quota';

export class GoogleStoreError extends DeskError {
  constructor(
    code: ErrorCode,
    message: string,
    retryable: boolean,
    /** HTTP status, or null when no answer came back (timeout, dropped connection). */
    readonly status: number | null,
    /** Google's `errors[].reason` or OAuth `error`, e.g. "permissionDenied", "invalid_grant". */
    readonly storeReason: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(code, message, retryable);
    this.name = 'GoogleStoreError';
  }

  /** Google's token endpoint refused the service-account key itself (invalid_grant, invalid_client, unauthorized_client). */
  get credentialRejected(): boolean {
    return this.storeReason != null && (CREDENTIAL_ERRORS as readonly string[]).includes(this.storeReason);
  }

  /** The answer was lost: the request may or may not have taken effect. */
  get answerLost(): boolean {
    return this.status == null || this.status >= 500;
  }
}

/**
 * OAuth errors of the token endpoint that mean the key or the account behind it is not
 * accepted (RFC 6749 §5.2; Google's OAuth 2.0 for service accounts): a deleted or disabled
 * key, a deleted service account, a JWT signed with another key, a client not allowed the
 * scope. Renewing the token cannot help; the agent must fix the key in Settings.
 */
export const CREDENTIAL_ERRORS = ['invalid_grant', 'invalid_client', 'unauthorized_client'] as const;

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  name?: unknown;
  status?: unknown;
  response?: { status?: unknown; headers?: unknown; data?: unknown };
}

function header(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** Turns whatever the SDK threw into a GoogleStoreError with Google's words and no stack. */
export function toGoogleError(e: unknown, what: string): GoogleStoreError {
  if (e instanceof GoogleStoreError) return e;
  const err = (e ?? {}) as ErrorLike;
  const status = typeof err.response?.status === 'number' ? err.response.status : typeof err.status === 'number' ? err.status : null;
  const data = err.response?.data as
    | { error?: { message?: string; status?: string; errors?: { reason?: string }[] } | string; error_description?: string }
    | undefined;
  let storeMessage: string | null = null;
  let reason: string | null = null;
  if (data && typeof data.error === 'object' && data.error) {
    storeMessage = data.error.message ?? null;
    reason = data.error.errors?.[0]?.reason ?? data.error.status ?? null;
  } else if (data && typeof data.error === 'string') {
    // OAuth token endpoint: {error, error_description}
    reason = data.error;
    storeMessage = data.error_description ? `${data.error}: ${data.error_description}` : data.error;
  }
  if (status == null) {
    const code = typeof err.code === 'string' ? err.code : '';
    const name = typeof err.name === 'string' ? err.name : '';
    const timedOut = name === 'TimeoutError' || code === 'ETIMEDOUT' || /timeout|aborted/i.test(String(err.message ?? ''));
    const msg = timedOut
      ? `Google Play did not answer ${what} in time`
      : `The connection to Google Play was lost during ${what}${code ? ` (${code})` : ''}`;
    return new GoogleStoreError('store_unavailable', msg, true, null, code || name || null);
  }
  const words = storeMessage ?? `HTTP ${status}`;
  if (reason && (CREDENTIAL_ERRORS as readonly string[]).includes(reason)) {
    return new GoogleStoreError(
      'store_refused',
      `Google did not accept the service-account key during ${what} (${words}). Check the key in Settings → Stores: it may have been deleted or disabled in Google Cloud, or belong to another service account; paste a new JSON key.`,
      false,
      status,
      reason,
    );
  }
  if (status === 414) {
    return new GoogleStoreError('store_refused', `Google Play refused ${what}: the request URL is too long (HTTP 414)`, false, status, 'uriTooLong');
  }
  if (status === 429) {
    return new GoogleStoreError('rate_limited', quotaWords(`${what}: ${words}`), true, status, reason, parseRetryAfter(header(err.response?.headers, 'retry-after'), 'seconds'));
  }
  if (status >= 500) return new GoogleStoreError('store_unavailable', `Google Play failed during ${what}: ${words}`, true, status, reason);
  return new GoogleStoreError('store_refused', `Google Play refused ${what}: ${words}`, false, status, reason);
}

/** A response that does not have the shape Google documents: a clear sync error, nothing written. */
export function malformed(what: string, detail: string): GoogleStoreError {
  return new GoogleStoreError('store_unavailable', `Google Play sent a malformed ${what} response (${detail}); nothing was written.`, false, 200, 'malformed');
}

const OFFLINE = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED', 'ENETDOWN'];

/** A sync failure in the engine's terms (src-main/sync/backoff.ts), Google's words kept. */
export function asSyncError(e: unknown): unknown {
  if (!(e instanceof GoogleStoreError)) return e;
  let kind: FailureKind;
  if (e.storeReason === 'malformed') kind = 'malformed';
  else if (e.status === 429 || e.code === 'rate_limited') kind = 'rate_limited';
  else if (e.status == null) kind = e.storeReason && OFFLINE.includes(e.storeReason) ? 'offline' : 'transient';
  else if (e.status >= 500) kind = 'transient';
  else if (e.status === 401 || e.status === 403 || e.credentialRejected) kind = 'auth';
  else kind = 'fatal';
  const s = new SyncError(kind, e.message, e.retryAfterMs, e.status, e.storeReason);
  (s as Error).cause = e;
  return s;
}
