// Subscriptions and invoices. Since API version 2025-03-31 an invoice names its
// subscription under `parent.subscription_details` and its payments under `payments`
// (invoice_payment objects), and the billing period lives on subscription items.
import { createPayment } from './objects';
import { emitEvent, newId, nowSec, type Obj, type StripeAccount } from './state';

const MONTH = 30 * 86400;

export function createSubscription(
  acct: StripeAccount,
  o: { customer: string; amount: number; currency?: string; product?: string },
): { subscription: Obj; invoice: Obj } {
  const now = nowSec(acct);
  const currency = o.currency ?? 'usd';
  const sub = acct.subscriptions.add({
    id: newId(acct, 'sub'),
    object: 'subscription',
    billing_cycle_anchor: now,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created: now,
    currency,
    customer: o.customer,
    ended_at: null,
    items: {
      object: 'list',
      data: [
        {
          id: newId(acct, 'si'),
          object: 'subscription_item',
          current_period_start: now,
          current_period_end: now + MONTH,
          price: {
            id: newId(acct, 'price'),
            object: 'price',
            currency,
            product: o.product ?? 'prod_RefundDeskPro',
            recurring: { interval: 'month', interval_count: 1 },
            unit_amount: o.amount,
          },
          quantity: 1,
        },
      ],
      has_more: false,
      url: '/v1/subscription_items',
    },
    latest_invoice: null,
    livemode: false,
    metadata: {},
    start_date: now,
    status: 'active',
  });
  // Stripe creates the first invoice with the subscription: the subscription.created
  // event's object already names it in latest_invoice.
  const invoice = payInvoice(acct, sub, 'subscription_create');
  emitEvent(acct, 'customer.subscription.created', sub);
  return { subscription: sub, invoice };
}

function item(sub: Obj): Record<string, unknown> {
  return (sub.items as { data: Record<string, unknown>[] }).data[0]!;
}
function price(sub: Obj): { unit_amount: number; currency: string } {
  return item(sub).price as { unit_amount: number; currency: string };
}

function baseInvoice(acct: StripeAccount, sub: Obj, reason: string): Obj {
  const it = item(sub);
  return {
    id: newId(acct, 'in'),
    object: 'invoice',
    amount_due: price(sub).unit_amount,
    amount_paid: 0,
    amount_remaining: price(sub).unit_amount,
    attempt_count: 1,
    billing_reason: reason,
    created: nowSec(acct),
    currency: price(sub).currency,
    customer: sub.customer,
    livemode: false,
    metadata: {},
    number: null,
    parent: { type: 'subscription_details', subscription_details: { subscription: sub.id, metadata: {} } },
    payments: { object: 'list', data: [], has_more: false, url: '/v1/invoice_payments' },
    period_start: it.current_period_start,
    period_end: it.current_period_end,
    status: 'open',
    status_transitions: { paid_at: null, finalized_at: nowSec(acct) },
    total: price(sub).unit_amount,
  };
}

/** A paid invoice of the subscription: its own PaymentIntent and Charge, then invoice.paid. */
export function payInvoice(acct: StripeAccount, sub: Obj, reason = 'subscription_cycle'): Obj {
  const inv = acct.invoices.add(baseInvoice(acct, sub, reason));
  const { paymentIntent } = createPayment(acct, {
    customer: sub.customer as string,
    amount: price(sub).unit_amount,
    currency: price(sub).currency,
    description: reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
    invoice: inv.id,
  });
  inv.amount_paid = inv.amount_due;
  inv.amount_remaining = 0;
  inv.status = 'paid';
  inv.status_transitions = { paid_at: nowSec(acct), finalized_at: inv.created };
  (inv.payments as { data: unknown[] }).data.push({
    id: newId(acct, 'inpay'),
    object: 'invoice_payment',
    amount_paid: inv.amount_paid,
    amount_requested: inv.amount_due,
    created: nowSec(acct),
    livemode: false,
    currency: inv.currency,
    invoice: inv.id,
    is_default: true,
    payment: { type: 'payment_intent', payment_intent: paymentIntent.id },
    status: 'paid',
  });
  sub.latest_invoice = inv.id;
  emitEvent(acct, 'invoice.paid', inv);
  return inv;
}

/** A renewal: the period moves on and a new invoice is paid. */
export function renewSubscription(acct: StripeAccount, subId: string): Obj {
  const sub = acct.subscriptions.get(subId)!;
  const it = item(sub);
  const previous = { items: structuredClone(sub.items) };
  it.current_period_start = it.current_period_end;
  it.current_period_end = (it.current_period_end as number) + MONTH;
  emitEvent(acct, 'customer.subscription.updated', sub, previous);
  return payInvoice(acct, sub);
}

export function failInvoice(acct: StripeAccount, subId: string): Obj {
  const sub = acct.subscriptions.get(subId)!;
  const inv = acct.invoices.add(baseInvoice(acct, sub, 'subscription_cycle'));
  inv.attempt_count = 1;
  sub.status = 'past_due';
  emitEvent(acct, 'invoice.payment_failed', inv);
  emitEvent(acct, 'customer.subscription.updated', sub, { status: 'active' });
  return inv;
}

/** Cancel now (DELETE /v1/subscriptions/:id) or at the period end (cancel_at_period_end). */
export function cancelSubscription(acct: StripeAccount, subId: string, atPeriodEnd = false): Obj {
  const sub = acct.subscriptions.get(subId)!;
  const now = nowSec(acct);
  if (atPeriodEnd) {
    sub.cancel_at_period_end = true;
    sub.cancel_at = item(sub).current_period_end;
    sub.canceled_at = now;
    emitEvent(acct, 'customer.subscription.updated', sub, { cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    return sub;
  }
  const previousStatus = sub.status;
  sub.status = 'canceled';
  sub.canceled_at = now;
  sub.ended_at = now;
  sub.cancellation_details = { comment: null, feedback: null, reason: 'cancellation_requested' };
  emitEvent(acct, 'customer.subscription.deleted', sub, { status: previousStatus });
  return sub;
}

export const subscriptionOf = (inv: Obj): string | null =>
  ((inv.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details?.subscription as string) ?? null;
