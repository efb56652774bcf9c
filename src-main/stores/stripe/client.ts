// The official Stripe SDK, configured for the app, and Stripe's errors in our terms.
import Stripe from 'stripe';
import type { StripeCredential } from '../../secrets/credentials';
import { parseRetryAfter, SyncError } from '../../sync/backoff';

export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface StripeClientOptions {
  credential: StripeCredential;
  endpoint?: StripeEndpoint;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

export function createStripeClient(o: StripeClientOptions): Stripe {
  return new Stripe(o.credential.secretKey, {
    ...(o.endpoint ? { host: o.endpoint.host, port: o.endpoint.port, protocol: o.endpoint.protocol } : {}),
    timeout: o.timeoutMs ?? 30_000,
    // The SDK retries 5xx, 409 and dropped connections itself, re-sending the same
    // Idempotency-Key on each attempt, so a retried refund is replayed by Stripe, not repeated.
    maxNetworkRetries: o.maxNetworkRetries ?? 2,
    telemetry: false,
    appInfo: { name: 'Refund Desk' },
  });
}

export function isStripeError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError;
}

/** Stripe's error as a SyncError, keeping Stripe's own message. */
export function classifyStripeError(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  if (!isStripeError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new SyncError('fatal', message);
  }
  const status = err.statusCode ?? null;
  const message = err.message;
  if (err.type === 'StripeConnectionError') {
    const code = (err.detail as { code?: string } | undefined)?.code ?? '';
    if (['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED'].includes(code)) {
      return new SyncError('offline', `Cannot reach Stripe (${code}): ${message}`);
    }
    return new SyncError('transient', message);
  }
  if (err.type === 'StripeRateLimitError' || status === 429) {
    return new SyncError('rate_limited', message, parseRetryAfter(err.headers?.['retry-after'], 'seconds'), status);
  }
  // The SDK reports a body it cannot parse as JSON as an API error with this wording.
  const code = err.code ?? null;
  if (/invalid json/i.test(message)) {
    return new SyncError('malformed', `Stripe sent a response that is not valid JSON (HTTP ${status ?? '?'}): ${message}`, null, status);
  }
  if (status !== null && status >= 500) return new SyncError('transient', message, null, status, code);
  // 409: a request with the same Idempotency-Key is still running inside Stripe
  // (error codes docs, idempotency_key_in_use). Nothing is decided yet: ask again later.
  if (status === 409) return new SyncError('transient', message, null, status, code);
  if (status === 401 || status === 403) return new SyncError('auth', message, null, status, code);
  return new SyncError('fatal', message, null, status, code);
}
