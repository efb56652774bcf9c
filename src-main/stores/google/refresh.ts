// One purchase on demand, from a purchase token or an order ID an agent pasted:
// subscriptionsv2 (state, expiry, auto-renew, every renewal order, the customer through
// obfuscatedExternalAccountId) or productsv2 (consumed and refundable quantities), plus
// the orders themselves for amounts and refunds.
import type { SyncContext, SyncRun } from '../adapter';
import type { EventInput, PurchaseInput } from '../types';
import type { Api } from './api';
import { isNotFound } from './client';
import { orderPaidEvent, orderRefundEvents, refundSecond } from './map';
import { toMinor, type Order, type SubscriptionV2 } from './parse';
import type { Clock } from './quota';
import { fetchOrders } from './orders';

/** The renewal number of an order ID (`GPA.x..N` → N), -1 for the first order. */
export function renewalIndex(orderId: string): number {
  const m = /\.\.(\d+)$/.exec(orderId);
  return m ? Number(m[1]) : -1;
}

/** The first order of a chain: `GPA.x..N` → `GPA.x`. */
export const chainBase = (orderId: string): string => orderId.replace(/\.\.\d+$/, '');

/**
 * The newest order Google names for a subscription: each line item's
 * latestSuccessfulOrderId (paid orders) or the deprecated latestOrderId, which also
 * names a renewal still PENDING (SubscriptionPurchaseV2, REST reference).
 */
export function newestOrderId(s: SubscriptionV2): string | undefined {
  const ids = [s.latestOrderId, ...s.lineItems.map((i) => i.latestSuccessfulOrderId)].filter((x): x is string => Boolean(x));
  return ids.sort((a, b) => renewalIndex(b) - renewalIndex(a))[0];
}

/** Every order of a subscription's renewal chain up to the latest: `GPA.x`, `GPA.x..0` … `GPA.x..N`. */
export function renewalChain(latestOrderId: string): string[] {
  const m = /^(.*)\.\.(\d+)$/.exec(latestOrderId);
  if (!m) return [latestOrderId];
  const base = m[1]!;
  const n = Number(m[2]);
  return [base, ...Array.from({ length: n + 1 }, (_, i) => `${base}..${i}`)];
}

/**
 * One subscription from subscriptionsv2 and its whole renewal chain. Orders in `have`
 * (already read in this pass) are not read again; `skip` orders are left out entirely.
 */
export async function refreshSubscription(api: Api, token: string, clock: Clock, signal: AbortSignal, have = new Map<string, Order>(), skip = new Set<string>()) {
  const s = await api.getSubscription(token, signal);
  const chain = chainToRead(s, skip);
  const orders = await fetchOrders(api, chain.filter((id) => !have.has(id)), signal);
  for (const id of chain) if (have.has(id)) orders.set(id, have.get(id)!);
  return subscriptionBatch(s, token, orders, clock);
}

/** The orders of a subscription's chain, up to the newest Google names, less the `skip` ones. */
export function chainToRead(s: SubscriptionV2, skip: Set<string>): string[] {
  const newest = newestOrderId(s);
  return newest ? renewalChain(newest).filter((id) => !skip.has(id)) : [];
}

/** A subscription and the orders read of its chain → the purchase and its timeline rows. */
export function subscriptionBatch(s: SubscriptionV2, token: string, orders: Map<string, Order>, clock: Clock) {
  const item = s.lineItems[0]!;
  const latest = item.latestSuccessfulOrderId ?? s.latestOrderId;
  const first = [...orders.values()].sort((a, b) => a.createTime - b.createTime)[0];
  const price = toMinor(first?.total ?? item.autoRenewingPlan?.recurringPrice);
  const appUserId = s.externalAccountIdentifiers?.obfuscatedExternalAccountId ?? null;
  const purchase: PurchaseInput = {
    store: 'google',
    storeKey: token,
    productId: item.productId,
    kind: 'subscription',
    environment: 'production',
    purchasedAt: s.startTime ?? first?.createTime ?? clock.now(),
    priceMinor: price?.amountMinor ?? null,
    currency: price?.currency ?? null,
    expiresAt: item.expiryTime ?? null,
    autoRenew: item.autoRenewingPlan?.autoRenewEnabled ?? null,
    ids: { google_purchase_token: token, ...(latest ? { google_order_id: latest } : {}), ...(appUserId ? { google_external_account_id: appUserId } : {}) },
    customer: {
      appUserId,
      ids: [{ kind: 'google_purchase_token', value: token }, ...(appUserId ? [{ kind: 'google_external_account_id' as const, value: appUserId }] : [])],
    },
  };
  // A revoke ends access at once: a partial refund of the latest order at the second the
  // subscription expired is the revoke's prorated refund (same key as Voided Purchases gives it).
  const revokedAt = s.subscriptionState === 'SUBSCRIPTION_STATE_EXPIRED' && item.expiryTime != null ? refundSecond(item.expiryTime) : null;
  const events: EventInput[] = [];
  for (const o of orders.values()) events.push(orderPaidEvent(o), ...orderRefundEvents(o, o.orderId === latest ? revokedAt : null));
  if (s.subscriptionState === 'SUBSCRIPTION_STATE_CANCELED' && latest) {
    events.push({
      store: 'google',
      purchaseKey: token,
      type: 'cancellation',
      occurredAt: clock.now(),
      source: 'store_api',
      dedupeKey: `google:cancellation:${latest}`,
      orderId: latest,
      detail: { reason: 'auto-renew turned off', status: s.subscriptionState, summary: 'Auto-renew is off; access until the period ends' },
    });
  }
  return { purchases: [purchase], events, state: s.subscriptionState ?? null };
}

