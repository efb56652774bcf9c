// Sync: RVS has no change feed, so every receipt the cache knows is checked on each run,
// in batches. A receipt Amazon no longer knows, or answers unreadably, is noticed and
// skipped; anything about the account (secret, rate limit, outage) stops the run.
import type { AmazonCredential } from '../../secrets/credentials';
import type { SyncContext, SyncRun } from '../adapter';
import { StoreError } from '../errors';
import type { IngestBatch } from '../types';
import type { RvsClient } from './client';
import { mapReceipt } from './map';

export interface KnownReceipt {
  receiptId: string;
  userId: string;
}

const aboutOneReceipt = (e: unknown): e is StoreError => e instanceof StoreError && (e.kind === 'not_found' || e.kind === 'malformed');

export async function* checkReceipts(client: RvsClient, credential: AmazonCredential, list: KnownReceipt[], ctx: SyncContext, size = 50): SyncRun {
  const account = `amazon:${credential.environment}`;
  let batch: Omit<IngestBatch, 'cursor'> = { purchases: [], events: [] };
  let done = 0;
  for (const k of list) {
    try {
      const receipt = await client.verify(k.userId, k.receiptId, ctx.signal);
      const m = mapReceipt(receipt, k.userId, credential.environment, ctx);
      batch.purchases.push(...m.purchases);
      batch.events.push(...m.events);
    } catch (e) {
      if (!aboutOneReceipt(e)) throw e;
      ctx.notice(`Receipt ${k.receiptId}: ${e.message}`);
    }
    done++;
    if (batch.purchases.length >= size) {
      ctx.progress({ phase: 'receipts', fetched: done, total: list.length });
      yield { ...batch, cursor: { account, value: null } };
      batch = { purchases: [], events: [] };
    }
  }
  ctx.progress({ phase: 'receipts', fetched: done, total: list.length });
  yield { ...batch, cursor: { account, value: null } };
}
