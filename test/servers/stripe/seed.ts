// A seeded account, and a fast generator of many refund events for the bench.
import { createSubscription, renewSubscription } from './billing';
import { closeDispute, createCustomer, createPayment, openDispute, refundCharge } from './objects';
import type { Obj, StripeAccount } from './state';

export interface Seeded {
  alice: Obj;
  bob: Obj;
  /** A one-off payment of alice. */
  payment: { paymentIntent: Obj; charge: Obj };
  subscription: Obj;
}

export function seedAccount(acct: StripeAccount): Seeded {
  const alice = createCustomer(acct, { email: 'alice@example.com', name: 'Alice', metadata: { app_user_id: 'user_alice' } });
  const bob = createCustomer(acct, { email: 'Bob@Example.com', name: 'Bob' });
  const payment = createPayment(acct, { customer: alice.id, amount: 4999, description: 'Lifetime unlock' });
  const { subscription } = createSubscription(acct, { customer: bob.id, amount: 999 });
  renewSubscription(acct, subscription.id);
  return { alice, bob, payment, subscription };
}

/**
 * Adds `count` synced events quickly: each payment is refunded, which Stripe announces as
 * refund.created + charge.refunded (2 events). Payments are spread over a few customers.
 */
export function generateRefundEvents(acct: StripeAccount, count: number, customers = 50): void {
  const owners: Obj[] = [];
  for (let i = 0; i < customers; i++) owners.push(createCustomer(acct, { email: `bench${i}@example.com`, metadata: { app_user_id: `bench_${i}` } }));
  for (let i = 0; i < Math.ceil(count / 2); i++) {
    const { charge } = createPayment(acct, { customer: owners[i % customers]!.id, amount: 500 + (i % 7) * 100, emit: false });
    const r = refundCharge(acct, { charge: charge.id, amount: i % 3 === 0 ? 100 : undefined, reason: 'requested_by_customer' });
    if (!('object' in r)) throw new Error('refund failed in the generator');
  }
}

/** Customers with a subscription each, created before the first sync (the backfill reads them). */
export function seedSubscribers(acct: StripeAccount, customers: number): Obj[] {
  const subs: Obj[] = [];
  for (let i = 0; i < customers; i++) {
    const c = createCustomer(acct, { email: `sub${i}@example.com`, metadata: { app_user_id: `sub_${i}` } });
    subs.push(createSubscription(acct, { customer: c.id, amount: 499 + (i % 5) * 100 }).subscription);
  }
  return subs;
}

/**
 * What a real account's event log holds, spread over the subscribers: renewals
 * (customer.subscription.updated, charge.succeeded, invoice.paid), refunds of renewals
 * (refund.created, charge.refunded), one-off payments refunded in part, and disputes
 * (created, updated, closed). Stops once `count` events the adapter reads were added.
 */
export function generateRealisticEvents(acct: StripeAccount, subs: Obj[], count: number, listened: ReadonlySet<string>): void {
  const start = acct.events.items.length;
  const added = () => {
    let n = 0;
    for (let i = start; i < acct.events.items.length; i++) if (listened.has(acct.events.items[i]!.type as string)) n++;
    return n;
  };
  for (let i = 0, n = 0; n < count; i++) {
    const sub = subs[i % subs.length]!;
    const customer = sub.customer as string;
    const step = i % 4;
    if (step === 0) renewSubscription(acct, sub.id);
    else if (step === 1) {
      const inv = acct.invoices.get(sub.latest_invoice as string)!;
      const pi = (inv.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
      refundCharge(acct, { paymentIntent: pi, amount: 100, reason: 'requested_by_customer' });
    } else if (step === 2) {
      const { charge } = createPayment(acct, { customer, amount: 1500, description: 'Coins' });
      refundCharge(acct, { charge: charge.id, amount: 500, reason: 'duplicate' });
    } else {
      const { charge } = createPayment(acct, { customer, amount: 2500, description: 'Lifetime' });
      closeDispute(acct, openDispute(acct, charge.id).id, i % 8 === 3 ? 'won' : 'lost');
    }
    if (i % 50 === 49) n = added();
  }
}
