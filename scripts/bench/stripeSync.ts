// Stripe sync throughput (issue 20): events appended to the local Stripe server's log are
// synced through the real adapter (official SDK over HTTP), the sync engine and ingest
// into a fresh workspace on disk. Three mixes (stripeEvents.ts): refund and dispute
// events piled on 30 payments, the same spread over 5,000, and a realistic subscription
// business over 5,000 customers.
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/db/connection';
import { migrate } from '../../src-main/db/migrations';
import { createStripeAdapter } from '../../src-main/stores/stripe';
import { createSyncEngine } from '../../src-main/sync/engine';
import { seedAccount } from '../../test/servers/stripe/seed';
import { startStripeServer } from '../../test/servers/stripe/server';
import type { StripeAccount } from '../../test/servers/stripe/state';
import { pileEvents, realisticEvents } from './stripeEvents';

/** Events per second, and the longest the main thread's event loop was held during the sync (each batch's ingest runs there). */
async function syncRate(generate: (acct: StripeAccount) => number): Promise<{ rate: number; stallMs: number }> {
  const server = await startStripeServer();
  const dir = mkdtempSync(join(tmpdir(), 'refund-desk-sync-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    migrate(db);
    seedAccount(server.account);
    const account = 'stripe:bench';
    const adapter = createStripeAdapter({
      credential: { store: 'stripe', secretKey: server.keys.secret },
      endpoint: { host: server.host, port: server.port, protocol: 'http' },
      account,
    });
    const engine = createSyncEngine({ db, adapters: () => new Map([[account, { store: 'stripe' as const, adapter }]]), emit: () => {} });
    const first = await engine.sync(account); // backfill of the seeded account; sets the events cursor
    if (first.lastError) throw new Error(first.lastError);
    const events = generate(server.account);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t0 = performance.now();
    const s = await engine.sync(account);
    const seconds = (performance.now() - t0) / 1000;
    loop.disable();
    if (s.lastError) throw new Error(s.lastError);
    const stored = db.prepare("SELECT count(*) FROM events WHERE type IN ('refund', 'refund_failed', 'dispute_opened', 'dispute_lost', 'renewal')").pluck().get() as number;
    if (stored < 1) throw new Error('bench: the sync stored nothing');
    return { rate: Math.round(events / seconds), stallMs: Math.round(loop.max / 1e6) };
  } finally {
    db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `events`: how many events each mix appends (100,000 at full size). */
export async function benchStripeMixes(events: number): Promise<Record<string, number>> {
  const concentrated = await syncRate((a) => pileEvents(a, { count: events, payments: 30, customers: 30 }));
  const spread = await syncRate((a) => pileEvents(a, { count: events, payments: 5_000 }));
  const realistic = await syncRate((a) => realisticEvents(a, { count: events, customers: 5_000 }));
  return {
    sync_concentrated_events_per_s: concentrated.rate,
    sync_spread_events_per_s: spread.rate,
    sync_stripe_events_per_s: realistic.rate,
    // the event loop's longest delay during each sync (5 ms resolution)
    sync_concentrated_max_stall_ms: concentrated.stallMs,
    sync_spread_max_stall_ms: spread.stallMs,
    sync_stripe_max_stall_ms: realistic.stallMs,
  };
}
