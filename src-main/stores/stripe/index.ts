// The Stripe store adapter (STYLE.md, "A store adapter"), on the official `stripe` SDK: the
// factory only. What Stripe allows is its STORE_PROFILES entry (domain/profiles.ts).
import type { StripeCredential } from '../../secrets/credentials';
import type { RetryPolicy } from '../http';
import type { StoreAdapter } from '../adapter';
import { newPaymentMemo, StripeReader } from './api';
import { createStripeClient, type StripeEndpoint } from './client';
import { modeOfKey, testStripeConnection } from './connection';
import { stripeRefresh } from './refresh';
import { stripeReconcile, stripeRefund } from './refund';
import { stripeSync } from './sync';

export interface StripeAdapterOptions {
  credential: StripeCredential;
  /** Sync account ID, e.g. "stripe:acct_…" or "stripe:default"; the cursor is stored under it. */
  account?: string;
  endpoint?: StripeEndpoint;
  /** Customer metadata key that holds the app's user ID. */
  metadataKey?: string;
  timeoutMs?: number;
  maxNetworkRetries?: number;
  retry?: Partial<RetryPolicy>;
  pageSize?: number;
  /** Epoch ms; injectable to test the 30-day retention of events. */
  now?: () => number;
  /** The cached purchase a payment belongs to (db/storeLookups.ts reads the workspace): asked before Stripe is. */
  paymentOwner?: (paymentRef: string) => string | null;
}

export function createStripeAdapter(o: StripeAdapterOptions): StoreAdapter {
  const stripe = createStripeClient(o);
  const now = o.now ?? Date.now;
  const memo = newPaymentMemo(o.paymentOwner);
  const deps = (signal: AbortSignal) => ({
    reader: new StripeReader(stripe, o.retry, signal, memo),
    account: o.account ?? 'stripe:default',
    environment: modeOfKey(o.credential.secretKey) === 'live' ? ('production' as const) : ('sandbox' as const),
    metadataKey: o.metadataKey ?? 'app_user_id',
    nowSec: () => Math.floor(now() / 1000),
    pageSize: o.pageSize,
  });
  return {
    store: 'stripe',
    testConnection: () => testStripeConnection(stripe, o.credential.secretKey, now),
    sync: (cursor, ctx) => stripeSync(deps(ctx.signal), cursor, ctx),
    refresh: (ids, ctx) => stripeRefresh(deps(ctx.signal), ids, ctx),
    refund: (req) => stripeRefund(stripe, req),
    reconcile: (req) => stripeReconcile(stripe, req, now()),
  };
}
