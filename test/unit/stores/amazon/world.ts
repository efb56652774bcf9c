// The Amazon adapter tests' world: a fresh local RVS server per test, the receipts the cache
// "knows" (the adapter re-verifies exactly those), and a sync run that keeps the notices.
// `rvs` and `known` are live bindings: each test sees its own server and list.
import { afterEach, beforeEach } from 'vitest';
import { createAmazonAdapter } from '../../../../src-main/stores/amazon';
import type { IngestBatch } from '../../../../src-main/stores/types';
import { FakeRvsServer } from '../../../servers/amazon/server';
import { drain, syncContext } from '../../../support/contexts';

export const SECRET = '2:smXBjZkWCxDMSBvQ8HBGsUS1PK3jvVc8tuTjLNfPHfYAga6WaDz';
export let rvs: FakeRvsServer;
export let known: { receiptId: string; userId: string }[];

/** Registers the per-test server; call once at the top of a test file. */
export function rvsPerTest(): void {
  beforeEach(async () => {
    rvs = new FakeRvsServer(SECRET);
    await rvs.start();
    known = [];
  });
  afterEach(async () => {
    await rvs.close();
  });
}

export const adapter = (o: { secret?: string; env?: 'production' | 'sandbox' } = {}) =>
  createAmazonAdapter({ credential: { store: 'amazon', sharedSecret: o.secret ?? SECRET, environment: o.env ?? 'production' }, baseUrl: rvs.url, knownReceipts: () => known });

export async function run(a = adapter()): Promise<{ batches: IngestBatch[]; notices: string[] }> {
  const c = syncContext();
  return { batches: await drain(a.sync(null, c)), notices: c.notices };
}

/** A receipt the server holds and the cache knows. */
export function putReceipt(receiptId: string, userId: string, body: Record<string, unknown>): void {
  rvs.receipts.set(receiptId, { userId, body });
  known.push({ receiptId, userId });
}
