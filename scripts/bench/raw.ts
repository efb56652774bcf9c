// The raw limit the import is measured against (issue 20): prepared INSERTs of the same
// generated events into the project's own `events` table (same schema, indexes and pragmas:
// openDatabase + migrate), 10,000 rows per transaction, and no per-event logic. Rows are
// built before the clock starts; the purchases and customers they point to are written
// outside the timed transactions, so only the event INSERTs are timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/db/connection';
import { migrate } from '../../src-main/db/migrations';
import { largeWorkspaceBatches } from '../../src-main/demo/large';

const CHUNK = 10_000;
type Row = [number, number, string | null, string, number, number, string, string, number | null, string | null, string | null, string | null, null];

export function rawInsertRate(opts: { purchases: number; now: number }): { raw_insert_events_per_s: number; raw_insert_events_per_cpu_s: number } {
  const dir = mkdtempSync(join(tmpdir(), 'refund-desk-raw-'));
  const db = openDatabase(join(dir, 'raw.sqlite'));
  try {
    migrate(db);
    const customer = db.prepare('INSERT INTO customers (app_user_id, created_at) VALUES (?, ?)');
    const purchase = db.prepare(
      `INSERT INTO purchases (store, store_key, product_id, kind, environment, purchased_at, customer_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insert = db.prepare(
      `INSERT INTO events (purchase_id, customer_id, store, type, occurred_at, seen_at, source, dedupe_key,
         amount_minor, currency, order_id, detail, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const write = db.transaction((rows: Row[]) => {
      for (const r of rows) insert.run(r);
    });
    let pending: Row[] = [];
    let ms = 0;
    let cpuMs = 0;
    let events = 0;
    const flush = (rows: Row[]) => {
      const t = performance.now();
      const cpu = process.cpuUsage();
      write(rows);
      const used = process.cpuUsage(cpu);
      cpuMs += (used.user + used.system) / 1000;
      ms += performance.now() - t;
      events += rows.length;
    };
    for (const batch of largeWorkspaceBatches({ purchases: opts.purchases, now: opts.now })) {
      const ids = new Map<string, [number, number]>();
      db.transaction(() => {
        for (const p of batch.purchases) {
          const c = Number(customer.run(p.customer.appUserId ?? null, opts.now).lastInsertRowid);
          const id = Number(purchase.run(p.store, p.storeKey, p.productId, p.kind, p.environment, p.purchasedAt, c).lastInsertRowid);
          ids.set(p.storeKey, [id, c]);
        }
      })();
      for (const e of batch.events) {
        const [pid, cid] = ids.get(e.purchaseKey)!;
        pending.push([
          pid, cid, e.store, e.type, e.occurredAt, opts.now, e.source, e.dedupeKey, e.amountMinor ?? null, e.currency ?? null,
          e.orderId ?? null, e.detail ? JSON.stringify(e.detail) : null, null,
        ]);
        if (pending.length === CHUNK) {
          flush(pending);
          pending = [];
        }
      }
    }
    if (pending.length) flush(pending);
    return { raw_insert_events_per_s: Math.round(events / (ms / 1000)), raw_insert_events_per_cpu_s: Math.round(events / (cpuMs / 1000)) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
