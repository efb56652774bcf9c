// Customer identifiers: which kind an order/payment reference is, and recording them.
import { orderIdKindOf } from '../domain/stores';
import type { IdKind, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { stmt } from './statements';

/** The identifier kind of an event's orderId, so that search finds it (the store profile's `ids.orderIds`). */
export function orderIdKind(store: Store | null, orderId: string): IdKind | null {
  return store ? orderIdKindOf(store, orderId) : null;
}

/** Records an identifier for a customer; an identifier already known keeps its customer. */
export function addCustomerId(db: Db, customerId: number, store: Store | null, kind: string, value: string): void {
  if (!value) return;
  stmt(db, 'INSERT OR IGNORE INTO customer_ids (store, kind, value, norm, customer_id) VALUES (?, ?, ?, ?, ?)').run(
    store,
    kind,
    value,
    value.toLowerCase(),
    customerId,
  );
}

export function customerByIdentifier(db: Db, kind: string, value: string): number | null {
  const row = stmt(db, 'SELECT customer_id FROM customer_ids WHERE kind = ? AND value = ?').get(kind, value) as
    | { customer_id: number }
    | undefined;
  return row ? row.customer_id : null;
}

/**
 * Every order/payment ID of a store the cache knows: the purchases' own (customer_ids)
 * and each renewal's (events.order_id, e.g. Google "GPA.…..N"). The Google Orders API
 * pass re-reads these to find Play Console refunds that Voided Purchases does not list.
 */
export function knownOrderIds(db: Db, store: Store, kind: IdKind): string[] {
  return stmt(
    db,
    `SELECT value FROM customer_ids WHERE kind = ?
     UNION SELECT order_id FROM events WHERE store = ? AND order_id IS NOT NULL`,
  )
    .pluck()
    .all(kind, store) as string[];
}
