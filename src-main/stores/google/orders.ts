// Reading orders by ID through orders:batchGet, in calls whose GET URL stays under
// Google's limit (api.ts, orderBatches).
import { orderBatches, type Api } from './api';
import { isNotFound } from './client';
import type { Order } from './parse';


/**
 * orders.batchGet fails as a whole if one ID is unknown (REST reference); then the IDs
 * of that call are read one by one and the unknown ones left out.
 */
export async function fetchOrders(api: Api, ids: string[], signal: AbortSignal): Promise<Map<string, Order>> {
  const out = new Map<string, Order>();
  for (const chunk of orderBatches(api.packageName, [...new Set(ids)])) {
    try {
      for (const o of await api.batchGetOrders(chunk, signal)) out.set(o.orderId, o);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      for (const id of chunk) {
        try {
          out.set(id, await api.getOrder(id, signal));
        } catch (e2) {
          if (!isNotFound(e2)) throw e2;
        }
      }
    }
  }
  return out;
}
