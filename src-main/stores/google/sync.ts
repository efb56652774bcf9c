// Google Play sync: Voided Purchases (incremental, token pages, within Google's 30-day
// window and quota), then the Orders API for every order the cache knows, because
// Voided Purchases never lists "refund only" or partial refunds made in the Play Console,
// and subscriptionsv2 for subscriptions whose known period is over, because a renewal
// charged since is a new order nobody knows yet (renewals.ts).
import type { SyncContext, SyncRun } from '../adapter';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';
import type { Api } from './api';
import { StoreError } from '../errors';
import { isNotFound } from './client';
import { chargebackRevokeEvent, isProratedRevoke, orderPaidEvent, orderRefundEvents, purchaseFromOrder, refundSecond, voidedEvent } from './map';
import { fetchOrders } from './orders';
import type { Order, VoidedPurchase } from './parse';
import type { Clock, QuotaLimiter } from './quota';
import { chainBase, refreshToken } from './refresh';
import { discoverRenewals, latestKnownByBase, renewalCandidates } from './renewals';

const DAY = 86_400_000;
/** Google keeps voided purchases for 30 days; stay a minute inside so startTime is never refused. */
const WINDOW_MS = 30 * DAY - 60_000;
/** Re-read a little before the last end: the filter is on when Google recorded the void. */
const OVERLAP_MS = 5 * 60_000;
/** Known orders per yielded batch (read in several URL-limited batchGet calls). */
const ORDERS_PER_STEP = 1000;
const MAX_429_RETRIES = 3;

interface Cursor {
  v: 1;
  /** endTime of the last completed Voided Purchases pass. */
  until: number | null;
  /** A Voided Purchases pass in progress. */
  run?: { start: number; end: number; token: string };
  /** An Orders pass in progress: index into the sorted known order IDs. */
  ordersFrom?: number;
  /**
   * Orders revoked with a prorated refund → the second of that refund. Voided Purchases
   * names the revoke only within its 30 days; every later Orders pass must still key that
   * partial refund as the revoke, so the cursor (written with the events) keeps it.
   */
  revoked?: Record<string, number>;
  /** Newest orders of subscriptions Google showed expired: not asked about renewals again. */
  ended?: string[];
  /** The `ended` list being rebuilt by the Orders pass in progress. */
  endedNext?: string[];
}

export interface GoogleSyncDeps {
  api: Api;
  account: string;
  clock: Clock;
  quota: QuotaLimiter;
  knownOrderIds: () => string[];
  /** Voided Purchases page size (Google's maximum and default: 1000). */
  pageSize?: number;
}

function readCursor(value: string | null, ctx: SyncContext): Cursor {
  if (!value) return { v: 1, until: null };
  try {
    const c = JSON.parse(value) as Cursor;
    if (c && c.v === 1) return c;
  } catch {
    /* fall through */
  }
  ctx.notice('The Google Play sync cursor was unreadable; starting again from the last 30 days.');
  return { v: 1, until: null };
}

async function voidedPage(deps: GoogleSyncDeps, q: Parameters<Api['voidedList']>[0], ctx: SyncContext) {
  for (let attempt = 0; ; attempt++) {
    // The daily cap throws StoreError 'quota' (until Google's midnight) before Google is asked.
    await deps.quota.take(ctx.signal, (ms) => ctx.progress({ phase: `voided purchases: waiting ${Math.ceil(ms / 1000)} s for Google's quota`, fetched: 0 }));
    try {
      return await deps.api.voidedList(q, ctx.signal);
    } catch (e) {
      // Another client of the same package may share the quota: wait a full window, a few times.
      if (e instanceof StoreError && e.kind === 'rate_limited' && attempt < MAX_429_RETRIES) {
        deps.quota.exhaustWindow();
        continue;
      }
      throw e;
    }
  }
}

interface VoidedOutcome {
  purchases: PurchaseInput[];
  events: EventInput[];
  /** Voided orders of cached purchases whose order Google did not return: shown without amounts. */
  withoutAmounts: number;
  /** Voided orders of purchases not in the cache that Google could not return at all: not shown. */
  lost: string[];
  orders: Map<string, Order>;
}

/**
 * One page of voided purchases. A purchase first seen here (not in the cache) is read in
 * full (subscriptionsv2 / productsv2 and its orders), so it arrives with its details and
 * order history instead of a refund row without a purchase.
 */
async function voidedBatch(deps: GoogleSyncDeps, voided: VoidedPurchase[], known: Set<string>, ctx: SyncContext): Promise<VoidedOutcome> {
  const orders = await fetchOrders(deps.api, voided.map((v) => v.orderId), ctx.signal);
  const out: VoidedOutcome = { purchases: [], events: [], withoutAmounts: 0, lost: [], orders };
  const cached = (orderId: string) => known.has(orderId) || known.has(chainBase(orderId));
  const fresh = new Map<string, VoidedPurchase>();
  for (const v of voided) {
    out.events.push(voidedEvent(v, orders.get(v.orderId)));
    const revoke = chargebackRevokeEvent(v);
    if (revoke) out.events.push(revoke);
    if (!cached(v.orderId)) fresh.set(v.purchaseToken, v);
    else if (!orders.has(v.orderId)) out.withoutAmounts++;
  }
  for (const [token, v] of fresh) {
    const order = orders.get(v.orderId);
    try {
      const hint = order ? (order.lineItems?.[0]?.subscriptionDetails ? 'subscription' : 'one_time') : undefined;
      const r = await refreshToken(deps.api, token, deps.clock, ctx.signal, hint);
      out.purchases.push(...r.purchases);
      out.events.push(...r.events);
    } catch (e) {
      // 404 / 410: Google no longer answers for this purchase; keep what the order says.
      if (!(isNotFound(e) || (e instanceof StoreError && e.status === 410))) throw e;
      if (order) out.purchases.push(purchaseFromOrder(order));
      else out.lost.push(v.orderId);
    }
  }
  return out;
}

