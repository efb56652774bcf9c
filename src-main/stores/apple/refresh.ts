// Refresh: one customer's history on demand, from an order ID (Look Up Order ID) or a
// transaction ID: Transaction History v2, Refund History v2, subscription statuses.
import { GetTransactionHistoryVersion, Order, type JWSRenewalInfoDecodedPayload, type JWSTransactionDecodedPayload } from '@apple/app-store-server-library';
import type { SyncContext, SyncRun } from '../adapter';
import { StoreError } from '../errors';
import type { IngestBatch } from '../types';
import { verified, verifiedTransaction, type AppleParts } from './context';
import { batchFromHistory } from './history';

export function createAppleRefresh(p: AppleParts) {
  const opts = (ctx: SyncContext) => ({ signal: ctx.signal, onWait: (ms: number) => ctx.notice(`Apple asked to wait ${ms} ms (429); waiting.`) });

  /** Every signed transaction of a paged history ("revision" and "hasMore", both v2 endpoints). */
  async function pages(ctx: SyncContext, get: (revision: string | null) => Promise<{ signedTransactions?: string[]; hasMore?: boolean; revision?: string }>) {
    const out: JWSTransactionDecodedPayload[] = [];
    let revision: string | null = null;
    do {
      const r = await get(revision);
      for (const s of r.signedTransactions ?? []) {
        const t = await verifiedTransaction(p, ctx, s);
        if (t) out.push(t);
      }
      revision = r.hasMore ? (r.revision ?? null) : null;
    } while (revision);
    return out;
  }

  async function historyOf(originalId: string, ctx: SyncContext): Promise<IngestBatch> {
    const txs = await pages(ctx, (rev) =>
      p.client.call('Get Transaction History', (api) => api.getTransactionHistory(originalId, rev, { sort: Order.ASCENDING }, GetTransactionHistoryVersion.V2), opts(ctx)),
    );
    const refunds = await pages(ctx, (rev) => p.client.call('Get Refund History', (api) => api.getRefundHistory(originalId, rev), opts(ctx)));
    const renewals = new Map<string, JWSRenewalInfoDecodedPayload>();
    if (txs.some((t) => t.type === 'Auto-Renewable Subscription')) {
      const s = await p.client.call('Get All Subscription Statuses', (api) => api.getAllSubscriptionStatuses(originalId), opts(ctx));
      for (const group of s.data ?? []) {
        for (const last of group.lastTransactions ?? []) {
          if (!last.signedRenewalInfo || !last.originalTransactionId) continue;
          const r = await verified(ctx, () => p.verify.renewal(last.signedRenewalInfo!));
          if (r) renewals.set(last.originalTransactionId, r);
        }
      }
    }
    return batchFromHistory(p.credential.environment, txs, refunds, renewals);
  }

  return async function* refresh(ids: { kind: string; value: string }[], ctx: SyncContext): SyncRun {
    const originals = new Set<string>();
    for (const id of ids) {
      if (id.kind === 'apple_order_id') {
        const r = await p.client.call('Look Up Order ID', (api) => api.lookUpOrderId(id.value), opts(ctx));
        // Look Up Order ID answers 200 with OrderLookupStatus 1 ("invalid") for an order it does not know.
        if (r.status !== 0) {
          throw new StoreError('not_found', `Apple does not know the order ID ${id.value} (it is on the customer's Apple receipt email).`, { status: 200, storeCode: `OrderLookupStatus ${r.status}` });
        }
        for (const s of r.signedTransactions ?? []) {
          const t = await verifiedTransaction(p, ctx, s);
          if (t) originals.add(t.originalTransactionId ?? t.transactionId ?? '');
        }
      } else if (id.kind === 'apple_original_transaction_id' || id.kind === 'apple_transaction_id') {
        originals.add(id.value);
      }
    }
    let done = 0;
    for (const o of originals) {
      if (!o) continue;
      const batch = await historyOf(o, ctx);
      ctx.progress({ phase: 'customer history', fetched: ++done, total: originals.size });
      yield batch;
    }
  };
}
