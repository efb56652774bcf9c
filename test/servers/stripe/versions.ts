// Events are rendered in the API version of their creation (Event object docs:
// `api_version` is "the Stripe API version used to render data"), i.e. the account's
// default version at that moment, whatever version the reader pins. Real accounts run on
// older defaults, so this server can render three shapes:
// - before 2024-10-28.acacia (changelog "Adds created, updated, and failed events for all
//   refund types"): refunds of a charge send no refund.created/updated/failed; a refund's
//   change is told by charge.refund.updated, a new refund only by charge.refunded;
// - before 2025-03-31.basil (changelog "Invoicing resources now specify how they were
//   generated", "Adds subscription item-level billing periods…", and the SDK v18 notes
//   "Remove support for invoice on Charge and PaymentIntent"): an invoice names
//   `subscription` at the top level (no `parent`), its `payment_intent` and `charge`;
//   a charge and a payment intent name their `invoice`; a subscription carries
//   `current_period_start/end` at the top level, not on its items;
// - every version: an invoice's `payments` is includable only (Invoice object docs:
//   "This field is not included by default"), and an event cannot expand, so invoices
//   inside events never carry `payments`.
import type { Obj, StripeAccount } from './state';

export const ACACIA = '2024-10-28.acacia';
export const BASIL = '2025-03-31.basil';
/** A real pre-acacia (and pre-basil) default: 2024-06-20. */
export const OLD_VERSION = '2024-06-20';
/** Between acacia and basil. */
export const ACACIA_VERSION = '2024-12-18.acacia';

const before = (version: string, boundary: string): boolean => version.slice(0, 10) < boundary.slice(0, 10);

/** The event type sent in `version` for `type`, or null when that version sends none. */
export function eventTypeIn(version: string, type: string, object: Obj): string | null {
  if (!before(version, ACACIA) || !type.startsWith('refund.') || !object.charge) return type;
  return type === 'refund.updated' ? 'charge.refund.updated' : null;
}

/** `object` (a snapshot) as `version` renders it inside an event. */
export function renderIn(acct: StripeAccount, version: string, object: Obj): Obj {
  const o: Obj = structuredClone(object);
  const old = before(version, BASIL);
  if (o.object === 'invoice') {
    const payments = (o.payments as { data: { payment: { payment_intent?: string } }[] } | undefined)?.data ?? [];
    delete o.payments;
    if (old) {
      const parent = o.parent as { subscription_details?: { subscription: string; metadata?: unknown } } | null;
      delete o.parent;
      o.subscription = parent?.subscription_details?.subscription ?? null;
      o.subscription_details = { metadata: parent?.subscription_details?.metadata ?? {} };
      const pi = payments[0]?.payment.payment_intent ?? null;
      o.payment_intent = pi;
      o.charge = pi ? ((acct.paymentIntents.get(pi)?.latest_charge as string | undefined) ?? null) : null;
    }
  }
  if (old && (o.object === 'charge' || o.object === 'payment_intent')) {
    const pi = o.object === 'charge' ? (o.payment_intent as string | null) : o.id;
    o.invoice = pi ? (acct.invoiceOfPayment.get(pi) ?? null) : null;
  }
  if (old && o.object === 'subscription') {
    const items = (o.items as { data: Record<string, unknown>[] }).data;
    o.current_period_start = items[0]?.current_period_start ?? null;
    o.current_period_end = items[0]?.current_period_end ?? null;
    for (const it of items) {
      delete it.current_period_start;
      delete it.current_period_end;
    }
  }
  return o;
}
