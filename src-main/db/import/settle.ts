// A purchase's facts from many events, whatever order they arrive in: the cache's upsert
// takes the last statement it is given, so import settles them first. The product is
// the one of the latest event, the expiry never moves backwards, and the price is the
// latest payment's. Importing the same events in any order, any number of times, ends
// with the same purchase.
import type { Db } from '../connection';
import { stmt } from '../statements';
import type { PurchaseInput } from '../../domain/model';

export interface Stated {
  purchase: PurchaseInput;
  /** When the event that said this happened. */
  at: number;
  /** When the payment it tells was made; null when it tells none. */
  paidAt: number | null;
}

interface Settled extends Stated {
  priceAt: number | null;
}

const key = (p: PurchaseInput) => `${p.store}\u0000${p.storeKey}`;

/** Folds one batch's statements into one per purchase. */
export function foldPurchases(stated: Stated[]): Settled[] {
  const out = new Map<string, Settled>();
  for (const s of stated) {
    const k = key(s.purchase);
    const prev = out.get(k);
    if (!prev) {
      out.set(k, { ...s, purchase: { ...s.purchase, customer: { ...s.purchase.customer, ids: [...s.purchase.customer.ids] } }, priceAt: s.paidAt });
      continue;
    }
    const a = prev.purchase;
    const b = s.purchase;
    if (s.at > prev.at) {
      a.productId = b.productId;
      a.kind = b.kind;
      a.environment = b.environment;
      prev.at = s.at;
    }
    if (b.expiresAt != null) a.expiresAt = Math.max(a.expiresAt ?? 0, b.expiresAt);
    if (s.paidAt != null && b.priceMinor != null && (prev.priceAt == null || s.paidAt > prev.priceAt)) {
      a.priceMinor = b.priceMinor;
      a.currency = b.currency;
      prev.priceAt = s.paidAt;
    }
    a.purchasedAt = Math.min(a.purchasedAt, b.purchasedAt);
    a.customer.appUserId ??= b.customer.appUserId;
    a.customer.email ??= b.customer.email;
    for (const id of b.customer.ids) if (!a.customer.ids.some((x) => x.kind === id.kind && x.value === id.value)) a.customer.ids.push(id);
  }
  return [...out.values()];
}

interface Existing {
  id: number;
  product_id: string;
  kind: PurchaseInput['kind'];
  environment: PurchaseInput['environment'];
  expires_at: number | null;
}

/** Adjusts the folded statements by what the workspace already holds (earlier imports, store syncs). */
export function settleWithWorkspace(db: Db, folded: Settled[]): PurchaseInput[] {
  return folded.map((s) => {
    const p = s.purchase;
    const row = stmt(db, 'SELECT id, product_id, kind, environment, expires_at FROM purchases WHERE store = ? AND store_key = ?').get(p.store, p.storeKey) as
      | Existing
      | undefined;
    if (!row) return p;
    // the cache's upsert keeps the first purchase time it saw; an older event read later moves it back
    stmt(db, 'UPDATE purchases SET purchased_at = ? WHERE id = ? AND purchased_at > ?').run(p.purchasedAt, row.id, p.purchasedAt);
    const latest = stmt(db, 'SELECT MAX(occurred_at) AS at FROM events WHERE purchase_id = ?').get(row.id) as { at: number | null };
    if (latest.at != null && latest.at > s.at) {
      // the workspace knows a later event: its product stands
      p.productId = row.product_id;
      p.kind = row.kind;
      p.environment = row.environment;
    }
    if (row.expires_at != null) p.expiresAt = Math.max(p.expiresAt ?? 0, row.expires_at);
    const paid = stmt(
      db,
      `SELECT amount_minor, currency, occurred_at FROM events WHERE purchase_id = ? AND amount_minor IS NOT NULL
         AND type IN ('purchase', 'renewal', 'trial_converted') ORDER BY occurred_at DESC LIMIT 1`,
    ).get(row.id) as { amount_minor: number; currency: string | null; occurred_at: number } | undefined;
    if (paid && s.priceAt != null && paid.occurred_at > s.priceAt) {
      p.priceMinor = paid.amount_minor;
      p.currency = paid.currency;
    }
    return p;
  });
}
