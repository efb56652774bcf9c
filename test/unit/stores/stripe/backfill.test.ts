// Backfill mapping, overlap with the Events API, refresh of one customer.
import { describe, expect, it } from 'vitest';
import { cancelSubscription, createPayment, failInvoice, refundCharge, type seedAccount } from '../../../servers/stripe';
import { ACCOUNT, events, seededHarnessPerTest, type Harness } from './harness';
import { syncContext } from '../../../support/contexts';
import { eventCount, purchaseByKey, syncCursor } from '../../../support/read';
import { listCustomers } from '../../../../src-main/db/customers';

let h: Harness;
let seed: ReturnType<typeof seedAccount>;
seededHarnessPerTest((w) => ({ h, seed } = w));

describe('Stripe backfill', () => {
  it('maps customers by metadata key, else email, and stores subscriptions, renewals and payments', async () => {
    refundCharge(h.server.account, { charge: seed.payment.charge.id as string, amount: 999 });
    const s = await h.engine.sync(ACCOUNT);
    expect(s.lastError).toBeNull();
    const customers = listCustomers(h.t.db, { limit: 200 }).customers.map(({ appUserId, email }) => ({ appUserId, email }));
    expect(customers).toEqual(expect.arrayContaining([{ appUserId: 'user_alice', email: 'alice@example.com' }, { appUserId: null, email: 'bob@example.com' }]));
    expect(events(h.t, 'purchase').map((e) => e.store_key)).toEqual(expect.arrayContaining([seed.subscription.id, seed.payment.paymentIntent.id]));
    expect(events(h.t, 'renewal')).toMatchObject([{ store_key: seed.subscription.id, amount_minor: 999 }]);
    const [r] = events(h.t, 'refund');
    expect(r!.detail).toMatchObject({ detectedVia: 'stripe_backfill', refundKind: 'partial' });
    const cursor = JSON.parse(syncCursor(h.t.db, ACCOUNT)!);
    expect(cursor.phase).toBe('events');
  });

  it('stores a refund seen by the backfill and again through events once', async () => {
    const firstEvent = h.server.account.events.items[0]!;
    refundCharge(h.server.account, { charge: seed.payment.charge.id as string });
    await h.engine.sync(ACCOUNT);
    expect(events(h.t, 'refund')).toHaveLength(1);
    // Rewind the cursor so the Events API replays everything the backfill already stored.
    h.t.db.prepare('UPDATE sync_state SET cursor = ? WHERE account = ?').run(JSON.stringify({ v: 1, phase: 'events', evt: firstEvent.id, created: firstEvent.created }), ACCOUNT);
    const before = eventCount(h.t.db);
    const s = await h.engine.sync(ACCOUNT);
    expect(s.lastError).toBeNull();
    expect(h.server.requests.some((r) => r.path === '/v1/events' && r.query.includes('ending_before'))).toBe(true);
    expect(events(h.t, 'refund')).toHaveLength(1);
    expect(eventCount(h.t.db)).toBe(before);
  });

  it('turns subscription changes and failed payments into cancellation, expiration and billing issue', async () => {
    await h.engine.sync(ACCOUNT);
    failInvoice(h.server.account, seed.subscription.id);
    cancelSubscription(h.server.account, seed.subscription.id);
    await h.engine.sync(ACCOUNT);
    expect(events(h.t, 'billing_issue')).toHaveLength(1);
    expect(events(h.t, 'cancellation')).toHaveLength(1);
    expect(events(h.t, 'expiration')).toHaveLength(1);
    expect(purchaseByKey(h.t.db, seed.subscription.id).state).toBe('expired');
  });

  it('pages every refund of a charge: a charge with 25 refunds stores all 25 (backfill and refresh)', async () => {
    const { charge } = createPayment(h.server.account, { customer: seed.alice.id, amount: 10_000 });
    const ids = Array.from({ length: 25 }, () => (refundCharge(h.server.account, { charge: charge.id, amount: 100 }) as { id: string }).id);
    expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
    const stored = events(h.t, 'refund').filter((e) => e.store_key === charge.payment_intent);
    expect(stored.map((e) => e.detail.storeRef).sort()).toEqual([...ids].sort());
    const ctx = syncContext();
    const refreshed = [];
    for await (const b of h.adapter.refresh!([{ kind: 'stripe_customer', value: seed.alice.id }], ctx)) refreshed.push(...b.events.filter((e) => e.type === 'refund'));
    expect(refreshed.filter((e) => e.purchaseKey === charge.payment_intent)).toHaveLength(25);
  });

  it('refreshes one customer on demand from an email, without moving the cursor', async () => {
    const batches = [];
    const ctx = syncContext();
    for await (const b of h.adapter.refresh!([{ kind: 'email', value: 'alice@example.com' }], ctx)) batches.push(b);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.cursor).toBeUndefined();
    expect(batches[0]!.events.map((e) => e.dedupeKey)).toContain(`stripe:charge:${seed.payment.charge.id}:paid`);
    const fromCharge = [];
    for await (const b of h.adapter.refresh!([{ kind: 'stripe_charge', value: seed.payment.charge.id as string }], ctx)) fromCharge.push(b);
    expect(fromCharge[0]!.purchases[0]!.customer.appUserId).toBe('user_alice');
  });
});