async function refreshProduct(api: Api, token: string, clock: Clock, signal: AbortSignal) {
  const p = await api.getProduct(token, signal);
  const item = p.productLineItem[0]!;
  const offer = item.productOfferDetails;
  const consumed = offer?.consumptionState === 'CONSUMPTION_STATE_CONSUMED';
  const orders = p.orderId ? await fetchOrders(api, [p.orderId], signal) : new Map<string, Order>();
  const order = p.orderId ? orders.get(p.orderId) : undefined;
  const price = toMinor(order?.total);
  const appUserId = p.obfuscatedExternalAccountId ?? null;
  const purchase: PurchaseInput = {
    store: 'google',
    storeKey: token,
    productId: item.productId,
    kind: consumed ? 'consumable' : 'one_time',
    environment: 'production',
    purchasedAt: p.purchaseCompletionTime ?? order?.createTime ?? clock.now(),
    priceMinor: price?.amountMinor ?? null,
    currency: price?.currency ?? null,
    ids: { google_purchase_token: token, ...(p.orderId ? { google_order_id: p.orderId } : {}), ...(appUserId ? { google_external_account_id: appUserId } : {}) },
    customer: {
      appUserId,
      ids: [{ kind: 'google_purchase_token', value: token }, ...(appUserId ? [{ kind: 'google_external_account_id' as const, value: appUserId }] : [])],
    },
  };
  const events: EventInput[] = [];
  if (order) {
    const paid = orderPaidEvent(order);
    paid.detail = {
      ...paid.detail,
      quantity: offer?.quantity ?? null,
      refundableQuantity: offer?.refundableQuantity ?? null,
      consumptionState: offer?.consumptionState ?? null,
      summary: consumed ? 'Consumed: after a refund the app must take the content back itself' : null,
    };
    events.push(paid, ...orderRefundEvents(order));
  }
  return { purchases: [purchase], events, quantity: offer?.quantity ?? null, refundableQuantity: offer?.refundableQuantity ?? null, consumed };
}

/** A token is a subscription's or a product's; Google answers 404 for the wrong kind. */
export async function refreshToken(api: Api, token: string, clock: Clock, signal: AbortSignal, hint?: 'subscription' | 'one_time') {
  if (hint !== 'one_time') {
    try {
      return await refreshSubscription(api, token, clock, signal);
    } catch (e) {
      if (!isNotFound(e) || hint === 'subscription') throw e;
    }
  }
  return refreshProduct(api, token, clock, signal);
}

export async function* googleRefresh(api: Api, clock: Clock, ids: { kind: string; value: string }[], ctx: SyncContext): SyncRun {
  let fetched = 0;
  for (const id of ids) {
    let token: string;
    let hint: 'subscription' | 'one_time' | undefined;
    if (id.kind === 'google_purchase_token') token = id.value;
    else if (id.kind === 'google_order_id') {
      const o = await api.getOrder(id.value, ctx.signal);
      token = o.purchaseToken;
      hint = o.lineItems?.[0]?.subscriptionDetails ? 'subscription' : 'one_time';
    } else continue;
    const r = await refreshToken(api, token, clock, ctx.signal, hint);
    fetched++;
    ctx.progress({ phase: 'purchase', fetched, total: ids.length });
    yield { purchases: r.purchases, events: r.events };
  }
}
