// A prorated refund-and-revoke made from this console, then seen again by sync through
// Voided Purchases and the Orders API: one refund event for the order, counted once.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customerSummary } from '../../../../src-main/db/customers';
import { ingest } from '../../../../src-main/db/ingest';
import { createGoogleAdapter, QuotaLimiter } from '../../../../src-main/stores/google';
import type { GoogleTestServer } from '../../../servers/google/server';
import { tempDb, type TempDb } from '../../../support/db';
import { FakeClock } from './harness';
import { AGENT, ctx, ingestRun, PACKAGE, purchaseIdOf, service, serviceAccount, startGoogle } from '../../refunds/fixtures';
import { eventRecords, purchaseById, syncCursor } from '../../../support/read';
import { knownOrderIds as cachedOrderIds } from '../../../../src-main/db/ids';

let server: GoogleTestServer;
let t: TempDb;
// One clock for the server and the adapter, so a test can step past Voided Purchases' overlap.
const clock = new FakeClock();
beforeAll(async () => {
  server = await startGoogle(clock.now);
});
afterAll(() => server.close());
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const knownOrderIds = () => cachedOrderIds(t.db, 'google', 'google_order_id');
const adapter = () =>
  createGoogleAdapter({
    credential: { store: 'google', serviceAccountJson: serviceAccount().json, packageName: PACKAGE },
    endpoint: { rootUrl: server.rootUrl, tokenUrl: server.tokenUrl },
    timeoutMs: 3000,
    quota: new QuotaLimiter(clock),
    now: clock.now,
    sleep: clock.sleep,
    knownOrderIds,
  });
const refunds = (orderId: string) =>
  eventRecords(t.db, { types: ['refund'] })
    .filter((e) => e.order_id === orderId)
    .map(({ dedupe_key, source, amount_minor }) => ({ dedupe_key, source, amount_minor }));
const cursor = () => syncCursor(t.db, `google:${PACKAGE}`);

async function sync(a: ReturnType<typeof adapter>): Promise<void> {
  for await (const b of a.sync(cursor(), ctx())) ingest(t.db, b);
}

async function revokeFromConsole(a: ReturnType<typeof adapter>) {
  const { token, orderIds } = server.account.addSubscription({ renewals: 1, externalAccountId: `user-${Math.random()}` });
  await ingestRun(t.db, a.refresh([{ kind: 'google_purchase_token', value: token }], ctx()));
  const id = purchaseIdOf(t.db, 'google', token);
  const r = await service(t.db, { google: a }, { now: clock.now }).service.create({ purchaseId: id, mode: 'refund_and_revoke', refundKind: 'prorated', reason: 'requested_by_customer' }, AGENT);
  expect(r.status).toBe('succeeded');
  return { token, latest: orderIds[1]!, id };
}

describe('Google prorated revoke from the console, then sync', () => {
  it('stores exactly one refund event for the order after Voided Purchases and the Orders API, sync after sync', async () => {
    const a = adapter();
    const { latest, id } = await revokeFromConsole(a);
    expect(refunds(latest)).toMatchObject([{ dedupe_key: `ledger:refund:google:${latest}#refund:succeeded`, source: 'console' }]);
    const customer = purchaseById(t.db, id).customer_id;

    clock.t += 10 * 60_000; // the sync runs ten minutes after the revoke
    await sync(a); // Voided Purchases lists the revoke; the Orders pass re-reads every known order
    expect(server.requests.some((l) => l.includes('voidedpurchases'))).toBe(true);
    expect(server.requests.some((l) => l.includes('orders:batchGet') && l.includes(encodeURIComponent(latest)))).toBe(true);
    // The next run starts 5 minutes before the last one ended, after the revoke: Voided
    // Purchases no longer lists it, and a new adapter (app restart) knows it from the cursor.
    const start = Number(/startTime=(\d+)/.exec(server.requests.filter((l) => l.includes('voidedpurchases')).at(-1)!)?.[1]);
    clock.t += 60_000;
    await sync(adapter());
    const next = Number(/startTime=(\d+)/.exec(server.requests.filter((l) => l.includes('voidedpurchases')).at(-1)!)?.[1]);
    expect(next).toBeGreaterThan(start);
    expect(server.account.voided.find((v) => v.orderId === latest)!.seenTime).toBeLessThan(next);

    expect(refunds(latest)).toHaveLength(1);
    expect(customerSummary(t.db, customer).refundCount).toBe(1);
    expect(JSON.parse(cursor()!).revoked).toEqual({ [latest]: expect.any(Number) });
  });

  it('sync first, console never: Voided Purchases and the Orders API agree on the revoke key', async () => {
    const a = adapter();
    const { token, orderIds } = server.account.addSubscription({ renewals: 0 });
    await ingestRun(t.db, a.refresh([{ kind: 'google_purchase_token', value: token }], ctx()));
    await a.refund({
      intentId: 'x', idempotencyKey: 'x', purchaseKey: token, paymentRef: orderIds[0]!, mode: 'refund_and_revoke', refundKind: 'prorated',
      amountMinor: 100, currency: 'USD', reason: 'requested_by_customer', purchaseKind: 'subscription',
    });
    await sync(a);
    await sync(a);
    // A refresh on demand (a lookup) sees the same refund through subscriptionsv2 + orders.
    await ingestRun(t.db, a.refresh([{ kind: 'google_purchase_token', value: token }], ctx()));
    expect(refunds(orderIds[0]!)).toMatchObject([{ dedupe_key: `ledger:refund:google:${orderIds[0]!}#refund:succeeded`, source: 'store_api' }]);
  });

  it('a Play Console partial refund of another order keeps its own key', async () => {
    const a = adapter();
    const { token, orderIds } = server.account.addSubscription({ renewals: 1 });
    await ingestRun(t.db, a.refresh([{ kind: 'google_purchase_token', value: token }], ctx()));
    server.account.partialRefund(orderIds[0]!, 300);
    await sync(a);
    expect(refunds(orderIds[0]!)).toMatchObject([{ dedupe_key: expect.stringMatching(/#\d+:succeeded$/), amount_minor: 300 }]);
  });
});
