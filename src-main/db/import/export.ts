// Writes the console's export format (see exportFormat.ts). Credential tables, the audit
// log and refund intents are never exported; raw payloads are the stores' own, never keys.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Db } from '../connection';
import { stmt } from '../statements';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportRecord } from './exportFormat';

interface PurchaseRow {
  id: number;
  store: string;
  store_key: string;
  product_id: string;
  kind: string;
  environment: string;
  purchased_at: number;
  price_minor: number | null;
  currency: string | null;
  expires_at: number | null;
  auto_renew: number | null;
  customer_id: number;
  ids: string;
}

interface EventRow {
  store: string | null;
  type: string;
  occurred_at: number;
  source: string;
  dedupe_key: string;
  amount_minor: number | null;
  currency: string | null;
  order_id: string | null;
  detail: string | null;
  raw: string | null;
}

class LineWriter {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  lines = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(obj: unknown) {
    const s = JSON.stringify(obj) + '\n';
    this.buf.push(s);
    this.size += s.length;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

function hintOf(db: Db, customerId: number) {
  const c = stmt(db, 'SELECT app_user_id, email, display_name FROM customers WHERE id = ?').get(customerId) as {
    app_user_id: string | null;
    email: string | null;
    display_name: string | null;
  };
  const ids = (stmt(db, "SELECT kind, value FROM customer_ids WHERE customer_id = ? AND kind NOT IN ('app_user_id', 'email')").all(customerId) as {
    kind: string;
    value: string;
  }[]);
  return { appUserId: c.app_user_id, email: c.email, displayName: c.display_name, ids } as Extract<ExportRecord, { t: 'purchase' }>['customer'];
}

function eventFields(e: EventRow) {
  return {
    store: e.store,
    type: e.type,
    occurredAt: e.occurred_at,
    source: e.source,
    dedupeKey: e.dedupe_key,
    amountMinor: e.amount_minor,
    currency: e.currency,
    orderId: e.order_id,
    detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
    ...(e.raw ? { raw: JSON.parse(e.raw) as unknown } : {}),
  };
}

function writeCustomer(db: Db, w: LineWriter, customerId: number): void {
  const hint = hintOf(db, customerId);
  for (const p of stmt(db, 'SELECT * FROM purchases WHERE customer_id = ? ORDER BY id').iterate(customerId) as Iterable<PurchaseRow>) {
    w.write({
      t: 'purchase',
      store: p.store,
      storeKey: p.store_key,
      productId: p.product_id,
      kind: p.kind,
      environment: p.environment,
      purchasedAt: p.purchased_at,
      priceMinor: p.price_minor,
      currency: p.currency,
      expiresAt: p.expires_at,
      autoRenew: p.auto_renew == null ? null : p.auto_renew === 1,
      ids: JSON.parse(p.ids) as Record<string, string>,
      customer: hint,
    });
    for (const e of stmt(db, 'SELECT * FROM events WHERE purchase_id = ? ORDER BY occurred_at, id').iterate(p.id) as Iterable<EventRow>) {
      w.write({ t: 'event', purchaseKey: p.store_key, ...eventFields(e) });
    }
  }
  for (const e of stmt(db, 'SELECT * FROM events WHERE customer_id = ? AND purchase_id IS NULL ORDER BY occurred_at, id').iterate(customerId) as Iterable<EventRow>) {
    w.write({ t: 'customer_event', customer: hint, ...eventFields(e) });
  }
}

export function exportCustomer(db: Db, customerId: number, file: string, now = Date.now()): { lines: number } {
  const w = new LineWriter(file);
  try {
    w.write({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now, scope: 'customer' });
    // one read transaction: a sync running meanwhile cannot tear the export
    db.transaction(() => writeCustomer(db, w, customerId))();
  } finally {
    w.close();
  }
  return { lines: w.lines };
}

export function exportWorkspace(db: Db, file: string, onProgress?: (done: number, total: number) => void, now = Date.now()): { lines: number } {
  const w = new LineWriter(file);
  try {
    w.write({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now, scope: 'workspace' });
    db.transaction(() => {
      const total = (stmt(db, 'SELECT COUNT(*) AS n FROM customers WHERE merged_into IS NULL').get() as { n: number }).n;
      let done = 0;
      const ids = stmt(db, 'SELECT id FROM customers WHERE merged_into IS NULL ORDER BY id').pluck().all() as number[];
      for (const id of ids) {
        writeCustomer(db, w, id);
        if (++done % 1000 === 0) onProgress?.(done, total);
      }
      onProgress?.(done, total);
    })();
  } finally {
    w.close();
  }
  return { lines: w.lines };
}
