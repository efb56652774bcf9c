// A workspace as an app before the ledger left it (schema 5): one customer with Stripe
// payments and refunds in its timeline only, listed as the current workspace. Opening it
// runs migration 006, which rebuilds the payment ledger and reports progress.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/db/connection';
import { MIGRATIONS, migrate } from '../../src-main/db/migrations';

export const LEGACY_TEAM = { id: 'legacy-team', name: 'Legacy team', demo: false };

/** Writes workspaces.json and the team's schema-5 file with `payments` paid events and a refund on every fifth. */
export function seedLegacyWorkspace(dataDir: string, payments: number): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'workspaces.json'), JSON.stringify({ current: LEGACY_TEAM.id, workspaces: [LEGACY_TEAM] }));
  const db = openDatabase(join(dataDir, `${LEGACY_TEAM.id}.sqlite`));
  try {
    migrate(db, MIGRATIONS.slice(0, 5));
    db.prepare("INSERT INTO customers (id, email, created_at) VALUES (1, 'legacy@example.com', 0)").run();
    const buy = db.prepare(
      "INSERT INTO purchases (store, store_key, product_id, kind, environment, purchased_at, customer_id, state) VALUES ('stripe', ?, 'coins', 'one_time', 'production', ?, 1, 'unknown')",
    );
    const ev = db.prepare(
      "INSERT INTO events (purchase_id, customer_id, store, type, occurred_at, seen_at, source, dedupe_key, amount_minor, currency, order_id, detail) VALUES (?, 1, 'stripe', ?, ?, 0, 'store_api', ?, ?, 'USD', ?, ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < payments; i++) {
        const key = `pi_Legacy${String(i).padStart(6, '0')}`;
        const at = Date.UTC(2026, 0, 1) + i * 60_000;
        const id = Number(buy.run(key, at).lastInsertRowid);
        ev.run(id, 'purchase', at, `stripe:pi:${key}`, 499, key, null);
        if (i % 5 === 0) ev.run(id, 'refund', at + 1000, `stripe:refund:re_${key}`, 499, key, JSON.stringify({ refundKind: 'full', status: 'succeeded', storeRef: `re_${key}` }));
      }
    })();
  } finally {
    db.close();
  }
}
