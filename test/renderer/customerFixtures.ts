// DTO builders for the customers/timeline renderer tests (not a test file itself).
import type { CustomerDto, CustomerHeaderDto, TimelineEventDto } from '../../src-main/ipc/contract';

export function header(id: number, over: Partial<CustomerHeaderDto> = {}): CustomerHeaderDto {
  return { id, appUserId: `user_${id}`, email: `c${id}@example.com`, displayName: `Customer ${id}`, mergedInto: null, createdAt: Date.UTC(2027, 0, 1), stores: ['google'], ids: [], ...over };
}

export function customer(id: number): CustomerDto {
  return {
    header: header(id, { ids: [{ store: 'google', kind: 'google_order_id', value: 'GPA.3312-7788-1290-44561' }] }),
    purchases: [],
    summary: { spent: [], refunded: [], refundCount: 0, openDisputes: 0, openRefundRequests: 0, risk: { refundsOnSeveralStores: false, refundAfterConsumption: false, openDispute: false } },
  };
}

/** Events newest first, `n` of them, one per hour back from `from`. */
export function events(n: number, from = Date.UTC(2027, 2, 2, 12), startId = 100_000): TimelineEventDto[] {
  return Array.from({ length: n }, (_, k) => ({
    id: startId - k, purchaseId: 1, store: 'google', type: k % 10 === 3 ? 'refund' : 'renewal', occurredAt: from - k * 3_600_000, seenAt: from,
    source: 'store_api', amountMinor: 899, currency: 'EUR', orderId: `GPA.1..${k}`, detail: k % 10 === 3 ? { refundKind: 'full', revokesAccess: false, detectedVia: 'google_orders' } : null, productId: 'pro_monthly',
  }));
}
