// Test connection (401/403 in words, no stack), refresh by purchase token or order ID,
// and the whole path into a real SQLite file through ingest().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/db/connection';
import { ingest } from '../../../../src-main/db/ingest';
import { migrate } from '../../../../src-main/db/migrations/index';
import { createGoogleAdapter } from '../../../../src-main/stores/google/index';
import { makeServiceAccount } from '../../../servers/google/oauth';
import { allEvents, collect, context, harnessPerTest, PACKAGE, type Harness } from './harness';
import { eventRecords, purchaseByKey, syncCursor } from '../../../support/read';
import { knownOrderIds } from '../../../../src-main/db/ids';

let h: Harness;
harnessPerTest((x) => (h = x));

describe('Google test connection', () => {
  it('reports what the service account can do', async () => {
    const r = await h.adapter().testConnection();
    expect(r).toMatchObject({ ok: true, missing: [] });
    expect(h.server.requests.find((q) => q.includes('voidedpurchases'))).toContain('maxResults=1');
  });

  it('403: the service account lacks View financial data, in the store’s words, without a stack', async () => {
    h.server.account.permissions.viewFinancialData = false;
    const r = await h.adapter().testConnection();
    expect(r.ok).toBe(false);
    expect(r.missing.join(' ')).toMatch(/lacks View financial data/);
    expect(r.message).toContain('The current user has insufficient permissions to perform the requested operation.');
    expect(r.message).not.toMatch(/\n\s+at /);
  });

  it('a key Google does not accept (signature fails at the token endpoint) is reported', async () => {
    const wrong = makeServiceAccount(); // same email, different key
    const adapter = createGoogleAdapter({
      credential: { store: 'google', serviceAccountJson: wrong.json, packageName: PACKAGE },
      endpoint: { rootUrl: h.server.rootUrl, tokenUrl: h.server.tokenUrl },
      timeoutMs: 2000,
    });
    const r = await adapter.testConnection();
    expect(r.ok).toBe(false);
    expect(r.message).toContain('Invalid JWT Signature.');
    expect(r.missing.join(' ')).toMatch(/valid service-account key/);
  });

  it('401 from the API, again after a new token, is reported in Google’s words', async () => {
    h.server.faults.push({ fault: '401', match: 'voidedpurchases', times: 2 });
    const r = await h.adapter().testConnection();
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('invalid authentication credentials') });
  });
});

describe('Google refresh', () => {
  it('fetches a subscription by an order ID: state, expiry, auto-renew, each renewal order, the customer', async () => {
    const { token, orderIds } = h.server.account.addSubscription({ renewals: 2, externalAccountId: 'user-42', priceMinor: 1299, currency: 'EUR' });
    const batches = await collect(h.adapter().refresh!([{ kind: 'google_order_id', value: orderIds[1]! }], context()));
    const p = batches[0]!.purchases[0]!;
    const s = h.server.account.subscriptions.get(token)!;
    expect(p).toMatchObject({ storeKey: token, kind: 'subscription', expiresAt: s.expiryTime, autoRenew: true, priceMinor: 1299, currency: 'EUR' });
    expect(p.customer.appUserId).toBe('user-42');
    const paid = allEvents(batches).filter((e) => e.type === 'purchase' || e.type === 'renewal');
    expect(paid.map((e) => e.orderId)).toEqual(orderIds);
  });

  it('fetches a one-time product by purchase token with consumed and refundable quantities', async () => {
    const { token, orderId } = h.server.account.addOneTime({ quantity: 3, unitPriceMinor: 100, consumed: true });
    h.server.account.quantityRefund(orderId, 1);
    const batches = await collect(h.adapter().refresh!([{ kind: 'google_purchase_token', value: token }], context()));
    expect(batches[0]!.purchases[0]).toMatchObject({ kind: 'consumable', productId: 'coins_100', priceMinor: 300 });
    const paid = allEvents(batches).find((e) => e.type === 'purchase')!;
    expect(paid.detail).toMatchObject({ quantity: 3, refundableQuantity: 2, consumptionState: 'CONSUMPTION_STATE_CONSUMED' });
    expect(allEvents(batches).find((e) => e.type === 'refund')).toMatchObject({ amountMinor: 100 });
  });
});

describe('Google into SQLite', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'google-sync-'));
    db = openDatabase(join(dir, 'workspace.db'));
    migrate(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refresh, then sync: each refund stored once, entitlement follows, cursor saved with the events', async () => {
    const a = h.server.account;
    const revoked = a.addSubscription({ renewals: 1, externalAccountId: 'u-1' });
    const refundOnly = a.addSubscription({ renewals: 1, externalAccountId: 'u-2' });
    const oneTime = a.addOneTime({ unitPriceMinor: 500 });
    const adapter = h.adapter({
      knownOrderIds: () => knownOrderIds(db, 'google', 'google_order_id'),
    });
    for (const b of await collect(adapter.refresh!([revoked, refundOnly].map((s) => ({ kind: 'google_purchase_token', value: s.token })).concat([{ kind: 'google_purchase_token', value: oneTime.token }]), context()))) {
      ingest(db, b, h.clock.t);
    }
    a.fullRefund(revoked.orderIds[1]!, { revoke: true, source: 0, reason: 4 });
    a.fullRefund(refundOnly.orderIds[1]!, { revoke: false });
    a.partialRefund(oneTime.orderId, 200);

    const run = async () => {
      const cursor = syncCursor(db, 'google:com.example.app');
      for (const b of await collect(adapter.sync(cursor, context()))) ingest(db, b, h.clock.t);
    };
    await run();
    await run(); // a second run adds nothing
    const refunds = eventRecords(db, { types: ['refund'] })
      .map((e) => ({ order_id: e.order_id, amount_minor: e.amount_minor, via: (JSON.parse(e.detail ?? '{}') as { detectedVia?: string }).detectedVia ?? null }))
      .sort((x, y) => x.order_id!.localeCompare(y.order_id!));
    expect(refunds).toEqual([
      { order_id: revoked.orderIds[1], amount_minor: 999, via: 'google_voided_purchases' },
      { order_id: refundOnly.orderIds[1], amount_minor: 999, via: 'google_orders' },
      { order_id: oneTime.orderId, amount_minor: 200, via: 'google_orders' },
    ].sort((x, y) => x.order_id!.localeCompare(y.order_id!)));
    const state = (token: string) => purchaseByKey(db, token, 'google').state;
    expect(state(revoked.token)).toBe('revoked');
    expect(state(refundOnly.token)).toBe('refunded_active');
    expect(JSON.parse(syncCursor(db, 'google:com.example.app')!)).toMatchObject({ v: 1, until: h.clock.t });
  });

  it('a chargeback found through Voided Purchases ends access in the cache', async () => {
    const a = h.server.account;
    const sub = a.addSubscription({ renewals: 1, externalAccountId: 'u-cb' });
    const adapter = h.adapter({
      knownOrderIds: () => knownOrderIds(db, 'google', 'google_order_id'),
    });
    for (const b of await collect(adapter.refresh!([{ kind: 'google_purchase_token', value: sub.token }], context()))) ingest(db, b, h.clock.t);
    const state = () => purchaseByKey(db, sub.token, 'google').state;
    expect(state()).toBe('active');
    a.chargeback(sub.orderIds[1]!);
    for (const b of await collect(adapter.sync(null, context()))) ingest(db, b, h.clock.t);
    expect(state()).toBe('revoked');
    expect(eventRecords(db, { types: ['revoke'] }).filter((e) => e.order_id === sub.orderIds[1])).toHaveLength(1);
  });
});

