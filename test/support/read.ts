// Named readers for what tests check in a workspace and the product has no reader for.
// Tests call these (or the product's own readers: db/ledger.ts, db/customers.ts,
// db/timeline.ts, refunds/intents.ts, refunds/audit.ts, sync/state.ts) instead of writing
// SELECTs inline, so a schema change is fixed here once. Each returns the stored values
// unchanged (raw detail JSON, raw columns): a test that proves e.g. "no secret reached the
// audit log" must see what is on disk, not a product view that already filters it.
import type { Db } from '../../src-main/db/connection';
import type { Store } from '../../src-main/ipc/vocabulary';
import { readSyncState } from '../../src-main/sync/state';

/** The resume cursor the engine stored for an account, or null before the first batch. */
export const syncCursor = (db: Db, account: string): string | null => readSyncState(db, account)?.cursor ?? null;

/** The number of cached events, all or of one type. */
export function eventCount(db: Db, type?: string): number {
  return db.prepare('SELECT COUNT(*) FROM events WHERE (@type IS NULL OR type = @type)').pluck().get({ type: type ?? null }) as number;
}

export interface PurchaseRecord {
  id: number;
  customer_id: number;
  store: Store;
  store_key: string;
  kind: string;
  product_id: string | null;
  state: string;
  state_until: number | null;
  state_reason: string | null;
  price_minor: number | null;
  currency: string | null;
  expires_at: number | null;
  purchased_at: number | null;
  environment: string | null;
  imported: number;
}

const PURCHASE = 'SELECT id, customer_id, store, store_key, kind, product_id, state, state_until, state_reason, price_minor, currency, expires_at, purchased_at, environment, imported FROM purchases';

/** The cached purchase with this store key (and store, where keys could repeat across stores). */
export function purchaseByKey(db: Db, storeKey: string, store?: Store): PurchaseRecord {
  const r = db.prepare(`${PURCHASE} WHERE store_key = @storeKey AND (@store IS NULL OR store = @store)`).get({ storeKey, store: store ?? null }) as
    | PurchaseRecord
    | undefined;
  if (!r) throw new Error(`no purchase ${store ?? '*'}:${storeKey} in the cache`);
  return r;
}

export const purchaseById = (db: Db, id: number): PurchaseRecord => db.prepare(`${PURCHASE} WHERE id = ?`).get(id) as PurchaseRecord;

/** Every cached purchase, in insertion order, optionally of one store. */
export function purchases(db: Db, store?: Store): PurchaseRecord[] {
  return db.prepare(`${PURCHASE} WHERE (@store IS NULL OR store = @store) ORDER BY id`).all({ store: store ?? null }) as PurchaseRecord[];
}

export interface AuditRecord {
  action: string;
  target: string | null;
  result: string;
  os_user: string;
  agent_name: string | null;
  /** The detail JSON exactly as stored. */
  detail: string | null;
}

/** The audit log as stored, oldest first, optionally of one action. */
export function auditRecords(db: Db, action?: string): AuditRecord[] {
  return db
    .prepare('SELECT action, target, result, os_user, agent_name, detail FROM audit_log WHERE (@action IS NULL OR action = @action) ORDER BY id')
    .all({ action: action ?? null }) as AuditRecord[];
}

export interface EventRecord {
  id: number;
  customer_id: number;
  purchase_id: number | null;
  type: string;
  occurred_at: number;
  store: Store | null;
  dedupe_key: string;
  order_id: string | null;
  amount_minor: number | null;
  currency: string | null;
  source: string;
  detail: string | null;
}

/** Cached events of one purchase or customer (or all), oldest id first, optionally of some types. */
export function eventRecords(db: Db, o: { purchaseId?: number; customerId?: number; types?: string[] } = {}): EventRecord[] {
  return db
    .prepare(
      `SELECT id, customer_id, purchase_id, type, occurred_at, store, dedupe_key, order_id, amount_minor, currency, source, detail FROM events
       WHERE (@purchaseId IS NULL OR purchase_id = @purchaseId)
         AND (@customerId IS NULL OR customer_id = @customerId)
         AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
       ORDER BY id`,
    )
    .all({ purchaseId: o.purchaseId ?? null, customerId: o.customerId ?? null, types: o.types ? JSON.stringify(o.types) : null }) as EventRecord[];
}

/** Every stored setting, by key (settings has no product reader for "all of them"). */
export function allSettings(db: Db): { key: string; value: string }[] {
  return db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: string }[];
}

/** The accounts that have a sync status row (a lookup or import must not create one). */
export function syncAccounts(db: Db): string[] {
  return db.prepare('SELECT account FROM sync_state ORDER BY account').pluck().all() as string[];
}

/** Tables a test may snapshot whole, to prove an operation changed nothing (or count rows). */
export type SnapshotTable = 'events' | 'customer_ids' | 'customers' | 'purchases' | 'sync_state';

/** Every row of a table, every column, in insertion order: the strongest "nothing changed". */
export function tableSnapshot(db: Db, table: SnapshotTable): Record<string, unknown>[] {
  // An identifier cannot be a bound parameter; `table` is one of the fixed names above.
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
}
