// The Android Publisher v3 routes of the Google test server: voided purchases, orders
// (get, batchGet, refund) and subscriptionsv2 / productsv2, each answering as Google's
// REST reference documents. Refunds and revokes can be held, dropped or lost (faults).
import type { ServerResponse } from 'node:http';
import type { PlayAccount } from './account';
import { orderJson, productJson, subscriptionJson, voidedJson, type EnumStyle } from './wire';

const DAY = 86_400_000;
const THREE_YEARS = 1095 * DAY;
const PERMISSION_MESSAGE = 'The current user has insufficient permissions to perform the requested operation.';

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

export function googleError(res: ServerResponse, code: number, status: string, message: string, reason: string, headers?: Record<string, string>, domain = 'androidpublisher'): void {
  send(res, code, { error: { code, message, status, errors: [{ message, domain, reason }] } }, headers);
}

/** How a money-moving call ends: answered, held then answered, answer dropped after performing, or lost before. */
export type MoneyFault = 'hold' | 'drop_after_refund' | 'lose' | null;

export interface RouteState {
  account: PlayAccount;
  now: () => number;
  enums: EnumStyle;
  /**
   * What orders.refund does at once. Google documents Order.State PENDING_REFUND but not
   * when an order passes through it; 'pending' makes every refund wait for
   * account.completePendingRefund (the harsher case for the console).
   */
  refundProcessing: 'instant' | 'pending';
  refundsPerformed: number;
  quotaRejections: number;
  voidedQueries: number[];
}

