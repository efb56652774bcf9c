// Stands in for one line the refunds module does not yet send to Google's adapter: the
// intent's creation time (StoreRefundRequest.intentCreatedAt, DESIGN §5.6), read here from
// the intent row the service wrote. Without it Google's evidence cannot be dated.
// Owned by the Google helper; the change it stands for belongs in refunds/service.ts
// (storeRequest: `intentCreatedAt: intent.createdAt`).
import type { Db } from '../../src-main/db/connection';
import type { StoreAdapter, StoreRefundRequest } from '../../src-main/stores/adapter';

export function withIntentTimes<A extends StoreAdapter>(db: Db, adapter: A): A {
  const dated = (r: StoreRefundRequest): StoreRefundRequest => {
    if (r.intentCreatedAt != null) return r;
    const row = db.prepare('SELECT created_at FROM refund_intents WHERE id = ?').get(r.intentId) as { created_at: number } | undefined;
    return row ? { ...r, intentCreatedAt: row.created_at } : r;
  };
  return {
    ...adapter,
    refund: adapter.refund && ((r: StoreRefundRequest) => adapter.refund!(dated(r))),
    reconcile: adapter.reconcile && ((r: StoreRefundRequest) => adapter.reconcile!(dated(r))),
  };
}
