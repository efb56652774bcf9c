// Bench: sync of N Stripe events from the local server through the real adapter, SDK and
// engine into a temp workspace: renewals, refunds, one-off payments and disputes spread
// over 5,000 subscribers, counting only the event types the adapter reads. Reported by
// `npm run bench` as sync_stripe_events_per_s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../../src-main/db/connection';
import { migrate } from '../../../src-main/db/migrations';
import { createStripeAdapter } from '../../../src-main/stores/stripe';
import { EVENT_TYPES } from '../../../src-main/stores/stripe/events';
import { createSyncEngine } from '../../../src-main/sync/engine';
import { generateRealisticEvents, seedSubscribers } from './seed';
import { startStripeServer } from './server';

export async function benchStripeSync(events = 100_000, customers = 5_000): Promise<{ sync_stripe_events_per_s: number }> {
  const server = await startStripeServer();
  const dir = mkdtempSync(join(tmpdir(), 'refund-desk-bench-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    migrate(db);
    const subs = seedSubscribers(server.account, customers);
    const account = 'stripe:bench';
    const adapter = createStripeAdapter({
      credential: { store: 'stripe', secretKey: server.keys.secret },
      endpoint: { host: server.host, port: server.port, protocol: 'http' },
      account,
    });
    const engine = createSyncEngine({ db, adapters: () => new Map([[account, { store: 'stripe' as const, adapter }]]), emit: () => {} });
    const first = await engine.sync(account); // backfill of the seeded account; sets the events cursor
    if (first.lastError) throw new Error(first.lastError);
    const before = server.account.events.items.length;
    const listened = new Set<string>(EVENT_TYPES);
    generateRealisticEvents(server.account, subs, events, listened);
    const synced = server.account.events.items.slice(before).filter((e) => listened.has(e.type as string)).length;
    const t0 = performance.now();
    const s = await engine.sync(account);
    const seconds = (performance.now() - t0) / 1000;
    if (s.lastError) throw new Error(s.lastError);
    const stored = (db.prepare("SELECT count(*) n FROM events WHERE type = 'refund'").get() as { n: number }).n;
    if (stored < events / 10) throw new Error(`bench: only ${stored} refunds stored`);
    return { sync_stripe_events_per_s: Math.round(synced / seconds) };
  } finally {
    db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(JSON.stringify(await benchStripeSync(n)));
}
