// Google Play sync: Voided Purchases (incremental, token pages, within Google's 30-day
// window and quota), then the Orders API for every order the cache knows, because
// Voided Purchases never lists "refund only" or partial refunds made in the Play Console.
import type { SyncContext, SyncRun } from '../adapter';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';
import type { Api } from './api';
import { GoogleStoreError } from './errors';
import { isProratedRevoke, orderPaidEvent, orderRefundEvents, purchaseFromOrder, refundSecond, voidedEvent } from './mapping';
import type { Order } from './parse';
import { QuotaExhausted, type Clock, type QuotaLimiter } from './quota';

const DAY = 86_400_000;
/** Google keeps voided purchases for 30 days; stay a minute inside so startTime is never refused. */
const WINDOW_MS = 30 * DAY - 60_000;
/** Re-read a little before the last end: the filter is on when Google recorded the void. */
const OVERLAP_MS = 5 * 60_000;
const BATCH_GET_MAX = 1000;
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

/** orders.batchGet fails as a whole if one ID is unknown (Google's docs); then read them one by one. */
export async function fetchOrders(api: Api, ids: string[], signal: AbortSignal): Promise<Map<string, Order>> {
  const out = new Map<string, Order>();
  for (let i = 0; i < ids.length; i += BATCH_GET_MAX) {
    const chunk = ids.slice(i, i + BATCH_GET_MAX);
    try {
      for (const o of await api.batchGetOrders(chunk, signal)) out.set(o.orderId, o);
    } catch (e) {
      if (!(e instanceof GoogleStoreError) || e.status !== 404) throw e;
      for (const id of chunk) {
        try {
          out.set(id, await api.getOrder(id, signal));
        } catch (e2) {
          if (!(e2 instanceof GoogleStoreError) || e2.status !== 404) throw e2;
        }
      }
    }
  }
  return out;
}

async function voidedPage(deps: GoogleSyncDeps, q: Parameters<Api['voidedList']>[0], ctx: SyncContext) {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.quota.take(ctx.signal, (ms) => ctx.progress({ phase: `voided purchases: waiting ${Math.ceil(ms / 1000)} s for Google's quota`, fetched: 0 }));
    } catch (e) {
      if (e instanceof QuotaExhausted) throw new GoogleStoreError('rate_limited', `Google Play: ${e.message}`, true, null, 'dailyQuota', e.retryAfterMs);
      throw e;
    }
    try {
      return await deps.api.voidedList(q, ctx.signal);
    } catch (e) {
      // Another client of the same package may share the quota: wait a full window, a few times.
      if (e instanceof GoogleStoreError && e.status === 429 && attempt < MAX_429_RETRIES) {
        deps.quota.exhaustWindow();
        continue;
      }
      throw e;
    }
  }
}

function uniquePurchases(orders: Iterable<Order>, skip: Set<string>): PurchaseInput[] {
  const byToken = new Map<string, PurchaseInput>();
  for (const o of orders) {
    if (skip.has(o.orderId)) continue;
    const p = purchaseFromOrder(o);
    const prev = byToken.get(p.storeKey);
    if (!prev || p.purchasedAt < prev.purchasedAt) byToken.set(p.storeKey, p);
  }
  return [...byToken.values()];
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
    let missing = 0;
    for (;;) {
      const page = await voidedPage(deps, run.token ? { token: run.token, maxResults: deps.pageSize } : { startTime: run.start, endTime: run.end, maxResults: deps.pageSize }, ctx);
      const voided = page.voidedPurchases ?? [];
      fetched += voided.length;
      ctx.progress({ phase: 'voided purchases', fetched });
      const orders = await fetchOrders(deps.api, [...new Set(voided.map((v) => v.orderId))], ctx.signal);
      const events = voided.map((v) => voidedEvent(v, orders.get(v.orderId)));
      for (const v of voided) if (isProratedRevoke(v, orders.get(v.orderId))) revoked[v.orderId] = refundSecond(v.voidedTimeMillis);
      missing += voided.filter((v) => !orders.has(v.orderId)).length;
      const next = page.tokenPagination?.nextPageToken;
      cursor = next
        ? { v: 1, until: cursor.until, run: { ...run, token: next } }
        : known.length
          ? { v: 1, until: run.end, ordersFrom: 0 }
          : { v: 1, until: run.end };
      yield emit(cursor, uniquePurchases(orders.values(), knownSet), events);
      if (!next) break;
      run = { ...run, token: next };
    }
    if (missing) ctx.notice(`${missing} voided Google Play order(s) could not be read through the Orders API; they are shown without amounts.`);
  }

  let from = cursor.ordersFrom ?? 0;
  while (from < known.length) {
    const chunk = known.slice(from, from + BATCH_GET_MAX);
    const orders = await fetchOrders(deps.api, chunk, ctx.signal);
    const events: EventInput[] = [];
    for (const o of orders.values()) events.push(orderPaidEvent(o), ...orderRefundEvents(o, revoked[o.orderId]));
    from += chunk.length;
    ctx.progress({ phase: 'orders', fetched: from, total: known.length });
    cursor = from < known.length ? { v: 1, until: cursor.until, ordersFrom: from } : { v: 1, until: cursor.until };
    yield emit(cursor, [], events);
  }
  if (known.length === 0 && cursor.ordersFrom != null) yield emit({ v: 1, until: cursor.until }, [], []);
}
