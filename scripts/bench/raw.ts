// The raw limit the import is measured against (issue 20): prepared INSERTs of the same
// generated events into the project's own `events` table (same schema, indexes and pragmas:
// openDatabase + migrate), 10,000 rows per transaction, and no per-event logic. Rows are
// built before the clock starts; the purchases and customers they point to are written
// outside the timed transactions, so only the event INSERTs are timed.
//
// The ledger floor: the same, plus what the ledger (issue 12) adds to each payment event
// with none of ingest's logic: its payments row (the statement ingest runs) and the event
// under its ledger key. No import that keeps the ledger can pass this rate, so
// `import_ratio_ledger` says how much of the remaining gap is ingest's own work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/db/connection';
import { migrate } from '../../src-main/db/migrations';
import { INSERT_NEW_PAYMENT, ledgerDedupeKey } from '../../src-main/db/ledgerWrite';
import { largeWorkspaceBatches } from '../../src-main/demo/large';
import { legacyFact } from '../../src-main/domain/legacyFacts';

const CHUNK = 10_000;
type Row = [number, number, string | null, string, number, number, string, string, number | null, string | null, string | null, string | null, null];
type Payment = unknown[] | null;

export interface RawRates {
  events_per_s: number;
  events_per_cpu_s: number;
}

export function rawInsertRate(opts: { purchases: number; now: number; ledger?: boolean }): RawRates {
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
    const payment = db.prepare(INSERT_NEW_PAYMENT);
    const write = db.transaction((rows: [Row, Payment][]) => {
      for (const [r, p] of rows) {
        insert.run(r);
        if (p) payment.run(p);
      }
    });
    let pending: [Row, Payment][] = [];
    let ms = 0;
    let cpuMs = 0;
    let events = 0;
    const flush = (rows: [Row, Payment][]) => {
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
        const fact = opts.ledger ? legacyFact(e) : null;
        const pay = fact?.kind === 'payment' ? fact : null;
        pending.push([
          [
            pid, cid, e.store, e.type, e.occurredAt, opts.now, e.source, pay ? ledgerDedupeKey(pay, pay.status) : e.dedupeKey,
            e.amountMinor ?? null, e.currency ?? null, e.orderId ?? null, e.detail ? JSON.stringify(e.detail) : null, null,
          ],
          pay && [
            pay.store, pay.paymentKey, pid, cid, pay.purchaseKey, pay.status, pay.amountMinor ?? null, pay.currency ?? null, pay.paidAt,
            pay.periodStart ?? null, pay.periodEnd ?? null, JSON.stringify(pay.refs ?? {}), pay.source, pay.observedAt, '',
          ],
        ]);
        if (pending.length === CHUNK) {
          flush(pending);
          pending = [];
        }
      }
    }
    if (pending.length) flush(pending);
    return { events_per_s: Math.round(events / (ms / 1000)), events_per_cpu_s: Math.round(events / (cpuMs / 1000)) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
