// Before a page of events is mapped, every payment it names is tied to its subscription,
// so a subscription's payments, refunds and disputes never become one-time purchases of
// their own (issue 14). The links come from the invoices: from the event's invoice once
// its payment is read (events carry invoices without `payments`), from a pre-basil
// charge's `invoice`, or by asking the Invoice Payments API about the payment.
import type { StripeReader } from './api';
import { type BatchBuilder, chargePurchase, subscriptionPurchase, type MapContext } from './map';
import { chargeSchema, invoiceSchema, paymentOfInvoice, subscriptionOfInvoice, subscriptionSchema, type SEvent, type SInvoice } from './shapes';

const REREAD_PAGES = 5;

/**
 * The page's paid invoices read again with `payments` expanded, in one list call by
 * creation time (a page of events spans seconds), instead of one lookup per invoice.
 * Whatever this does not cover is looked up one by one after.
 */
async function rereadInvoices(reader: StripeReader, events: SEvent[]): Promise<void> {
  const wanted = events
    .map((e) => e.data.object)
    .filter((inv): inv is SInvoice & { object: 'invoice' } => inv.object === 'invoice' && inv.status === 'paid' && !paymentOfInvoice(inv) && !reader.invoicePayment.has(inv.id));
  if (wanted.length < 2) return;
  const created = { gte: Math.min(...wanted.map((i) => i.created)), lte: Math.max(...wanted.map((i) => i.created)) };
  let after: string | undefined;
  for (let page = 0; page < REREAD_PAGES; page++) {
    const list = await reader.list('invoices', { created, limit: 100, expand: ['data.payments'], ...(after ? { starting_after: after } : {}) }, invoiceSchema);
    for (const inv of list.data) reader.learnInvoice(inv, subscriptionOfInvoice(inv), paymentOfInvoice(inv));
    if (!list.has_more || list.data.length === 0 || wanted.every((w) => reader.invoicePayment.has(w.id))) return;
    after = list.data[list.data.length - 1]!.id;
  }
}

/** Returns the subscriptions this page's payments belong to. */
export async function resolvePayments(reader: StripeReader, events: SEvent[]): Promise<Set<string>> {
  const subs = new Set<string>();
  await rereadInvoices(reader, events);
  for (const e of events) {
    const inv = e.data.object;
    if (inv.object !== 'invoice') continue;
    if (!paymentOfInvoice(inv) && inv.status === 'paid') {
      const known = reader.invoicePayment.get(inv.id);
      const payments = known
        ? [{ payment: known.startsWith('pi_') ? { type: 'payment_intent', payment_intent: known } : { type: 'charge', charge: known } }]
        : await reader.paymentsOfInvoice(inv.id);
      if (payments.length) inv.payments = { data: payments };
    }
    const sub = subscriptionOfInvoice(inv);
    reader.learnInvoice(inv, sub, paymentOfInvoice(inv));
    if (sub) subs.add(sub);
  }
  for (const e of events) {
    const o = e.data.object;
    if (o.object !== 'charge' && o.object !== 'refund' && o.object !== 'dispute') continue;
    const pi = o.payment_intent ?? null;
    const ref = o.object === 'charge' ? (pi ?? o.id) : pi;
    if (!ref) continue;
    if (o.object === 'charge' && o.invoice && !reader.paymentToSubscription.has(ref)) {
      const inv = await reader.invoice(o.invoice);
      if (inv) reader.learnInvoice(inv, subscriptionOfInvoice(inv), ref);
    }
    const sub = pi ? await reader.subscriptionOfPayment(pi) : (reader.paymentToSubscription.get(ref) ?? null);
    if (sub) subs.add(sub);
  }
  return subs;
}

/**
 * customer.updated: the customer's email, name or app user ID changed. Purchases carry
 * the customer, so the customer's purchases are stated again with the new details (the
 * first page of each list: a customer with more than 100 payments is rare, and the next
 * refresh of that customer reads all).
 */
export async function customerUpdated(reader: StripeReader, ctx: MapContext, e: SEvent, b: BatchBuilder): Promise<void> {
  const prev = e.data.previous_attributes ?? {};
  if (!('email' in prev) && !('metadata' in prev) && !('name' in prev)) return;
  const id = e.data.object.id;
  const subs = await reader.list('subscriptions', { customer: id, status: 'all', limit: 100 }, subscriptionSchema);
  for (const s of subs.data) b.purchase(subscriptionPurchase(ctx, s));
  const charges = await reader.list('charges', { customer: id, limit: 100 }, chargeSchema);
  for (const ch of charges.data) {
    if (ch.payment_intent) await reader.subscriptionOfPayment(ch.payment_intent);
    const p = chargePurchase(ctx, ch);
    if (p) b.purchase(p);
  }
}
