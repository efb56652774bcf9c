// Step one of "refund and revoke access": cancel the subscription now. A DELETE carries
// no idempotency key (Stripe's docs: keys have no effect on DELETE), and the SDK re-sends
// a request whose connection closed, so a lost answer comes back as Stripe's refusal to
// cancel a cancelled subscription. Whatever the answer, when it is not a plain success
// the subscription is read again and its status decides (issue 14).
import type Stripe from 'stripe';
import type { StoreRefundOutcome } from '../adapter';
import { outcomeOfError } from './outcomes';
import { subscriptionSchema, wire, type SSubscription } from './shapes';

export type CancelResult = { status: 'cancelled'; steps: string[] } | { status: 'not_cancelled'; outcome: StoreRefundOutcome };

export async function readSubscription(stripe: Stripe, subId: string): Promise<SSubscription> {
  return wire(subscriptionSchema, await stripe.subscriptions.retrieve(subId), 'subscription');
}

export async function cancelNow(stripe: Stripe, subId: string): Promise<CancelResult> {
  const notCancelled = (err: unknown): CancelResult => {
    const out = outcomeOfError(err, [`Subscription ${subId} not cancelled`, 'No refund was attempted']);
    return { status: 'not_cancelled', outcome: out.status === 'unknown' ? { ...out, message: `${out.message} Check the subscription in Stripe, then try again.` } : out };
  };
  try {
    if ((await readSubscription(stripe, subId)).status === 'canceled') return { status: 'cancelled', steps: [`Subscription ${subId} was already cancelled`] };
  } catch (err) {
    return notCancelled(err);
  }
  try {
    await stripe.subscriptions.cancel(subId);
    return { status: 'cancelled', steps: [`Subscription ${subId} cancelled now: access ended, no more renewals`] };
  } catch (err) {
    try {
      if ((await readSubscription(stripe, subId)).status === 'canceled') {
        return { status: 'cancelled', steps: [`Subscription ${subId} cancelled now: access ended, no more renewals (Stripe's answer was lost; reading the subscription again shows it cancelled)`] };
      }
    } catch {
      // The read failed too: the first error says what is known.
    }
    return notCancelled(err);
  }
}