function voidedNotices(ctx: SyncContext, withoutAmounts: number, lost: string[]): void {
  if (withoutAmounts) ctx.notice(`${withoutAmounts} voided Google Play order(s) could not be read through the Orders API; they are shown without amounts.`);
  if (lost.length) {
    const some = lost.slice(0, 5).join(', ');
    ctx.notice(
      `${lost.length} voided Google Play order(s) belong to purchases that are not in the cache, and Google returned neither the order nor the purchase; they are not shown (${some}${lost.length > 5 ? ', …' : ''}).`,
    );
  }
}

export async function* googleSync(deps: GoogleSyncDeps, cursorValue: string | null, ctx: SyncContext): SyncRun {
  let cursor = readCursor(cursorValue, ctx);
  const revoked: Record<string, number> = { ...cursor.revoked };
  const known = [...new Set(deps.knownOrderIds())].sort();
  const knownSet = new Set(known);
  const emit = (c: Cursor, purchases: PurchaseInput[], events: EventInput[]): IngestBatch => ({
    purchases,
    events,
    cursor: { account: deps.account, value: JSON.stringify(Object.keys(revoked).length ? { ...c, revoked } : c) },
  });
  const keep = (c: Cursor): Pick<Cursor, 'ended'> => (c.ended?.length ? { ended: c.ended } : {});

  if (cursor.ordersFrom == null) {
    const now = deps.clock.now();
    const oldest = now - WINDOW_MS;
    let run = cursor.run;
    if (!run) {
      if (cursor.until != null && cursor.until < oldest) {
        ctx.notice(
          'More than 30 days since the last Google Play sync: voided purchases older than 30 days cannot be fetched. Refunds of orders already in the cache are still found through the Orders API.',
        );
      }
      const start = cursor.until == null ? oldest : Math.max(oldest, cursor.until - OVERLAP_MS);
      run = { start, end: now, token: '' };
    }
    let fetched = 0;
    let withoutAmounts = 0;
    const lost: string[] = [];
    for (;;) {
      const page = await voidedPage(deps, run.token ? { token: run.token, maxResults: deps.pageSize } : { startTime: run.start, endTime: run.end, maxResults: deps.pageSize }, ctx);
      const voided = page.voidedPurchases ?? [];
      fetched += voided.length;
      ctx.progress({ phase: 'voided purchases', fetched });
      const b = await voidedBatch(deps, voided, knownSet, ctx);
      for (const v of voided) if (isProratedRevoke(v, b.orders.get(v.orderId))) revoked[v.orderId] = refundSecond(v.voidedTimeMillis);
      withoutAmounts += b.withoutAmounts;
      lost.push(...b.lost);
      const next = page.tokenPagination?.nextPageToken;
      cursor = next
        ? { v: 1, until: cursor.until, ...keep(cursor), run: { ...run, token: next } }
        : known.length
          ? { v: 1, until: run.end, ...keep(cursor), ordersFrom: 0 }
          : { v: 1, until: run.end, ...keep(cursor) };
      yield emit(cursor, b.purchases, b.events);
      if (!next) break;
      run = { ...run, token: next };
    }
    voidedNotices(ctx, withoutAmounts, lost);
  }

  const latestByBase = latestKnownByBase(known);
  const ended = new Set(cursor.ended ?? []);
  const endedNext = [...(cursor.endedNext ?? [])];
  let from = cursor.ordersFrom ?? 0;
  let asked = 0;
  while (from < known.length) {
    const chunk = known.slice(from, from + ORDERS_PER_STEP);
    const orders = await fetchOrders(deps.api, chunk, ctx.signal);
    const events: EventInput[] = [];
    for (const o of orders.values()) events.push(orderPaidEvent(o), ...orderRefundEvents(o, revoked[o.orderId]));
    const cands = renewalCandidates(orders.values(), latestByBase, deps.clock.now(), ended);
    const found = await discoverRenewals(deps.api, deps.clock, cands.ask, knownSet, ctx.signal);
    asked += found.asked;
    endedNext.push(...cands.stillEnded, ...found.ended);
    from += chunk.length;
    ctx.progress({ phase: 'orders', fetched: from, total: known.length });
    cursor =
      from < known.length
        ? { v: 1, until: cursor.until, ...keep(cursor), ordersFrom: from, endedNext }
        : { v: 1, until: cursor.until, ...(endedNext.length ? { ended: endedNext } : {}) };
    yield emit(cursor, found.purchases, [...events, ...found.events]);
  }
  if (asked) ctx.progress({ phase: 'renewals', fetched: asked });
  if (known.length === 0 && cursor.ordersFrom != null) yield emit({ v: 1, until: cursor.until, ...keep(cursor) }, [], []);
}
