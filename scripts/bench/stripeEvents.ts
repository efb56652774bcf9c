// Event mixes for the Stripe sync bench (issue 20), made only through the local Stripe
// server's public seeding functions, as a Dashboard user would cause them:
// - piled: refund and dispute events over a few payments (many partial refunds each,
//   a few failing, then a dispute opened and closed), or the same count over many payments;
// - realistic: subscriptions with renewals (invoices), some refunded, a few disputed,
//   over many customers.
import { createSubscription, renewSubscription } from '../../test/servers/stripe/billing';
import { closeDispute, createCustomer, createPayment, failRefund, openDispute, refundCharge } from '../../test/servers/stripe/objects';
import type { Obj, StripeAccount } from '../../test/servers/stripe/state';

function refund(acct: StripeAccount, charge: string, amount?: number): Obj {
  const r = refundCharge(acct, { charge, amount, reason: 'requested_by_customer' });
  if (!('object' in r)) throw new Error(`bench: refund refused: ${JSON.stringify(r.error)}`);
  return r;
}

/** Stripe events this run appended to the account's log. */
const logged = (acct: StripeAccount) => acct.events.items.length;

/**
 * About `count` refund and dispute events over `payments` payments of `customers`
 * customers: each payment is refunded a cent at a time (refund.created + charge.refunded),
 * every 25th refund fails afterwards (refund.updated + refund.failed), and every third
 * payment ends in a dispute opened and lost (created, updated, closed). Returns how many
 * events were appended, customers' own events excluded.
 */
export function pileEvents(acct: StripeAccount, o: { count: number; payments: number; customers?: number }): number {
  const owners: Obj[] = [];
  for (let i = 0; i < Math.min(o.customers ?? 50, o.payments); i++) {
    owners.push(createCustomer(acct, { email: `pile${i}@example.com`, metadata: { app_user_id: `pile_${i}` } }));
  }
  const start = logged(acct);
  const per = Math.max(2, Math.floor(o.count / o.payments));
  for (let p = 0; p < o.payments; p++) {
    const disputed = p % 3 === 0 && per >= 8;
    const refunds = Math.floor((per - (disputed ? 3 : 0)) / 2);
    const { charge } = createPayment(acct, { customer: owners[p % owners.length]!.id, amount: 100 * refunds + 1000, emit: false });
    for (let k = 0; k < refunds; k++) {
      const r = refund(acct, charge.id as string, 1);
      if (k % 25 === 24 && k + 1 < refunds) {
        failRefund(acct, r.id as string);
        k++; // the failure took the place of the next refund's two events
      }
    }
    if (disputed) closeDispute(acct, openDispute(acct, charge.id as string).id as string, 'lost');
  }
  return logged(acct) - start;
}

/**
 * About `count` events of a subscription business over `customers` customers: each
 * customer subscribes, renews a few times (an invoice each), one in ten refunds the
 * latest payment, one in forty disputes it. Returns how many events were appended.
 */
export function realisticEvents(acct: StripeAccount, o: { count: number; customers: number }): number {
  const start = logged(acct);
  // a customer's events: customer.created, the first invoice's 4, and 4 per renewal
  const renewals = Math.max(0, Math.round((o.count / o.customers - 5) / 4));
  let c = 0;
  while (logged(acct) - start < o.count) {
    const i = c++;
    const customer = createCustomer(acct, { email: `real${i}@example.com`, name: `Real ${i}`, metadata: { app_user_id: `real_${i}` } });
    const { subscription } = createSubscription(acct, { customer: customer.id as string, amount: 499 + (i % 4) * 500 });
    for (let k = 0; k < renewals; k++) renewSubscription(acct, subscription.id as string);
    const latest = acct.charges.items[acct.charges.items.length - 1]!;
    if (i % 10 === 3) refund(acct, latest.id as string, i % 20 === 3 ? 100 : undefined);
    else if (i % 40 === 7) closeDispute(acct, openDispute(acct, latest.id as string).id as string, i % 80 === 7 ? 'won' : 'lost');
  }
  return logged(acct) - start;
}
