// The Android Publisher client: the official SDK, authorized by a service-account JWT,
// and Google's failures as the one StoreError (googleError below). In tests (and only
// there) `endpoint` points both the API and the token request at a local server; the
// JWT's audience stays Google's token URL, as Google requires.
import { androidpublisher, type androidpublisher_v3 } from '@googleapis/androidpublisher';
import { JWT } from 'google-auth-library';
import type { GoogleCredential } from '../../secrets/credentials';
import { StoreError } from '../errors';
import { parseRetryAfter } from '../http';
import { nextMidnightPacific, quotaWords } from './quota';

export const PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
/** google-auth-library posts the JWT bearer grant here; it is not configurable in v11. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface GoogleEndpoint {
  rootUrl: string;
  tokenUrl: string;
}

export type Publisher = androidpublisher_v3.Androidpublisher;

interface ServiceAccountJson {
  client_email?: unknown;
  private_key?: unknown;
  private_key_id?: unknown;
}

export function parseServiceAccount(json: string): { email: string; key: string; keyId: string | undefined } {
  let sa: ServiceAccountJson;
  try {
    sa = JSON.parse(json) as ServiceAccountJson;
  } catch {
    // secrets/validate.ts refuses such a key before it is stored; one read from an older store is a credential to fix.
    throw new StoreError('auth', 'The Google service-account key is not valid JSON. Paste the whole JSON file from Google Cloud.');
  }
  if (typeof sa.client_email !== 'string' || typeof sa.private_key !== 'string') {
    throw new StoreError('auth', 'The Google service-account key lacks client_email or private_key.');
  }
  return {
    email: sa.client_email,
    key: sa.private_key,
    keyId: typeof sa.private_key_id === 'string' ? sa.private_key_id : undefined,
  };
}

export interface PublisherClient {
  publisher: Publisher;
  /**
   * Forgets the cached access token so the next call fetches a new one. Google can stop
   * accepting a token before its own expiry (a 401 from the API); google-auth-library 11
   * keeps sending the cached token until `expiry_date` passes, and its
   * `forceRefreshOnFailure` does not cover the JWT client, so the adapter marks the
   * token expired itself (any past time: 0 would read as "no expiry known").
   */
  renewToken(): void;
}

export function createPublisher(credential: GoogleCredential, endpoint?: GoogleEndpoint): PublisherClient {
  const sa = parseServiceAccount(credential.serviceAccountJson);
  const auth = new JWT({ email: sa.email, key: sa.key, keyId: sa.keyId, scopes: [PUBLISHER_SCOPE] });
  if (endpoint) {
    auth.transporter.interceptors.request.add({
      resolved: async (opts) => {
        if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(endpoint.tokenUrl);
        return opts;
      },
    });
  }
  return {
    publisher: androidpublisher({ version: 'v3', auth, ...(endpoint ? { rootUrl: endpoint.rootUrl } : {}) }),
    renewToken: () => {
      auth.credentials = { ...auth.credentials, expiry_date: 1 };
    },
  };
}

/**
 * OAuth errors of the token endpoint that mean the key or the account behind it is not
 * accepted (RFC 6749 §5.2; Google's OAuth 2.0 for service accounts): a deleted or disabled
 * key, a deleted service account, a JWT signed with another key, a client not allowed the
 * scope. Renewing the token cannot help; the agent must fix the key in Settings.
 */
export const CREDENTIAL_ERRORS = ['invalid_grant', 'invalid_client', 'unauthorized_client'] as const;

/** Google's token endpoint refused the service-account key itself. */
export const credentialRejected = (e: StoreError): boolean => (CREDENTIAL_ERRORS as readonly string[]).includes(e.storeCode ?? '');

/**
 * Google APIs' usage-limit reasons (`errors[].reason`, domain usageLimits), sent with 403
 * or 429: a per-window limit passes by itself; a daily one holds until Google's day ends,
 * which for the Play Developer API is midnight Pacific time (Play Developer API, Quotas).
 */
