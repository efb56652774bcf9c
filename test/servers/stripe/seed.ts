// A seeded account, and a fast generator of many refund events for the bench.
import { createSubscription, renewSubscription } from './billing';
import { createCustomer, createPayment, refundCharge } from './objects';
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
