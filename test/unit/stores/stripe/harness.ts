// Shared setup: a Stripe test server, a migrated temp workspace, the adapter and the engine.
import { afterEach, beforeEach } from 'vitest';
import { tempDb, type TempDb } from '../../../support/db';
import { seedAccount, startStripeServer, type StripeTestServer } from '../../../servers/stripe';
import { createStripeAdapter, type StripeAdapterOptions } from '../../../../src-main/stores/stripe';
import { createSyncEngine, type SyncEngine } from '../../../../src-main/sync/engine';
import type { StoreAdapter } from '../../../../src-main/stores/adapter';
import { eventRecords, purchaseById } from '../../../support/read';

export const ACCOUNT = 'stripe:default';
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

export interface Harness {
  server: StripeTestServer;
  t: TempDb;
  adapter: StoreAdapter;
  engine: SyncEngine;
  emitted: { name: string; payload: unknown }[];
  close(): Promise<void>;
}

export async function harness(opts: Partial<StripeAdapterOptions> = {}, engineOpts: { isOnline?: () => boolean } = {}): Promise<Harness> {
  const server = await startStripeServer();
  const t = tempDb();
  const adapter = createStripeAdapter({
    credential: { store: 'stripe', secretKey: server.keys.secret },
    endpoint: { host: server.host, port: server.port, protocol: 'http' },
    account: ACCOUNT,
    timeoutMs: 2000,
    retry: FAST_RETRY,
    ...opts,
  });
  const emitted: { name: string; payload: unknown }[] = [];
  const engine = createSyncEngine({
    db: t.db,
    adapters: () => new Map([[ACCOUNT, { store: 'stripe' as const, adapter }]]),
    emit: (name, payload) => emitted.push({ name, payload }),
    retry: FAST_RETRY,
    ...engineOpts,
  });
  return {
    server,
    t,
    adapter,
    engine,
    emitted,
    async close() {
      await engine.stop();
      await server.close();
      t.close();
    },
  };
}

/**
 * The hooks of a test file that runs each test on its own harness over the seeded account
 * (seedAccount); `use` receives them before the test and may prepare more.
 */
export function seededHarnessPerTest(use: (w: { h: Harness; seed: ReturnType<typeof seedAccount> }) => unknown): void {
  let h: Harness | undefined;
  beforeEach(async () => {
    h = await harness();
    await use({ h, seed: seedAccount(h.server.account) });
  });
  afterEach(() => h?.close());
}

export interface EventRow {
  type: string;
  dedupe_key: string;
  amount_minor: number | null;
  currency: string | null;
  detail: Record<string, unknown>;
  store_key: string;
}

export function events(t: TempDb, type?: string): EventRow[] {
  // a purchase's events, in the order they happened (events with no purchase are not listed)
  return eventRecords(t.db, type ? { types: [type] } : {})
    .filter((e) => e.purchase_id !== null)
    .sort((a, b) => a.occurred_at - b.occurred_at || a.id - b.id)
    .map((e) => ({
      type: e.type,
      dedupe_key: e.dedupe_key,
      amount_minor: e.amount_minor,
      currency: e.currency,
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : {},
      store_key: purchaseById(t.db, e.purchase_id!).store_key,
    }));
}
