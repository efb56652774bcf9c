// The Android Publisher calls the adapter makes, each with a timeout, no hidden SDK
// retries (the sync engine owns backoff, and a refund must never be re-sent blindly),
// Google's errors mapped, and the response shape checked.
import { toGoogleError } from './errors';
import type { Publisher } from './client';
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
  voidedList(q: { startTime?: number; endTime?: number; token?: string; maxResults?: number }, signal?: AbortSignal): Promise<ReturnType<typeof parseVoided>>;
  batchGetOrders(orderIds: string[], signal?: AbortSignal): Promise<Order[]>;
  getOrder(orderId: string, signal?: AbortSignal): Promise<Order>;
  refundOrder(orderId: string, revoke: boolean): Promise<void>;
  revokeSubscription(token: string, prorated: boolean): Promise<void>;
  getSubscription(token: string, signal?: AbortSignal): Promise<ReturnType<typeof subscriptionSchema.parse>>;
  getProduct(token: string, signal?: AbortSignal): Promise<ReturnType<typeof productSchema.parse>>;
}

const parseVoided = (d: unknown) => parseResponse(voidedListSchema, d, 'voided purchases');

export function createApi(pub: Publisher, packageName: string, timeoutMs: number): Api {
  const opts = (signal?: AbortSignal) => ({ timeout: timeoutMs, retry: false, ...(signal ? { signal } : {}) });
  async function call<T>(what: string, fn: () => Promise<{ data: unknown }>, parse: (d: unknown) => T): Promise<T> {
    let data: unknown;
    try {
      data = (await fn()).data;
    } catch (e) {
      throw toGoogleError(e, what);
    }
    return parse(data);
  }
  return {
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
