// Shared setup for the refund tests: a migrated temp workspace, the REAL Stripe and
// Google adapters pointed at their local test servers, the cache filled through the
// adapters' own sync/refresh, and the refund service over all of it.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import type { RefundIntentDto } from '../../../src-main/ipc/channels/refunds';
import type { AgentIdentity, Emit } from '../../../src-main/ipc/context';
import type { Store } from '../../../src-main/ipc/vocabulary';
import { createRefundService, type RefundService } from '../../../src-main/refunds/service';
import type { StoreAdapter, SyncRun } from '../../../src-main/stores/adapter';
import { createGoogleAdapter, QuotaLimiter } from '../../../src-main/stores/google/index';
import { realClock } from '../../../src-main/stores/google/quota';
import { createStripeAdapter } from '../../../src-main/stores/stripe';
import { makeServiceAccount, type TestServiceAccount } from '../../servers/google/oauth';
import { startGoogleServer, type GoogleTestServer } from '../../servers/google/server';
import { startStripeServer, type StripeTestServer } from '../../servers/stripe/server';
import { drain } from '../../support/contexts';
import { tempDb, type TempDb } from '../../support/db';
import { eventRecords, purchaseById, purchaseByKey } from '../../support/read';

export const PACKAGE = 'com.example.app';
export const DAY = 86_400_000;
export const AGENT: AgentIdentity = { osUser: 'jdoe', name: 'Jane' };
export const AGENT2: AgentIdentity = { osUser: 'bsmith', name: 'Bob' };

export { syncContext as ctx } from '../../support/contexts';

/** Runs a sync or refresh into the cache, batch by batch, as the engine does. */
export async function ingestRun(db: Db, run: SyncRun): Promise<void> {
  await drain(run, (b) => ingest(db, b));
}

export function stripeAdapter(server: StripeTestServer, o: { timeoutMs?: number; maxNetworkRetries?: number } = {}): StoreAdapter {
  return createStripeAdapter({
    credential: { store: 'stripe', secretKey: server.keys.secret },
    endpoint: { host: server.host, port: server.port, protocol: 'http' },
    timeoutMs: o.timeoutMs ?? 3000,
    maxNetworkRetries: o.maxNetworkRetries ?? 2,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
}

let sa: TestServiceAccount | null = null;
export function serviceAccount(): TestServiceAccount {
  sa ??= makeServiceAccount();
  return sa;
}

export function startGoogle(now?: () => number): Promise<GoogleTestServer> {
  return startGoogleServer({ serviceAccount: serviceAccount(), packageName: PACKAGE, ...(now ? { now } : {}) });
}

export function googleAdapter(server: GoogleTestServer, o: { now?: () => number; timeoutMs?: number } = {}) {
  return createGoogleAdapter({
    credential: { store: 'google', serviceAccountJson: serviceAccount().json, packageName: PACKAGE },
    endpoint: { rootUrl: server.rootUrl, tokenUrl: server.tokenUrl },
    timeoutMs: o.timeoutMs ?? 3000,
    quota: new QuotaLimiter(realClock),
    ...(o.now ? { now: o.now } : {}),
  });
}

export interface ServiceHarness {
  service: RefundService;
  emitted: { name: string; payload: unknown }[];
  online: { value: boolean };
}

export function service(db: Db, adapters: Partial<Record<Store, StoreAdapter | null>>, o: { now?: () => number } = {}): ServiceHarness {
  const emitted: { name: string; payload: unknown }[] = [];
  const online = { value: true };
  const emit: Emit = (name, payload) => void emitted.push({ name, payload });
  return {
    emitted,
    online,
    service: createRefundService({
      db,
      adapterFor: (s) => adapters[s] ?? null,
      isOnline: () => online.value,
      now: o.now ?? Date.now,
      newId: () => `ri_${randomUUID()}`,
      emit,
    }),
  };
}

export function purchaseIdOf(db: Db, store: Store, storeKey: string): number {
  return purchaseByKey(db, storeKey, store).id;
}

export function purchaseState(db: Db, id: number): string {
  return purchaseById(db, id).state;
}

export function refundEvents(db: Db, purchaseId: number): { dedupe_key: string; amount_minor: number | null; source: string; detail: string | null }[] {
  return eventRecords(db, { purchaseId, types: ['refund'] }).map(({ dedupe_key, amount_minor, source, detail }) => ({ dedupe_key, amount_minor, source, detail }));
}

/** Refunds the Stripe test server really created (POST /v1/refunds that created one). */
export const stripeRefunds = (s: StripeTestServer): number => s.account.refundCreations;

export interface RefundWorld<S, A extends StoreAdapter> {
  server: S;
  t: TempDb;
  adapter: A;
  h: ServiceHarness;
}

/**
 * The hooks of a refund test file: the store's local server for the whole file; for each
 * test a fresh workspace, the real adapter on that server, the refund service over it and
 * no fault left over from the test before. `use` receives each test's world.
 */
export function refundWorld<S extends { close(): Promise<void> }, A extends StoreAdapter>(
  o: { store: 'stripe' | 'google'; start: () => Promise<S>; adapter: (server: S) => A; clearFaults: (server: S) => void },
  use: (world: RefundWorld<S, A>) => void,
): void {
  let server: S;
  let t: TempDb | undefined;
  beforeAll(async () => {
    server = await o.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    t = tempDb();
    const adapter = o.adapter(server);
    const h = service(t.db, { [o.store]: adapter });
    o.clearFaults(server);
    use({ server, t, adapter, h });
  });
  afterEach(() => t?.close());
}

/** refundWorld over the Stripe test server and the real Stripe adapter. */
export function stripeRefundWorld(use: (world: RefundWorld<StripeTestServer, StoreAdapter>) => void): void {
  refundWorld({ store: 'stripe', start: () => startStripeServer(), adapter: (s) => stripeAdapter(s), clearFaults: (s) => s.clearFaults() }, use);
}

const OPEN_STATUSES = ['pending', 'sent', 'unknown'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The "restart" after a killed refund: a service over the same file reconciles until no
 * intent of the payment is open (while the store still runs a held request the intent
 * stays unknown and is asked again), then, where nothing was refunded, the agent presses
 * Refund again. Returns the payment's intents at the end.
 */
export async function settleAfterRestart(
  h: ServiceHarness,
  run: { paymentRef: string; purchaseId: number; label: string },
  wait: { deadlineMs: number; pollMs: number },
): Promise<RefundIntentDto[]> {
  const open = () => h.service.list({ paymentRef: run.paymentRef }).some((x) => OPEN_STATUSES.includes(x.status));
  for (const end = Date.now() + wait.deadlineMs; open() && Date.now() < end; ) {
    await h.service.reconcileAll(AGENT);
    if (open()) await sleep(wait.pollMs);
  }
  expect(open(), `${run.label}: an intent is still open`).toBe(false);
  if (!h.service.list({ paymentRef: run.paymentRef }).some((x) => x.status === 'succeeded')) {
    const again = await h.service.create({ purchaseId: run.purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(again.status, `${run.label}: ${again.message}`).toBe('succeeded');
  }
  return h.service.list({ paymentRef: run.paymentRef });
}
