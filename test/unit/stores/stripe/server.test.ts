// The test server itself, through the real SDK: the documented behaviours the adapter
// must survive (idempotency while a request runs, replay, 24 h keys, lost answers,
// events in older API versions, paginated lists).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createPayment, createSubscription, refundCharge, renewSubscription, startStripeServer, type StripeTestServer } from '../../../servers/stripe';
import { OLD_VERSION } from '../../../servers/stripe/versions';

let server: StripeTestServer;
let stripe: Stripe;
beforeAll(async () => {
  server = await startStripeServer();
  stripe = new Stripe(server.keys.secret, { host: server.host, port: server.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
});
afterAll(() => server.close());

function pay(amount = 1000) {
  const cus = createCustomer(server.account, { email: `s${Math.random()}@example.com` });
  return createPayment(server.account, { customer: cus.id, amount });
}

describe('Stripe test server', () => {
  it('holds a refund while executing: a same-key request gets 409, a finished one is replayed, other params are refused', async () => {
    const { paymentIntent } = pay();
    server.setHold(300);
    try {
      const first = stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 }, { idempotencyKey: 'k-hold' });
      await new Promise((r) => setTimeout(r, 50));
      expect((await stripe.refunds.list({ payment_intent: paymentIntent.id })).data).toHaveLength(0);
      const second = await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 }, { idempotencyKey: 'k-hold' }).catch((e: unknown) => e);
      expect(second).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
      const r = await first;
      server.setHold(0);
      const again = await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 }, { idempotencyKey: 'k-hold' });
      expect(again.id).toBe(r.id);
      const other = await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 200 }, { idempotencyKey: 'k-hold' }).catch((e: unknown) => e);
      expect(other).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
      expect(server.account.refunds.items.filter((x) => x.payment_intent === paymentIntent.id)).toHaveLength(1);
    } finally {
      server.setHold(0);
    }
  });

  it('forgets a key after 24 h: the same request then runs again', async () => {
    const { paymentIntent } = pay();
    await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 }, { idempotencyKey: 'k-24h' });
    server.account.clockOffset += 24 * 3600;
    try {
      await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 }, { idempotencyKey: 'k-24h' });
    } finally {
      server.account.clockOffset -= 24 * 3600;
    }
    expect(server.account.refunds.items.filter((x) => x.payment_intent === paymentIntent.id)).toHaveLength(2);
  });

  it('a lost DELETE answer: the subscription is cancelled, and the SDK\u2019s own re-send is refused', async () => {
    const cus = createCustomer(server.account, {});
    const { subscription } = createSubscription(server.account, { customer: cus.id, amount: 500 });
    server.addFault({ fault: { kind: 'drop_after' }, method: 'DELETE', path: '/v1/subscriptions', times: 1 });
    // the SDK re-sends a request whose connection closed once, even with retries off;
    // a DELETE carries no idempotency key, so Stripe answers the second one on its own
    const lost = await stripe.subscriptions.cancel(subscription.id, {}, { maxNetworkRetries: 0 }).catch((e: unknown) => e);
    expect(lost).toMatchObject({ statusCode: 400 });
    expect(server.account.subscriptions.get(subscription.id)!.status).toBe('canceled');
  });

  it('renders events in the API version of their creation; event invoices carry no payments', async () => {
    const before = server.account.events.items.length;
    server.account.apiVersion = OLD_VERSION;
    try {
      const cus = createCustomer(server.account, {});
      const { subscription } = createSubscription(server.account, { customer: cus.id, amount: 700 });
      const inv = renewSubscription(server.account, subscription.id);
      const { charge } = pay(900);
      refundCharge(server.account, { charge: charge.id, amount: 100 });
      const evs = server.account.events.items.slice(before);
      expect(evs.every((e) => e.api_version === OLD_VERSION)).toBe(true);
      expect(evs.some((e) => String(e.type).startsWith('refund.'))).toBe(false);
      const paid = evs.filter((e) => e.type === 'invoice.paid').at(-1)!;
      const obj = (paid.data as { object: Record<string, unknown> }).object;
      expect(obj.id).toBe(inv.id);
      expect(obj).not.toHaveProperty('payments');
      expect(obj).not.toHaveProperty('parent');
      expect(obj.subscription).toBe(subscription.id);
      expect(obj.payment_intent).toMatch(/^pi_/);
      const subEvent = evs.find((e) => e.type === 'customer.subscription.created')!;
      expect((subEvent.data as { object: Record<string, unknown> }).object.current_period_end).toEqual(expect.any(Number));
      const ch = evs.find((e) => e.type === 'charge.succeeded' && (e.data as { object: { invoice?: string } }).object.invoice === inv.id);
      expect(ch).toBeDefined();
    } finally {
      server.account.apiVersion = '2026-10-28.endive';
    }
    // read through the API, an invoice is in the reader's version and without payments unless expanded
    const inv = (await stripe.invoices.list({ limit: 1 })).data[0]!;
    expect(inv).not.toHaveProperty('payments');
    expect((await stripe.invoices.retrieve(inv.id, { expand: ['payments'] })).payments!.data).toHaveLength(1);
  });

  it('pages the refunds of a charge: 10 embedded with has_more, all through the list', async () => {
    const { charge } = pay(10_000);
    for (let i = 0; i < 25; i++) refundCharge(server.account, { charge: charge.id, amount: 10 });
    const ch = await stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
    expect(ch.refunds!.data).toHaveLength(10);
    expect(ch.refunds!.has_more).toBe(true);
    const all = await stripe.refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 1000 });
    expect(all).toHaveLength(25);
  });
});
