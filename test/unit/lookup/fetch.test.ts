// An ID that is not in the cache, fetched from its store through the real adapters
// (Google Play and Stripe test servers, official SDKs) into a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { search } from '../../../src-main/db/search';
import { DeskError } from '../../../src-main/ipc/define';
import type { Store } from '../../../src-main/ipc/vocabulary';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { createStripeAdapter } from '../../../src-main/stores/stripe';
import { createLookupHandlers } from '../../../src-main/lookup/handlers';
import { lookupInStores } from '../../../src-main/sync/lookup';
import { tempDb, type TempDb } from '../../support/db';
import { startStripeServer, seedAccount, type StripeTestServer } from '../../servers/stripe';
import { startHarness, type Harness } from '../stores/google/harness';

let g: Harness;
let s: StripeTestServer;
let t: TempDb;
let adapters: Map<Store, StoreAdapter>;
const ctx = { agent: { osUser: 'sam', name: 'Sam' }, emit: () => undefined };

beforeEach(async () => {
  g = await startHarness();
  s = await startStripeServer();
  t = tempDb();
  adapters = new Map<Store, StoreAdapter>([
    ['google', g.adapter()],
    [
      'stripe',
      createStripeAdapter({
        credential: { store: 'stripe', secretKey: s.keys.secret },
        endpoint: { host: s.host, port: s.port, protocol: 'http' },
        timeoutMs: 2000,
        retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
      }),
    ],
  ]);
});
afterEach(async () => {
  await g.server.close();
  await s.close();
  t.close();
});

const lookup = (query: string) => lookupInStores({ query, adapters, db: t.db, now: () => g.clock.t, signal: new AbortController().signal });
async function refusal(p: Promise<unknown>): Promise<DeskError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DeskError);
  return e as DeskError;
}
const audit = () => t.db.prepare('SELECT action, target, result, detail FROM audit_log ORDER BY id').all() as { action: string; target: string; result: string; detail: string }[];

describe('lookup from Google Play', () => {
  it('a renewal order ID not in the cache fetches the subscription, its orders and its customer; search then finds it', async () => {
    const { token, orderIds } = g.server.account.addSubscription({ renewals: 2, externalAccountId: 'user-77' });
    expect(search(t.db, orderIds[2]!)).toEqual([]);
    const out = await lookup(orderIds[2]!);
    expect(out).toMatchObject({ store: 'google', purchases: 1, message: expect.stringMatching(/^Fetched 1 purchase from Google Play/) });
    expect(out.customerIds).toHaveLength(1);
    const hits = search(t.db, orderIds[2]!);
    expect(hits.map((h) => h.customerId)).toEqual(out.customerIds);
    const p = t.db.prepare("SELECT store_key, kind FROM purchases WHERE store = 'google'").get();
    expect(p).toEqual({ store_key: token, kind: 'subscription' });
    expect(t.db.prepare("SELECT count(*) n FROM events WHERE type IN ('purchase', 'renewal')").get()).toEqual({ n: 3 });
    expect(t.db.prepare('SELECT count(*) n FROM sync_state').get()).toEqual({ n: 0 });
  });

  it('a purchase token of a one-time product', async () => {
    const { token } = g.server.account.addOneTime({ externalAccountId: 'user-9', unitPriceMinor: 299 });
    const out = await lookup(token);
    expect(out.store).toBe('google');
    expect(t.db.prepare('SELECT app_user_id FROM customers WHERE id = ?').get(out.customerIds[0])).toEqual({ app_user_id: 'user-9' });
  });

  it("an order Google does not know is refused in Google's words", async () => {
    const e = await refusal(lookup('GPA.9999-9999-9999-99999'));
    expect(e.code).toBe('not_found');
    expect(e.message).toContain('Google Play has no order GPA.9999-9999-9999-99999 for this app.');
    expect(e.message).toContain('The order was not found.');
  });

  it('a 429 from Google is rate limited, with the wait', async () => {
    g.server.faults.push({ fault: '429', match: '/orders/GPA' });
    const { orderIds } = g.server.account.addSubscription();
    const e = await refusal(lookup(orderIds[0]!));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toMatch(/Google Play is limiting requests right now: .*Resource has been exhausted.*Try again in about 2 s/);
    expect(e.retryable).toBe(true);
  });
});

