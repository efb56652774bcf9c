// The one path by which store data enters the cache (sync, import, demo). One batch is
// one transaction, cursor included, so a crash between batches neither loses nor
// doubles an event. Money facts go to the ledger first (ledgerWrite.ts); entitlement is
// re-derived only for the purchases a batch touched, from the ledger (ledgerEntitlement.ts).
import type Database from 'better-sqlite3';
import { legacyFact } from '../domain/legacyFacts';
import type { Store } from '../ipc/vocabulary';
import type { EventInput, IngestBatch, PurchaseInput } from '../domain/model';
import type { Db } from './connection';
import { addCustomerId, customerByIdentifier } from './ids';
import { rederive } from './ledgerEntitlement';
import { FreshPurchases } from './freshPurchases';
import { ledgerDedupeKey, upsertLedgerFact, type LedgerContext, type Owner } from './ledgerWrite';
import { waitingOrphans } from './ledgerOrphans';
import { indexNewRows } from './search';
import { summarizeNewEvents } from './insightsDaily';
import { stmt } from './statements';

export interface IngestResult {
  purchases: number;
  inserted: number;
  skipped: number;
}

interface PurchaseRow {
  id: number;
  customer_id: number;
  ids: string;
  imported: number;
}

/**
 * DESIGN §3: the app user ID first, else a store identifier already known, else a new
 * customer of its own (an agent can merge later). Email alone never joins two customers:
 * families and shared inboxes share one.
 */
function resolveCustomer(db: Db, p: PurchaseInput, now: number): number {
  const hint = p.customer;
  if (hint.appUserId) {
    const c = customerByIdentifier(db, 'app_user_id', hint.appUserId);
    if (c != null) return known(db, c, hint);
  }
  for (const id of hint.ids) {
    const c = customerByIdentifier(db, id.kind, id.value);
    if (c != null) return known(db, c, hint);
  }
  const info = stmt(db, 'INSERT INTO customers (app_user_id, email, display_name, created_at) VALUES (?, ?, ?, ?)').run(
    hint.appUserId ?? null,
    hint.email ? hint.email.toLowerCase() : null,
    hint.displayName ?? null,
    now,
  );
  const id = Number(info.lastInsertRowid);
  if (hint.asOf != null) updateContact(db, id, hint);
  return id;
}

// A field takes the fact's value when the fact is newer than the value's own time, or the
// value has none; at the same time the greater value wins, so the order never matters. A
// fact without a time only fills an empty field. Each field keeps its own time: a fact that
// leaves one out says nothing about it.
const NEWER = (col: string) => `@${col} IS NOT NULL AND (${col} IS NULL OR (@at IS NOT NULL
  AND (${col}_at IS NULL OR @at > ${col}_at OR (@at = ${col}_at AND @${col} > ${col}))))`;
const CONTACT = `UPDATE customers SET app_user_id = COALESCE(app_user_id, @appUserId),
  email_at = CASE WHEN ${NEWER('email')} THEN @at ELSE email_at END,
  email = CASE WHEN ${NEWER('email')} THEN @email ELSE email END,
  display_name_at = CASE WHEN ${NEWER('display_name')} THEN @at ELSE display_name_at END,
  display_name = CASE WHEN ${NEWER('display_name')} THEN @display_name ELSE display_name END
  WHERE id = @id`;

function known(db: Db, customerId: number, h: PurchaseInput['customer']): number {
  updateContact(db, customerId, h);
  return customerId;
}

/** The store's newest word on the customer's email and name (CustomerHint.asOf). */
function updateContact(db: Db, customerId: number, h: PurchaseInput['customer']): void {
  stmt(db, CONTACT).run({ id: customerId, appUserId: h.appUserId ?? null, email: h.email?.toLowerCase() ?? null, display_name: h.displayName ?? null, at: h.asOf ?? null });
}

/**
 * `imported`: the purchase comes from an import file. It may add a purchase for reading
 * (marked imported) but never changes one a store path wrote: an import that rewrote a
 * synced purchase, or named any store payment as its own, would steer a real refund.
 */
