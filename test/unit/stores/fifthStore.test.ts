// Issue 19, "Done when": a fifth store is one folder, one import and one table line in
// stores/registry.ts, and one STORE_PROFILES entry. A copy of src-main (inside the repo, so
// node_modules resolves) gets exactly those from test/support/fifthStore/ and must
// type-check AND run as it is: sync, search, preview and refund through the copy's own
// createServices. An exhaustive switch or per-store table anywhere else fails the first
// test (tsc names the file); a runtime-only table fails the second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ServicesModule from '../../../src-main/services';
import type * as HandleModule from '../../../src-main/ipc/handle';
import type * as MemoryStoreModule from '../../../src-main/secrets/memoryStore';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src-main/ipc/contract';
import { COPIES, makeCopy, typecheckCopy } from '../../support/fifthStore/copy';
import { startFakeStore, type FakeStoreServer } from '../../support/fifthStore/server';

const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;
const ORDERS = [
  { id: 'FO-1001', payment: 'FP-1001', customer: 'fc_ann', amount: 1299, at: NOW - 9 * DAY },
  { id: 'FO-1002', payment: 'FP-1002', customer: 'fc_ann', amount: 499, at: NOW - 5 * DAY },
  { id: 'FO-1003', payment: 'FP-1003', customer: 'fc_ann', amount: 2500, at: NOW - 2 * DAY },
];

let copy = '';
let server: FakeStoreServer;

beforeAll(async () => {
  copy = makeCopy('with');
  server = await startFakeStore(ORDERS);
});

afterAll(async () => {
  await server?.close();
  rmSync(COPIES, { recursive: true, force: true });
});

describe('a fifth store', () => {
  it('type-checks with its folder, one import + one table line in the registry and one STORE_PROFILES entry, nothing else', () => {
    // tsc's own words name every other file the new store would have to touch
    expect(typecheckCopy(copy)).toBe('');
  }, 240_000);

  it('does not type-check when its registry table line is left out', () => {
    const without = makeCopy('without', { registryLine: false });
    const out = typecheckCopy(without, ['src-main/stores/registry.ts']);
    expect(out).toMatch(/stores\/registry\.ts.*Property 'fake' is missing/s);
  }, 240_000);

  it('syncs, is found by its order ID and refunds once, through the copy\'s createServices', async () => {
    await syncFindRefund(copy);
  }, 60_000);

  it('cannot even test its credential at runtime when its registry table line is left out', async () => {
    const before = server.refunds.length;
    await expect(syncFindRefund(makeCopy('without-runtime', { registryLine: false }))).rejects.toThrow(/^credentials:test: .*no adapter factory for fake/);
    expect(server.refunds).toHaveLength(before);
  }, 60_000);
});

/** Drives the copy's own createServices: credential, sync, search, preview, refund, ledger. */
async function syncFindRefund(copy: string): Promise<void> {
  const { createServices } = (await import(join(copy, 'src-main/services.ts'))) as typeof ServicesModule;
  const { dispatch } = (await import(join(copy, 'src-main/ipc/handle.ts'))) as typeof HandleModule;
  const { createMemorySecretStoreForTests } = (await import(join(copy, 'src-main/secrets/memoryStore.ts'))) as typeof MemoryStoreModule;
  const userDataDir = mkdtempSync(join(tmpdir(), 'fifth-store-'));
  const s = createServices({
    userDataDir,
    appName: 'Refund Desk',
    version: '0.0.0-test',
    platform: process.platform,
    osUser: 'sam',
    resourcesDir: join(copy, '../../resources'),
    emit: () => undefined,
    openExternal: async () => false,
    syncIntervalMs: 0,
    secretStore: createMemorySecretStoreForTests(),
    now: () => NOW,
    // the copy's StoreEndpoints has a `fake` key; ours does not, hence the cast
    endpoints: { fake: { baseUrl: server.baseUrl } } as never,
  });
  // 'fake' is a Store only in the copy: requests are typed as ours, widened once here
  const call = async <C extends ChannelName>(channel: C, payload: unknown): Promise<ResponseOf<C>> => {
    const res = await dispatch(channel, s.handlers[channel], payload as RequestOf<C>, s.context);
    if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
    return res.value;
  };
  try {
    await s.start();
    // the credential form sends the profile's declared fields
    await call('credentials:set', { store: 'fake', fields: { apiKey: 'fk_test_1' } });
    const report = await call('credentials:test', { store: 'fake' });
    expect(report.ok, `credentials:test: ${report.message}`).toBe(true);
    // the adapter reloads after credentials:set answers: sync once the account exists
    const synced = await waitFor(async () => {
      const st = (await call('sync:status', {})).find((x) => x.account === 'fake');
      if (!st) return null;
      if (st.lastSuccessAt === null && st.state !== 'running') await call('sync:now', { account: 'fake' });
      return st.lastSuccessAt !== null && st.state === 'idle' ? st : null;
    });
    expect(synced.lastError).toBeNull();

    const { hits } = await call('customers:search', { query: 'FO-1002' });
    expect(hits).toHaveLength(1);
    const customer = await call('customers:get', { customerId: hits[0]!.customer.id });
    expect(customer.purchases.map((p) => p.storeKey).sort()).toEqual(['FO-1001', 'FO-1002', 'FO-1003']);
    const purchase = customer.purchases.find((p) => p.storeKey === 'FO-1002')!;

    const preview = await call('refunds:preview', { purchaseId: purchase.id });
    expect(preview).toMatchObject({ store: 'fake', paymentRef: 'FP-1002', amounts: { paidMinor: 499, refundedMinor: 0, remainingMinor: 499 } });
    const intent = await call('refunds:create', { purchaseId: purchase.id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' });
    expect(intent.status).toBe('succeeded');

    // exactly one refund reached the store, with the stored key
    expect(server.refunds).toEqual([{ id: 'FR-1', payment: 'FP-1002', amount: 499, auth: 'Bearer fk_test_1' }]);
    const after = await call('customers:get', { customerId: hits[0]!.customer.id });
    expect(after.purchases.find((p) => p.storeKey === 'FO-1002')!.refunded).toEqual([{ amountMinor: 499, currency: 'USD' }]);
    const again = await call('refunds:preview', { purchaseId: purchase.id });
    expect(again.amounts).toMatchObject({ refundedMinor: 499, remainingMinor: 0 });
    // a filter naming every store, the fifth included, is a valid request
    const { rows } = await call('customers:timeline', { customerId: hits[0]!.customer.id, stores: ['stripe', 'google', 'apple', 'amazon', 'fake'] });
    expect(rows.filter((r) => r.type === 'refund').map((r) => [r.orderId, r.amountMinor])).toEqual([['FP-1002', 499]]);
  } finally {
    await s.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function waitFor<T>(probe: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