describe('lookup from Stripe', () => {
  it('a payment intent and an email find the customer with their payments', async () => {
    const seed = seedAccount(s.account);
    const out = await lookup(seed.payment.paymentIntent.id as string);
    expect(out.store).toBe('stripe');
    expect(t.db.prepare('SELECT app_user_id, email FROM customers WHERE id = ?').get(out.customerIds[0])).toEqual({ app_user_id: 'user_alice', email: 'alice@example.com' });
    const bob = await lookup('Bob@Example.com');
    expect(bob.purchases).toBe(1);
    expect(t.db.prepare('SELECT store_key FROM purchases WHERE customer_id = ?').all(bob.customerIds[0])).toEqual([{ store_key: seed.subscription.id }]);
  });

  it('an unknown charge is not found, in the store’s words', async () => {
    const e = await refusal(lookup('pi_1RdDoesNotExist'));
    expect(e.code).toBe('not_found');
    expect(e.message).toContain("No such payment_intent: 'pi_1RdDoesNotExist'");
  });
});

describe('refusals before any call', () => {
  it('a store that is not configured is named', async () => {
    adapters.delete('google');
    const e = await refusal(lookup('GPA.1234-5678-9012-34567'));
    expect(e).toMatchObject({ code: 'not_configured', message: expect.stringContaining('Google Play is not connected') });
  });

  it('a lone Amazon ID says both are needed; words are not store IDs', async () => {
    const e = await refusal(lookup('l3HL7XppEMhrOGDnur9-ulvqomrSg6qyODKmah76lJU='));
    expect(e).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('needs both the receipt ID and the user ID') });
    expect((await refusal(lookup('jane doe'))).code).toBe('invalid_input');
  });
});

describe('lookup:fetch handler', () => {
  it('returns the customers as headers and audits the fetch as lookup.fetch on store:id', async () => {
    const { orderIds } = g.server.account.addSubscription({ externalAccountId: 'user-5' });
    const h = createLookupHandlers({ db: t.db, adapters: () => adapters, isOnline: () => true, now: () => g.clock.t });
    const out = await h['lookup:fetch']({ query: orderIds[0]! }, ctx);
    expect(out.store).toBe('google');
    expect(out.customers[0]).toMatchObject({ appUserId: 'user-5', stores: ['google'] });
    expect(out.customers[0]!.ids).toEqual(expect.arrayContaining([{ store: 'google', kind: 'google_order_id', value: orderIds[0] }]));
    const [row] = audit();
    expect(row).toMatchObject({ action: 'lookup.fetch', target: `google:${orderIds[0]}`, result: 'ok' });
  });

  it('offline: refused with the reason, nothing sent, refusal audited', async () => {
    const h = createLookupHandlers({ db: t.db, adapters: () => adapters, isOnline: () => false });
    const before = g.server.requests.length;
    const e = await refusal(h['lookup:fetch']({ query: 'GPA.1234-5678-9012-34567' }, ctx));
    expect(e).toMatchObject({ code: 'offline', message: expect.stringContaining('Offline: fetching from Google Play needs the network') });
    expect(g.server.requests.length).toBe(before);
    expect(audit()).toMatchObject([{ action: 'lookup.fetch', target: 'google:GPA.1234-5678-9012-34567', result: 'refused' }]);
  });

  it('a store failure is audited as failed with the store’s words', async () => {
    const h = createLookupHandlers({ db: t.db, adapters: () => adapters, isOnline: () => true });
    await refusal(h['lookup:fetch']({ query: 'GPA.9999-9999-9999-99999' }, ctx));
    const [row] = audit();
    expect(row).toMatchObject({ result: 'failed' });
    expect(JSON.parse(row!.detail)).toMatchObject({ code: 'not_found', message: expect.stringContaining('Google Play has no order') });
  });
});
