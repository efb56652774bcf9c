// The stores, their names and their identifier kinds, all read from STORE_PROFILES: a new
// store's entry there adds it to every list below, so no list elsewhere can miss it.
import { STORE_PROFILES, type Store, type StoreIdKind } from './profiles';

export type { Store };

/** STORE_PROFILES' keys, in the table's order (zod's enum wants a non-empty tuple). */
export const STORES = Object.keys(STORE_PROFILES) as [Store, ...Store[]];

export const STORE_NAMES: Readonly<Record<Store, string>> = Object.fromEntries(STORES.map((s) => [s, STORE_PROFILES[s].name])) as Record<Store, string>;

/** Identifier kinds that map a store's purchase to one customer, and that search finds. */
export type IdKind = 'app_user_id' | 'email' | StoreIdKind;
export const ID_KINDS = ['app_user_id', 'email', ...STORES.flatMap((s) => STORE_PROFILES[s].ids.kinds)] as [IdKind, ...IdKind[]];

/** The identifier kind of an order ID the store reported, by the store profile's prefixes; null: none. */
export function orderIdKindOf(store: Store, orderId: string): IdKind | null {
  const hit = STORE_PROFILES[store].ids.orderIds.find(([prefix]) => orderId.startsWith(prefix));
  return hit ? (hit[1] as IdKind) : null;
}
