// RVS bodies are validated: Amazon's Billing Compatibility answers are read, an unreadable
// body is left out with words (never a NOT NULL failure at ingest), the term is kept, and
// the sandbox connection test says it cannot check the secret.
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../../src-main/db/ingest';
import { tempDb, type TempDb } from '../../../support/db';
import { billingCompatProduct, subscriptionReceipt } from '../../../servers/amazon/server';
import { purchases as cachedPurchases } from '../../../support/read';
import { adapter, putReceipt, run, rvsPerTest } from './world';

let t: TempDb | undefined;
rvsPerTest();
afterEach(() => t?.close());

const put = (id: string, body: Record<string, unknown>) => putReceipt(id, 'amzn-user', body);

describe('Amazon RVS bodies', () => {
  it('reads a Billing Compatibility purchase and ingests it; an unreadable body is left out with a notice', async () => {
    t = tempDb();
    put('tok-1', billingCompatProduct('tok-1'));
    put('r-broken', { productType: 'SUBSCRIPTION', purchaseDate: 'yesterday' });
    put('r-ok', subscriptionReceipt('r-ok'));
    const { batches, notices } = await run();
    const purchases = batches.flatMap((b) => b.purchases);
    expect(purchases.map((p) => p.storeKey)).toEqual(['tok-1', 'r-ok']);
    expect(purchases[0]).toMatchObject({ kind: 'consumable', productId: 'com.example.gold_medal', purchasedAt: 1_760_000_000_000 });
    expect(notices).toEqual([expect.stringMatching(/^Receipt r-broken: Amazon's answer for this receipt cannot be read \(receiptId: /)]);
    for (const b of batches) ingest(t.db, b);
    expect(cachedPurchases(t.db).map((p) => p.store_key).sort()).toEqual(['r-ok', 'tok-1']);
  });

  it('keeps the subscription term ("1 Month") on the purchase row of the timeline', async () => {
    put('r-term', subscriptionReceipt('r-term', { term: '1 Month', termSku: 'com.example.pro.monthly' }));
    const { batches } = await run();
    expect(batches[0]!.events[0]!.detail).toMatchObject({ term: '1 Month', termSku: 'com.example.pro.monthly', summary: '1 Month subscription' });
  });

  it('the sandbox connection test says it cannot check the shared secret; production still can', async () => {
    const sandbox = await adapter({ env: 'sandbox', secret: 'anything-at-all' }).testConnection();
    expect(sandbox).toMatchObject({ ok: true, missing: ['shared secret not checked: the RVS Cloud Sandbox accepts any secret'] });
    expect(sandbox.message).toMatch(/accepts any shared secret, so this test cannot tell whether yours is right/);
    expect(await adapter({ secret: 'anything-at-all' }).testConnection()).toMatchObject({ ok: false, message: expect.stringMatching(/496/) });
  });
});