const RATE_REASONS = ['rateLimitExceeded', 'userRateLimitExceeded'];
const DAILY_REASONS = ['dailyLimitExceeded', 'quotaExceeded'];
const OFFLINE_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED', 'ENETDOWN'];

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

/** Google's words and reason: an API error `{error: {message, errors[].reason}}` or the token endpoint's `{error, error_description}`. */
function wordsOf(data: unknown): { words: string | null; reason: string | null } {
  const d = data as { error?: { message?: string; status?: string; errors?: { reason?: string }[] } | string; error_description?: string } | undefined;
  if (d && typeof d.error === 'object' && d.error) return { words: d.error.message ?? null, reason: d.error.errors?.[0]?.reason ?? d.error.status ?? null };
  if (d && typeof d.error === 'string') return { words: d.error_description ? `${d.error}: ${d.error_description}` : d.error, reason: d.error };
  return { words: null, reason: null };
}

/**
 * Whatever the SDK threw during `what`, as a StoreError with Google's words and no stack.
 * A 5xx, a timeout or a dropped connection is `transient`: the answer was lost, so for a
 * refund the outcome is unknown until reconciled.
 */
export function googleError(e: unknown, what: string, now: () => number = Date.now): StoreError {
  if (e instanceof StoreError) return e;
  const err = (e ?? {}) as ErrorLike;
  const status = typeof err.response?.status === 'number' ? err.response.status : typeof err.status === 'number' ? err.status : null;
  const { words: storeWords, reason } = wordsOf(err.response?.data);
  const details = { status, storeCode: reason, cause: e };
  if (status == null) {
    const code = typeof err.code === 'string' ? err.code : '';
    const name = typeof err.name === 'string' ? err.name : '';
    const timedOut = name === 'TimeoutError' || code === 'ETIMEDOUT' || /timeout|aborted/i.test(String(err.message ?? ''));
    const msg = timedOut ? `Google Play did not answer ${what} in time` : `The connection to Google Play was lost during ${what}${code ? ` (${code})` : ''}`;
    return new StoreError(OFFLINE_CODES.includes(code) ? 'offline' : 'transient', msg, { ...details, storeCode: code || name || null });
  }
  const words = storeWords ?? `HTTP ${status}`;
  if (reason && (CREDENTIAL_ERRORS as readonly string[]).includes(reason)) {
    return new StoreError(
      'auth',
      `Google did not accept the service-account key during ${what} (${words}). Check the key in Settings → Stores: it may have been deleted or disabled in Google Cloud, or belong to another service account; paste a new JSON key.`,
      details,
    );
  }
  if (status === 414) return new StoreError('refused', `Google Play refused ${what}: the request URL is too long (HTTP 414)`, { ...details, storeCode: 'uriTooLong' });
  if (reason && DAILY_REASONS.includes(reason)) {
    const at = now();
    return new StoreError('quota', quotaWords(`${what}: ${words}`), { ...details, retryAfterMs: nextMidnightPacific(at) - at });
  }
  if (status === 429 || (reason && RATE_REASONS.includes(reason))) {
    return new StoreError('rate_limited', quotaWords(`${what}: ${words}`), { ...details, retryAfterMs: parseRetryAfter(header(err.response?.headers, 'retry-after'), 'seconds') });
  }
  if (status >= 500) return new StoreError('transient', `Google Play failed during ${what}: ${words}`, details);
  const kind = status === 401 || status === 403 ? 'auth' : status === 404 ? 'not_found' : 'refused';
  return new StoreError(kind, `Google Play refused ${what}: ${words}`, details);
}

/** Google's 404 for the ID asked (an unknown order or token). */
export const isNotFound = (e: unknown): boolean => e instanceof StoreError && e.kind === 'not_found';

/** A response that does not have the shape Google documents: a clear error, nothing written. */
export function malformed(what: string, detail: string): StoreError {
  return new StoreError('malformed', `Google Play sent a malformed ${what} response (${detail}); nothing was written.`, { status: 200, storeCode: 'malformed' });
}
