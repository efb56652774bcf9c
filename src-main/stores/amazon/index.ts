// The Amazon Appstore adapter's factory: RVS per known receipt (sync.ts), per pasted ID
// (refresh.ts). Amazon tells a developer only that a purchase was cancelled, never
// whether money went back; no refund: Amazon lets no developer refund.
import type { AmazonCredential } from '../../secrets/credentials';
import type { StoreAdapter } from '../adapter';
import { createRvsClient } from './client';
import { amazonRefresh } from './refresh';
import { checkReceipts, type KnownReceipt } from './sync';

export interface AmazonAdapterOptions {
  credential: AmazonCredential;
  baseUrl?: string;
  /** Receipts the cache knows (from import, or pasted into search). */
  knownReceipts: () => KnownReceipt[];
  fetchImpl?: typeof fetch;
  now?: () => number;
  batchSize?: number;
  timeoutMs?: number;
}

export function createAmazonAdapter(opts: AmazonAdapterOptions): StoreAdapter {
  const { credential } = opts;
  const now = opts.now ?? Date.now;
  const client = createRvsClient({ credential, baseUrl: opts.baseUrl, fetchImpl: opts.fetchImpl, timeoutMs: opts.timeoutMs });
  return {
    store: 'amazon',
    sync: (_cursor, ctx) => checkReceipts(client, credential, opts.knownReceipts(), ctx, opts.batchSize),
    refresh: (ids, ctx) => amazonRefresh(client, credential, opts.knownReceipts(), ids, ctx),
    testConnection: () => client.testConnection(now()),
  };
}

export { createRvsClient, RVS_BASE_URL, RVS_STATUS_WORDS, rvsUrl } from './client';
export { AMAZON_REFUND_CAVEAT, CANCEL_REASONS, mapReceipt, parseRvsBody, type RvsReceipt } from './map';