export interface RouteRequest {
  method: string;
  rest: string;
  url: URL;
  body: string;
  res: ServerResponse;
  fault: MoneyFault;
  holdMs: number;
  /** Runs when Google starts holding the request (a test makes something happen meanwhile). */
  duringHold?: () => void;
  /** Destroys the connection without an answer. */
  drop(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Performs a refund or revoke the way the faults say. Google documents no cancellation
 * of a request whose client went away, so a held request is performed even when the
 * client died meanwhile (the harsher case: the money moves although nobody heard it).
 */
async function moneyCall(s: RouteState, r: RouteRequest, perform: () => void, answer: () => void): Promise<void> {
  if (r.fault === 'lose') return r.drop();
  if (r.fault === 'hold') {
    r.duringHold?.();
    await sleep(r.holdMs);
  }
  perform();
  s.refundsPerformed++;
  if (r.fault === 'drop_after_refund') return r.drop();
  answer();
}

export async function route(s: RouteState, r: RouteRequest): Promise<void> {
  const { account, now } = s;
  const { res, rest, url, method } = r;
  const need = (ok: boolean) => {
    if (ok) return false;
    googleError(res, 403, 'PERMISSION_DENIED', PERMISSION_MESSAGE, 'permissionDenied');
    return true;
  };
  if (rest === 'purchases/voidedpurchases' && method === 'GET') {
    if (need(account.permissions.viewFinancialData)) return;
    const t = now();
    while (s.voidedQueries.length && s.voidedQueries[0]! <= t - 30_000) s.voidedQueries.shift();
    // Voided Purchases guide, Quotas: 6,000 queries per day and 30 queries per 30 seconds.
    if (s.voidedQueries.length >= 30) {
      s.quotaRejections++;
      return googleError(res, 429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Voided purchases queries' and limit 'Queries per 30 seconds'.", 'rateLimitExceeded');
    }
    s.voidedQueries.push(t);
    return voidedList(s, url, res, t);
  }
  if (rest === 'orders:batchGet' && method === 'GET') {
    if (need(account.permissions.viewFinancialData)) return;
    const ids = url.searchParams.getAll('orderIds');
    // REST reference, orders.batchget: "A maximum of 1000 orders can be retrieved".
    if (ids.length < 1 || ids.length > 1000) return googleError(res, 400, 'INVALID_ARGUMENT', 'Between 1 and 1000 order IDs are required.', 'badRequest');
    const missing = ids.find((id) => !account.orders.has(id));
    // REST reference, orders.batchget: if any order ID is not found, the entire request fails.
    if (missing) return googleError(res, 404, 'NOT_FOUND', `Order not found: ${missing}`, 'notFound');
    return send(res, 200, { orders: ids.map((id) => orderJson(account.orders.get(id)!)) });
  }
  const orderMatch = /^orders\/([^/:]+)(:refund)?$/.exec(rest);
  if (orderMatch && !orderMatch[2] && method === 'GET') {
    if (need(account.permissions.viewFinancialData)) return;
    const o = account.orders.get(orderMatch[1]!);
    if (!o) return googleError(res, 404, 'NOT_FOUND', 'The order was not found.', 'notFound');
    return send(res, 200, orderJson(o));
  }
  if (orderMatch && orderMatch[2] && method === 'POST') {
    if (need(account.permissions.manageOrders)) return;
    const o = account.orders.get(orderMatch[1]!);
    if (!o) return googleError(res, 404, 'NOT_FOUND', 'The order was not found.', 'notFound');
    if (now() - o.createTime > THREE_YEARS) return googleError(res, 400, 'FAILED_PRECONDITION', 'Orders older than 3 years cannot be refunded.', 'orderTooOld');
    if (o.state === 'REFUNDED' || o.state === 'PENDING_REFUND') return googleError(res, 400, 'FAILED_PRECONDITION', 'The order has already been fully refunded.', 'orderAlreadyRefunded');
    const revoke = url.searchParams.get('revoke') === 'true';
    return moneyCall(
      s,
      r,
      () => (s.refundProcessing === 'pending' ? account.pendingRefund(o.orderId) : account.fullRefund(o.orderId, { revoke, source: 1, reason: 0 })),
      () => {
        res.writeHead(204);
        res.end();
      },
    );
  }
  const subMatch = /^purchases\/subscriptionsv2\/tokens\/([^/:]+)(:revoke)?$/.exec(rest);
  if (subMatch) {
    const sub = account.subscriptions.get(subMatch[1]!);
    if (!sub) return googleError(res, 404, 'NOT_FOUND', 'The purchase token was not found.', 'purchaseTokenNotFound');
    const latest = account.latestSuccessfulOrderId(sub.token);
    if (!subMatch[2] && method === 'GET') return send(res, 200, subscriptionJson(sub, latest));
    if (subMatch[2] && method === 'POST') {
      if (need(account.permissions.manageOrders)) return;
      const ctx = (JSON.parse(r.body || '{}') as { revocationContext?: Record<string, unknown> }).revocationContext ?? {};
      if (!ctx.fullRefund && !ctx.proratedRefund) return googleError(res, 400, 'INVALID_ARGUMENT', 'revocationContext is required.', 'badRequest');
      if (sub.state === 'SUBSCRIPTION_STATE_EXPIRED') return googleError(res, 400, 'FAILED_PRECONDITION', 'The subscription is not active.', 'subscriptionNotActive');
      // REST reference, subscriptionsv2.revoke: revokes access and refunds the latest order
      // (the latest successful one, whatever order the caller had in mind).
      // The latest order is taken when Google performs the revoke (after a hold, a renewal may have come).
      return moneyCall(s, r, () => revoke(s, sub.token, account.latestSuccessfulOrderId(sub.token)!, Boolean(ctx.proratedRefund)), () => send(res, 200, {}));
    }
  }
  const prodMatch = /^purchases\/productsv2\/tokens\/([^/:]+)$/.exec(rest);
  if (prodMatch && method === 'GET') {
    const p = account.products.get(prodMatch[1]!);
    if (!p) return googleError(res, 404, 'NOT_FOUND', 'The purchase token was not found.', 'purchaseTokenNotFound');
    return send(res, 200, productJson(p));
  }
  return googleError(res, 404, 'NOT_FOUND', `No route for ${method} ${url.pathname}`, 'notFound');
}

function revoke(s: RouteState, token: string, orderId: string, prorated: boolean): void {
  const { account } = s;
  const sub = account.subscriptions.get(token)!;
  const o = account.order(orderId);
  const t = s.now();
  if (prorated) {
    const remaining = Math.max(0, (o.servicePeriodEnd ?? t) - t) / Math.max(1, (o.servicePeriodEnd ?? t) - (o.servicePeriodStart ?? t));
    account.partialRefund(o.orderId, Math.round((o.totalMinor - o.partialRefunds.reduce((a, p) => a + p.totalMinor, 0)) * remaining), t);
    account.voided.push({ purchaseToken: token, orderId: o.orderId, purchaseTimeMillis: o.createTime, voidedTimeMillis: t, seenTime: t, voidedSource: 1, voidedReason: 0, isSubscription: true });
    sub.state = 'SUBSCRIPTION_STATE_EXPIRED';
    sub.expiryTime = t;
    sub.autoRenew = false;
  } else {
    account.fullRefund(o.orderId, { revoke: true, at: t, source: 1, reason: 0 });
  }
}

function voidedList(s: RouteState, url: URL, res: ServerResponse, t: number): void {
  const q = url.searchParams;
  const token = q.get('token');
  let start: number;
  let end: number;
  let type: number;
  let withQty: boolean;
  let offset = 0;
  if (token) {
    // REST reference: startTime/endTime are ignored when a pagination token is set.
    const d = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as number[];
    [start, end, type, offset] = d as [number, number, number, number];
    withQty = d[4] === 1;
  } else {
    start = q.has('startTime') ? Number(q.get('startTime')) : t - 30 * DAY;
    end = q.has('endTime') ? Number(q.get('endTime')) : t;
    type = Number(q.get('type') ?? '0');
    withQty = q.get('includeQuantityBasedPartialRefund') === 'true';
    if (!Number.isFinite(start) || !Number.isFinite(end)) return googleError(res, 400, 'INVALID_ARGUMENT', 'Invalid time value.', 'invalid');
    if (start < t - 30 * DAY - 60_000) return googleError(res, 400, 'INVALID_ARGUMENT', 'startTime cannot be older than 30 days.', 'invalid');
    if (end > t + 60_000) return googleError(res, 400, 'INVALID_ARGUMENT', 'endTime cannot be greater than the current time.', 'invalid');
  }
  const max = Math.min(1000, Number(q.get('maxResults') ?? '1000') || 1000);
  const all = s.account.voided
    .filter((v) => v.seenTime >= start && v.seenTime <= end && v.seenTime >= t - 30 * DAY)
    .filter((v) => type === 1 || !v.isSubscription)
    .filter((v) => withQty || v.voidedQuantity == null)
    .sort((a, b) => a.seenTime - b.seenTime);
  const page = all.slice(offset, offset + max);
  const out: Record<string, unknown> = {
    pageInfo: { totalResults: all.length, resultPerPage: page.length, startIndex: offset },
    voidedPurchases: page.map((v) => voidedJson(v, s.enums)),
  };
  if (offset + max < all.length) {
    out.tokenPagination = { nextPageToken: Buffer.from(JSON.stringify([start, end, type, offset + max, withQty ? 1 : 0])).toString('base64url') };
  }
  send(res, 200, out);
}