function upsertPurchase(db: Db, p: PurchaseInput, now: number, imported: boolean): { id: number; customerId: number; created: boolean } {
  const existing = stmt(db, 'SELECT id, customer_id, ids, imported FROM purchases WHERE store = ? AND store_key = ?').get(
    p.store,
    p.storeKey,
  ) as PurchaseRow | undefined;
  const ids = p.ids ?? {};
  const autoRenew = p.autoRenew == null ? null : p.autoRenew ? 1 : 0;
  let purchaseId: number;
  let customerId: number;
  if (existing && imported && existing.imported === 0) {
    // nor does it attach its identifiers to the store's customer
    return { id: existing.id, customerId: existing.customer_id, created: false };
  }
  if (existing) {
    purchaseId = existing.id;
    customerId = existing.customer_id;
    const merged = { ...(JSON.parse(existing.ids) as Record<string, string>), ...ids };
    stmt(
      db,
      `UPDATE purchases SET product_id = ?, kind = ?, environment = ?,
         price_minor = COALESCE(?, price_minor), currency = COALESCE(?, currency),
         expires_at = COALESCE(?, expires_at), auto_renew = COALESCE(?, auto_renew), ids = ?, imported = ?
       WHERE id = ?`,
    ).run(
      p.productId,
      p.kind,
      p.environment,
      p.priceMinor ?? null,
      p.currency ?? null,
      p.expiresAt ?? null,
      autoRenew,
      JSON.stringify(merged),
      imported ? 1 : 0,
      purchaseId,
    );
    updateContact(db, customerId, p.customer);
  } else {
    customerId = resolveCustomer(db, p, now);
    const info = stmt(
      db,
      `INSERT INTO purchases (store, store_key, product_id, kind, environment, purchased_at, price_minor,
         currency, expires_at, auto_renew, customer_id, ids, imported)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      p.store,
      p.storeKey,
      p.productId,
      p.kind,
      p.environment,
      p.purchasedAt,
      p.priceMinor ?? null,
      p.currency ?? null,
      p.expiresAt ?? null,
      autoRenew,
      customerId,
      JSON.stringify(ids),
      imported ? 1 : 0,
    );
    purchaseId = Number(info.lastInsertRowid);
  }
  const hint = p.customer;
  if (hint.appUserId) addCustomerId(db, customerId, null, 'app_user_id', hint.appUserId);
  if (hint.email) addCustomerId(db, customerId, null, 'email', hint.email.toLowerCase());
  for (const id of hint.ids) addCustomerId(db, customerId, p.store, id.kind, id.value);
  for (const [kind, value] of Object.entries(ids)) if (value) addCustomerId(db, customerId, p.store, kind, value);
  return { id: purchaseId, customerId, created: !existing };
}

/** One row of `events`; a dedupe key already present changes nothing (changes = 0). */
function insertEvent(db: Db, e: LooseEvent, purchaseId: number | null, customerId: number, now: number): Database.RunResult {
  return stmt(
    db,
    `INSERT OR IGNORE INTO events (purchase_id, customer_id, store, type, occurred_at, seen_at, source, dedupe_key,
       amount_minor, currency, order_id, detail, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    purchaseId,
    customerId,
    e.store ?? null,
    e.type,
    e.occurredAt,
    now,
    e.source,
    e.dedupeKey,
    e.amountMinor ?? null,
    e.currency ?? null,
    e.orderId ?? null,
    e.detail ? JSON.stringify(e.detail) : null,
    e.raw === undefined ? null : JSON.stringify(e.raw),
  );
}

function writeCursor(db: Db, cursor: NonNullable<IngestBatch['cursor']>, now: number): void {
  const store = cursor.account.split(':')[0] ?? cursor.account;
  stmt(
    db,
    `INSERT INTO sync_state (account, store, cursor, last_success_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(account) DO UPDATE SET cursor = excluded.cursor, last_success_at = excluded.last_success_at,
       updated_at = excluded.updated_at`,
  ).run(cursor.account, store, cursor.value, now, now);
}

export interface IngestOptions {
  /** The batch comes from an import file (see upsertPurchase). */
  imported?: boolean;
}

/** The body of `ingest`, for callers that already hold a transaction (import). */
export function ingestInTransaction(db: Db, batch: IngestBatch, now = Date.now(), opts: IngestOptions = {}): IngestResult {
  const byKey = new Map<string, Owner>();
  const touched = new Set<number>();
  const fresh = new FreshPurchases();
  for (const p of batch.purchases) {
    const r = upsertPurchase(db, p, now, opts.imported === true);
    byKey.set(`${p.store}\u0000${p.storeKey}`, { id: r.id, customerId: r.customerId });
    touched.add(r.id);
    fresh.saw(r.id, r.created, p);
  }
  let inserted = 0;
  let skipped = 0;
  const told = batch.events.map((e) => e.ledger ?? legacyFact(e));
  const ctx: LedgerContext = { orphanKeys: waitingOrphans(db, told) };
  for (const [i, e] of batch.events.entries()) {
    const target = ownerOfEvent(db, byKey, e);
    if (!target) {
      // an event for a purchase the cache has never seen cannot be placed on a timeline
      skipped++;
      continue;
    }
    const fact0 = told[i];
    // whatever a file claims, what an import tells is the import's word
    const fact = fact0 && opts.imported && fact0.source !== 'import' ? { ...fact0, source: 'import' as const } : fact0;
    let row: LooseEvent = e;
    let owner = target;
    if (fact) {
      // The ledger decides: the event is written only when its row is new or its status
      // changed, under a key every path derives alike (DESIGN §3).
      const change = upsertLedgerFact(db, fact, target, e.purchaseKey, ctx);
      for (const id of change.touched) touched.add(id);
      fresh.ledger(change);
      if (!change.statusChanged) {
        // the failure or reversal told by its own event carries the store's words (why it
        // failed), which the plain refund event that first told the status may lack
        if (e.type !== 'refund' && e.detail && timelineType('refund', change.status) === e.type) {
          stmt(db, 'UPDATE events SET detail = ? WHERE dedupe_key = ? AND type = ?').run(JSON.stringify(e.detail), ledgerDedupeKey(fact, change.status), e.type);
        }
        skipped++;
        continue;
      }
      row = { ...e, type: timelineType(e.type, change.status), dedupeKey: change.dedupeKey };
      owner = change.owner;
    } else fresh.notOnlyPaid(target.id);
    if (insertEvent(db, row, owner.id, owner.customerId, now).changes > 0) {
      inserted++;
      touched.add(owner.id);
    } else skipped++;
  }
  for (const id of touched) if (!fresh.derive(db, id, now)) rederive(db, id, now);
  indexNewRows(db);
  // Insights' summaries follow the batch in the same transaction (db/insightsDaily.ts).
  summarizeNewEvents(db);
  if (batch.cursor) writeCursor(db, batch.cursor, now);
  return { purchases: batch.purchases.length, inserted, skipped };
}

/** The timeline row says what the ledger row became: a refund event that tells a failure is a refund_failed row. */
function timelineType(type: EventInput['type'], status: string): EventInput['type'] {
  if (type !== 'refund') return type;
  return status === 'failed' || status === 'canceled' ? 'refund_failed' : status === 'reversed' ? 'refund_reversed' : type;
}

function ownerOfEvent(db: Db, byKey: Map<string, Owner>, e: EventInput): Owner | null {
  const key = `${e.store}\u0000${e.purchaseKey}`;
  const known = byKey.get(key);
  if (known) return known;
  const row = stmt(db, 'SELECT id, customer_id FROM purchases WHERE store = ? AND store_key = ?').get(e.store, e.purchaseKey) as
    | { id: number; customer_id: number }
    | undefined;
  if (!row) return null;
  const owner = { id: row.id, customerId: row.customer_id };
  byKey.set(key, owner);
  return owner;
}

export function ingest(db: Db, batch: IngestBatch, now = Date.now()): IngestResult {
  return db.transaction(() => ingestInTransaction(db, batch, now))();
}

/** An event as `events` stores it, with or without a purchase. */
export interface LooseEvent {
  type: EventInput['type'];
  store?: Store | null;
  occurredAt: number;
  source: EventInput['source'];
  dedupeKey: string;
  amountMinor?: number | null;
  currency?: string | null;
  orderId?: string | null;
  detail?: Record<string, unknown> | null;
  raw?: unknown;
}

/** An event that belongs to a customer, not to one purchase (agent notes, transfers). */
export function insertCustomerEvent(db: Db, customerId: number, e: LooseEvent, now = Date.now()): number | null {
  const info = insertEvent(db, e, null, customerId, now);
  return info.changes ? Number(info.lastInsertRowid) : null;
}
