// The official Stripe SDK, configured for the app, and Stripe's failures as the one StoreError.
import Stripe from 'stripe';
import type { StripeCredential } from '../../secrets/credentials';
import { StoreError } from '../errors';
import { networkError, parseRetryAfter } from '../http';

// Node's codes for a network that is not there: nothing reached Stripe.
const OFFLINE_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED'];

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

/**
 * Stripe's failure as the one StoreError, Stripe's own message kept. Error codes docs:
 * `resource_missing` ("the ID provided is not valid") is not_found whatever the status (a
 * refund of an unknown charge answers 400 with it); 409 `idempotency_key_in_use` is a
 * request with the same key still running inside Stripe: nothing is decided yet, so it is
 * transient like a 5xx.
 */
export function stripeError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  if (!isStripeError(err)) return networkError(err, 'Stripe');
  const status = err.statusCode ?? null;
  const message = err.message;
  const details = { status, storeCode: err.code ?? null, cause: err };
  if (err.type === 'StripeConnectionError') {
    const code = (err.detail as { code?: string } | undefined)?.code ?? '';
    if (OFFLINE_CODES.includes(code)) return new StoreError('offline', `Cannot reach Stripe (${code}): ${message}`, { ...details, storeCode: code });
    return new StoreError('transient', message, details);
  }
  if (err.type === 'StripeRateLimitError' || status === 429) {
    return new StoreError('rate_limited', message, { ...details, retryAfterMs: parseRetryAfter(err.headers?.['retry-after'], 'seconds') });
  }
  // The SDK reports a body it cannot parse as JSON as an API error with this wording.
  if (/invalid json/i.test(message)) {
    return new StoreError('malformed', `Stripe sent a response that is not valid JSON (HTTP ${status ?? '?'}): ${message}`, details);
  }
  if ((status !== null && status >= 500) || status === 409) return new StoreError('transient', message, details);
  if (err.code === 'resource_missing' || status === 404) return new StoreError('not_found', message, details);
  if (status === 401 || status === 403) return new StoreError('auth', message, details);
  return new StoreError('refused', message, details);
}

/** Stripe answered "no such object" for the ID asked. */
export const isNotFound = (err: unknown): boolean => stripeError(err).kind === 'not_found';
