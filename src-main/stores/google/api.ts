// The Android Publisher calls the adapter makes, each with a timeout, no hidden SDK
// retries (the sync engine owns backoff, and a refund must never be re-sent blindly),
// Google's errors mapped, and the response shape checked.
import { credentialRejected, googleError, type PublisherClient } from './client';
import {
  batchOrdersSchema,
  orderSchema,
  parseResponse,
  productSchema,
  subscriptionSchema,
  voidedListSchema,
  type Order,
} from './parse';

export interface Api {
  readonly packageName: string;
  voidedList(q: { startTime?: number; endTime?: number; token?: string; maxResults?: number }, signal?: AbortSignal): Promise<ReturnType<typeof parseVoided>>;
  batchGetOrders(orderIds: string[], signal?: AbortSignal): Promise<Order[]>;
  getOrder(orderId: string, signal?: AbortSignal): Promise<Order>;
  refundOrder(orderId: string, revoke: boolean): Promise<void>;
  revokeSubscription(token: string, prorated: boolean): Promise<void>;
  getSubscription(token: string, signal?: AbortSignal): Promise<ReturnType<typeof subscriptionSchema.parse>>;
  getProduct(token: string, signal?: AbortSignal): Promise<ReturnType<typeof productSchema.parse>>;
}

const parseVoided = (d: unknown) => parseResponse(voidedListSchema, d, 'voided purchases');

/** Google's frontend refuses GET URLs beyond about 8 KB (google-api-nodejs-client issue #972). */
export const GOOGLE_URL_LIMIT_BYTES = 8192;
/** Room left for what the SDK or a proxy may add to the URL. */
const URL_MARGIN_BYTES = 512;
/** REST reference, orders.batchget: at most 1,000 order IDs per call. */
const BATCH_GET_MAX = 1000;

/**
 * Splits order IDs into orders:batchGet calls whose GET URL stays under Google's limit.
 * The SDK sends the IDs as repeated `orderIds=` query parameters, percent-encoded; about
 * 200 renewal order IDs fit in one URL, not the 1,000 the method accepts.
 */
export function orderBatches(packageName: string, ids: string[], limitBytes = GOOGLE_URL_LIMIT_BYTES): string[][] {
  const base = Buffer.byteLength(`/androidpublisher/v3/applications/${encodeURIComponent(packageName)}/orders:batchGet?`);
  const out: string[][] = [];
  let cur: string[] = [];
  let bytes = base;
  for (const id of ids) {
    const add = Buffer.byteLength(`orderIds=${encodeURIComponent(id)}&`);
    if (cur.length && (bytes + add > limitBytes - URL_MARGIN_BYTES || cur.length >= BATCH_GET_MAX)) {
      out.push(cur);
      cur = [];
      bytes = base;
    }
    cur.push(id);
    bytes += add;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** `now`: the adapter's clock, which dates a daily quota's end (googleError). */
export function createApi(client: PublisherClient, packageName: string, timeoutMs: number, now: () => number = Date.now): Api {
  const pub = client.publisher;
  const opts = (signal?: AbortSignal) => ({ timeout: timeoutMs, retry: false, ...(signal ? { signal } : {}) });
  async function call<T>(what: string, fn: () => Promise<{ data: unknown }>, parse: (d: unknown) => T): Promise<T> {
    let data: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        data = (await fn()).data;
        break;
      } catch (e) {
        const g = googleError(e, what, now);
        // The API refused the access token (401 before anything was performed, so a
        // refund is safe to send again): fetch a new token once and retry. A token-endpoint
        // refusal (invalid_grant…) is the key itself and is not retried.
        if (g.status === 401 && !credentialRejected(g) && attempt === 0) {
          client.renewToken();
          continue;
        }
        throw g;
      }
    }
    return parse(data);
  }
  return {
    packageName,
    voidedList: (q, signal) =>
      call(
        'the voided purchases query',
        () =>
          pub.purchases.voidedpurchases.list(
            {
              packageName,
              // type=1: subscriptions too (Google then identifies renewals by orderId)
              type: 1,
              includeQuantityBasedPartialRefund: true,
              maxResults: q.maxResults ?? 1000,
              ...(q.token ? { token: q.token } : {}),
              ...(q.startTime != null ? { startTime: String(q.startTime) } : {}),
              ...(q.endTime != null ? { endTime: String(q.endTime) } : {}),
            },
            opts(signal),
          ),
        parseVoided,
      ),
    batchGetOrders: (orderIds, signal) =>
      call(
        'orders.batchGet',
        () => pub.orders.batchget({ packageName, orderIds }, opts(signal)),
        (d) => parseResponse(batchOrdersSchema, d, 'orders.batchGet').orders ?? [],
      ),
    getOrder: (orderId, signal) =>
      call(`orders.get of ${orderId}`, () => pub.orders.get({ packageName, orderId }, opts(signal)), (d) => parseResponse(orderSchema, d, 'orders.get')),
    refundOrder: (orderId, revoke) =>
      call(`the refund of ${orderId}`, () => pub.orders.refund({ packageName, orderId, revoke }, opts()), () => undefined),
    revokeSubscription: (token, prorated) =>
      call(
        'the subscription revoke',
        () =>
          pub.purchases.subscriptionsv2.revoke(
            { packageName, token, requestBody: { revocationContext: prorated ? { proratedRefund: {} } : { fullRefund: {} } } },
            opts(),
          ),
        () => undefined,
      ),
    getSubscription: (token, signal) =>
      call('subscriptionsv2.get', () => pub.purchases.subscriptionsv2.get({ packageName, token }, opts(signal)), (d) =>
        parseResponse(subscriptionSchema, d, 'subscriptionsv2.get'),
      ),
    getProduct: (token, signal) =>
      call('productsv2.getproductpurchasev2', () => pub.purchases.productsv2.getproductpurchasev2({ packageName, token }, opts(signal)), (d) =>
        parseResponse(productSchema, d, 'productsv2'),
      ),
  };
}
