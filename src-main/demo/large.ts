// The large workspace for benchmarks: N purchases, about 5 events each, plus one customer
// with 10,000 events (the timeline budget is measured on it). Generated lazily in batches
// so memory stays flat however large N is.
import type { Store } from '../ipc/vocabulary';
import type { EventInput, IngestBatch, PurchaseInput } from '../domain/model';
import { DAY, MONTH } from './build';
import { seeded } from './random';

export const HEAVY_CUSTOMER_APP_USER_ID = 'user_heavy_10k';
const STORES: Store[] = ['apple', 'google', 'stripe', 'amazon'];
const NAMES = ['Ana', 'Ben', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Goro', 'Hana', 'Ivan', 'Jonas', 'Kaito', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];

export function* largeWorkspaceBatches(opts: { purchases: number; seed?: number; now: number; batchPurchases?: number }): Generator<IngestBatch> {
  const rng = seeded(opts.seed ?? 7);
  const size = opts.batchPurchases ?? 2000;
  const now = opts.now;
  // the 10k-event customer: a daily Stripe plan renewed 10,000 times
  const heavyKey = 'sub_HeavyCustomer';
  const heavy: EventInput[] = [];
  for (let k = 0; k < 10_000; k++) {
    heavy.push({ store: 'stripe', purchaseKey: heavyKey, type: k ? 'renewal' : 'purchase', occurredAt: now - (10_000 - k) * DAY, source: 'store_api', dedupeKey: `heavy:${k}`, amountMinor: 99, currency: 'USD', orderId: `in_Heavy${k}` });
  }
  yield {
    purchases: [{ store: 'stripe', storeKey: heavyKey, productId: 'daily', kind: 'subscription', environment: 'production', purchasedAt: now - 10_000 * DAY, priceMinor: 99, currency: 'USD', expiresAt: now + DAY, autoRenew: true, customer: { appUserId: HEAVY_CUSTOMER_APP_USER_ID, email: 'heavy@example.net', ids: [{ kind: 'stripe_customer', value: 'cus_Heavy' }] } }],
    events: heavy,
  };
  for (let i = 0; i < opts.purchases; i += size) {
    const purchases: PurchaseInput[] = [];
    const events: EventInput[] = [];
    for (let n = i; n < Math.min(opts.purchases, i + size); n++) {
      const store = STORES[n & 3]!;
      // about 1.3 purchases per customer: every fourth purchase belongs to the previous customer
      const c = n - Math.floor(n / 4);
      const key = store === 'google' ? `gptok.${n.toString(36)}.AO-J1Oz${(n * 2654435761 >>> 0).toString(36)}` : store === 'stripe' ? `sub_L${n}` : store === 'apple' ? String(2000000000000000 + n) : `amzn-r-${n}`;
      const periods = 1 + Math.floor(rng() * 8); // 1..8, mean 4.5, plus decorations ≈ 5 events
      const start = now - periods * MONTH - Math.floor(rng() * 20) * DAY;
      const price = 499 + (n % 5) * 250;
      purchases.push({
        store, storeKey: key, productId: 'pro_monthly', kind: 'subscription', environment: 'production', purchasedAt: start, priceMinor: price, currency: 'USD',
        expiresAt: start + periods * MONTH, autoRenew: true,
        customer: { appUserId: `lu_${c}`, email: c % 2 ? `${NAMES[c % 16]!.toLowerCase()}.${c}@example.net` : null, displayName: `${NAMES[c % 16]} ${NAMES[(c >> 4) % 16]}`, ids: [] },
      });
      for (let k = 0; k < periods; k++) {
        const orderId = store === 'google' ? `GPA.${(3300 + (n % 97)).toString()}-${n}-0000-00000${k ? `..${k - 1}` : ''}` : store === 'stripe' ? `in_L${n}x${k}` : store === 'apple' ? String(3000000000000000 + n * 10 + k) : null;
        events.push({ store, purchaseKey: key, type: k ? 'renewal' : 'purchase', occurredAt: start + k * MONTH, source: 'store_api', dedupeKey: `L${n}:${k}`, amountMinor: price, currency: 'USD', orderId, detail: { expiresAt: start + (k + 1) * MONTH } });
      }
      const r = rng();
      const at = start + periods * MONTH - 5 * DAY;
      if (r < 0.1) events.push({ store, purchaseKey: key, type: 'refund', occurredAt: at, source: 'store_api', dedupeKey: `L${n}:r`, amountMinor: price, currency: 'USD', detail: { refundKind: 'full', revokesAccess: store !== 'amazon' && store !== 'stripe' } });
      else if (r < 0.35) events.push({ store, purchaseKey: key, type: 'cancellation', occurredAt: at, source: 'store_api', dedupeKey: `L${n}:c`, detail: { reason: 'auto-renew off' } });
    }
    yield { purchases, events };
  }
}
