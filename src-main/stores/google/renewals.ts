// Renewals Google charged after a subscription entered the cache. Re-reading known orders
// never finds them (each renewal is a new order `GPA.x..N`), so for each subscription
// whose latest known paid period is over, subscriptionsv2 names the newest order
// (latestSuccessfulOrderId, latestOrderId) and the chain is walked back to the known ones.
import type { EventInput, PurchaseInput } from '../types';
import type { Api } from './api';
import { StoreError } from '../errors';
import { isNotFound } from './client';
import { fetchOrders } from './orders';
import type { Order, SubscriptionV2 } from './parse';
import type { Clock } from './quota';
import { chainBase, chainToRead, renewalIndex, subscriptionBatch } from './refresh';

const DAY = 86_400_000;
/**
 * How long after its latest known period a subscription is still asked about. Google
 * documents pauses of up to 3 months and grace period plus account hold of up to 60
 * days before a renewal order appears; it documents no longer gap, so 160 days covers
 * both back to back. subscriptionsv2 answers 410 for subscriptions expired long ago.
 */
export const RENEWAL_HORIZON_MS = 160 * DAY;

/** The latest known order of each chain, from the IDs alone (`GPA.x..N`, highest N). */
export function latestKnownByBase(known: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of known) {
    const base = chainBase(id);
    const cur = out.get(base);
    if (cur == null || renewalIndex(id) > renewalIndex(cur)) out.set(base, id);
  }
  return out;
}

export interface Candidates {
  ask: Order[];
  /** Latest orders of subscriptions already seen expired, still within the horizon: remembered, not asked. */
  stillEnded: string[];
}

/** Orders of this batch that end their chain's known history with a paid period that is over. */
export function renewalCandidates(orders: Iterable<Order>, latestByBase: Map<string, string>, now: number, ended: Set<string>): Candidates {
  const out: Candidates = { ask: [], stillEnded: [] };
  for (const o of orders) {
    const sub = o.lineItems?.[0]?.subscriptionDetails;
    if (!sub || latestByBase.get(chainBase(o.orderId)) !== o.orderId) continue;
    const periodEnd = sub.servicePeriodEndTime ?? o.createTime;
    if (periodEnd > now || periodEnd < now - RENEWAL_HORIZON_MS) continue;
    if (ended.has(o.orderId)) out.stillEnded.push(o.orderId);
    else out.ask.push(o);
  }
  return out;
}

export interface Discovered {
  purchases: PurchaseInput[];
  events: EventInput[];
  /** Newest orders of subscriptions Google shows expired: not asked again (an expired token does not renew). */
  ended: string[];
  asked: number;
}

/**
 * One subscriptionsv2.get per candidate, then the new orders of all of them in as few
 * orders:batchGet calls as the URL limit allows (quota: see quota.ts).
 */
export async function discoverRenewals(api: Api, clock: Clock, ask: Order[], known: Set<string>, signal: AbortSignal): Promise<Discovered> {
  const out: Discovered = { purchases: [], events: [], ended: [], asked: 0 };
  const subs: { o: Order; s: SubscriptionV2; chain: string[] }[] = [];
  for (const o of ask) {
    out.asked++;
    try {
      const s = await api.getSubscription(o.purchaseToken, signal);
      subs.push({ o, s, chain: chainToRead(s, known) });
    } catch (e) {
      // 410: "no longer available for query" (expired too long ago); 404: unknown token.
      if (isNotFound(e) || (e instanceof StoreError && e.status === 410)) {
        out.ended.push(o.orderId);
        continue;
      }
      throw e;
    }
  }
  const orders = await fetchOrders(api, subs.flatMap((x) => x.chain), signal);
  for (const { o, s, chain } of subs) {
    const mine = new Map(chain.filter((id) => orders.has(id)).map((id) => [id, orders.get(id)!] as const));
    const r = subscriptionBatch(s, o.purchaseToken, mine, clock);
    out.purchases.push(...r.purchases);
    out.events.push(...r.events);
    if (s.subscriptionState === 'SUBSCRIPTION_STATE_EXPIRED') {
      out.ended.push([o.orderId, ...chain].sort((a, b) => renewalIndex(b) - renewalIndex(a))[0]!);
    }
  }
  return out;
}
