// Small builders of normalized input for cache tests.
import type { EventInput, PurchaseInput } from '../../src-main/stores/types';
import type { Store } from '../../src-main/ipc/vocabulary';

export function purchase(store: Store, storeKey: string, over: Partial<PurchaseInput> = {}): PurchaseInput {
  return {
    store,
    storeKey,
    productId: 'pro_monthly',
    kind: 'subscription',
    environment: 'production',
    purchasedAt: 1_700_000_000_000,
    priceMinor: 999,
    currency: 'USD',
    expiresAt: null,
    autoRenew: true,
    customer: { ids: [] },
    ...over,
  };
}

export function ev(store: Store, purchaseKey: string, type: EventInput['type'], occurredAt: number, over: Partial<EventInput> = {}): EventInput {
  return {
    store,
    purchaseKey,
    type,
    occurredAt,
    source: 'store_api',
    dedupeKey: `${store}:${purchaseKey}:${type}:${occurredAt}`,
    ...over,
  };
}
