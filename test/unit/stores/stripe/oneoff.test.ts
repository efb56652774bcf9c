// New one-off payments after the backfill reach the timeline through charge.succeeded;
// a subscription's own payments never become a stray one-off purchase.
import { afterEach, describe, expect, it } from 'vitest';
import { createPayment, refundCharge, renewSubscription, seedAccount } from '../../../servers/stripe';
import { createStripeAdapter } from '../../../../src-main/stores/stripe';
import { stripePaymentOwner } from '../../../../src-main/db/storeLookups';
import { ACCOUNT, events, harness, type Harness } from './harness';
import { syncContext } from '../../../support/contexts';
import { eventCount, purchaseByKey, purchases, syncCursor } from '../../../support/read';
import { customerHeader } from '../../../../src-main/db/customers';

let h: Harness;
afterEach(() => h.close());

const stripePurchases = () => purchases(h.t.db, 'stripe').map(({ store_key, kind }) => ({ store_key, kind }));

describe('Stripe one-off payments through the Events API', () => {
  it('a one-off payment made after the backfill appears as a purchase with the backfill’s key', async () => {
    h = await harness();
    const seed = seedAccount(h.server.account);
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    const { paymentIntent } = createPayment(h.server.account, { customer: seed.alice.id, amount: 1999, description: 'Coins 500' });
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    const bought = events(h.t, 'purchase').filter((e) => e.store_key === paymentIntent.id);
    expect(bought).toMatchObject([{ dedupe_key: `ledger:payment:stripe:${paymentIntent.id}:paid`, amount_minor: 1999, currency: 'USD' }]);
    expect(stripePurchases()).toContainEqual({ store_key: paymentIntent.id, kind: 'one_time' });
    expect(customerHeader(h.t.db, purchaseByKey(h.t.db, paymentIntent.id).customer_id).appUserId).toBe('user_alice');
    // A fresh backfill of the same account names the same payment with the same key.
    const before = eventCount(h.t.db);
    h.t.db.prepare('DELETE FROM sync_state').run();
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    expect(eventCount(h.t.db)).toBe(before);
  });

  it('a renewal paid after the backfill is a renewal of its subscription, not a one-off purchase', async () => {
    h = await harness();
    const seed = seedAccount(h.server.account);
    await h.engine.sync(ACCOUNT);
    const inv = renewSubscription(h.server.account, seed.subscription.id);
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    expect(stripePurchases().filter((p) => p.kind === 'one_time').map((p) => p.store_key)).toEqual([seed.payment.paymentIntent.id]);
    expect(events(h.t, 'renewal').filter((e) => e.detail.storeRef === inv.id && e.store_key === seed.subscription.id)).toHaveLength(1);
    expect(events(h.t).filter((e) => e.dedupe_key.startsWith('stripe:charge:') && e.store_key !== seed.payment.paymentIntent.id)).toEqual([]);
  });

  it('when the invoice.paid is on the next page, the invoice payments tell the charge paid a subscription', async () => {
    // Events of a renewal: subscription.updated, charge.succeeded, invoice.paid; pages of 2 split them.
    h = await harness({ pageSize: 2 });
    const seed = seedAccount(h.server.account);
    await h.engine.sync(ACCOUNT);
    const inv = renewSubscription(h.server.account, seed.subscription.id);
    const asked = h.server.requests.length;
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    const lookups = h.server.requests.slice(asked).filter((r) => r.path === '/v1/invoice_payments');
    expect(lookups).toHaveLength(1);
    expect(decodeURIComponent(lookups[0]!.query)).toContain('payment[type]=payment_intent');
    expect(stripePurchases().filter((p) => p.kind === 'one_time')).toHaveLength(1);
    expect(events(h.t, 'renewal').filter((e) => e.detail.storeRef === inv.id && e.store_key === seed.subscription.id)).toHaveLength(1);
    // A one-off payment on the same pages is still a purchase.
    const { paymentIntent } = createPayment(h.server.account, { customer: seed.bob.id, amount: 500 });
    await h.engine.sync(ACCOUNT);
    expect(stripePurchases()).toContainEqual({ store_key: paymentIntent.id, kind: 'one_time' });
  });
});

describe('payment → subscription links across a restart', () => {
  it('a new adapter over the same workspace asks Stripe nothing about a payment the cache already places', async () => {
    h = await harness();
    const seed = seedAccount(h.server.account);
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    const renewal = h.server.account.invoices.items.filter((i) => i.status === 'paid').at(-1)!;
    const pi = (renewal.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
    // "restart": a fresh adapter (no memory) that reads the workspace, as the registry builds it
    const fresh = createStripeAdapter({
      credential: { store: 'stripe', secretKey: h.server.keys.secret },
      endpoint: { host: h.server.host, port: h.server.port, protocol: 'http' },
      paymentOwner: stripePaymentOwner(h.t.db),
    });
    const r = refundCharge(h.server.account, { paymentIntent: pi, amount: 100 });
    const asked = h.server.requests.length;
    const cursor = syncCursor(h.t.db, ACCOUNT)!;
    const ctx = syncContext();
    const refunds = [];
    for await (const b of fresh.sync(cursor, ctx)) refunds.push(...b.events.filter((e) => e.type === 'refund'));
    expect(refunds.map((e) => [e.purchaseKey, e.detail?.storeRef])).toEqual([[seed.subscription.id, (r as { id: string }).id]]);
    expect(h.server.requests.slice(asked).filter((q) => q.path === '/v1/invoice_payments')).toHaveLength(0);
  });
});
