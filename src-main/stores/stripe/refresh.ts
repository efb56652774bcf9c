// One customer's Stripe history on demand, from whatever the agent has: cus_, pi_, ch_,
// sub_ or an email. Writes no cursor: it does not move the account's sync forward.
import type { SyncContext } from '../adapter';
import type { IngestBatch } from '../types';
import { BatchBuilder, chargeEvents, disputeEvents, invoiceEvents, refundEvents, subscriptionEvents } from './map';
import type { z } from 'zod';
import type { ListResource } from './api';
import { chargeSchema, customerSchema, disputeSchema, invoiceSchema, paymentIntentSchema, paymentOfInvoice, subscriptionOfInvoice, subscriptionSchema } from './shapes';
import { mapContext, type SyncDeps } from './sync';

async function customerIds(d: SyncDeps, ids: { kind: string; value: string }[]): Promise<string[]> {
  const out = new Set<string>();
  for (const { value } of ids) {
    const v = value.trim();
    if (v.startsWith('cus_')) out.add(v);
    else if (v.startsWith('ch_') || v.startsWith('py_')) {
      const c = (await d.reader.charge(v))?.customer;
      if (c) out.add(c);
    } else if (v.startsWith('pi_')) {
      const pi = await d.reader.call('payment intent', paymentIntentSchema, (o) => d.reader.stripe.paymentIntents.retrieve(v, {}, o));
      if (pi.customer) out.add(pi.customer);
    } else if (v.startsWith('sub_')) {
      const s = await d.reader.subscription(v);
      if (s) out.add(s.customer);
    } else if (v.includes('@')) {
      const page = await d.reader.list('customers', { email: v, limit: 100 }, customerSchema);
      for (const c of page.data) out.add(c.id);
    }
  }
  return [...out];
}

async function all<S extends z.ZodType<{ id: string }>>(d: SyncDeps, resource: ListResource, params: Record<string, unknown>, item: S): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await d.reader.list(resource, { ...params, limit: 100, ...(after ? { starting_after: after } : {}) }, item);
    out.push(...page.data);
    if (!page.has_more || page.data.length === 0) return out;
    after = page.data[page.data.length - 1]!.id;
  }
}

export async function* stripeRefresh(d: SyncDeps, ids: { kind: string; value: string }[], ctx: SyncContext): AsyncGenerator<IngestBatch> {
  const mc = mapContext(d);
  for (const cus of await customerIds(d, ids)) {
    ctx.signal.throwIfAborted();
    d.reader.customers.delete(cus); // on demand means now: not the copy kept across runs
    await d.reader.customer(cus);
    const b = new BatchBuilder();
    const subs = await all(d, 'subscriptions', { customer: cus, status: 'all' }, subscriptionSchema);
    for (const s of subs) {
      d.reader.subscriptions.set(s.id, s);
      subscriptionEvents(mc, s, b);
    }
    const invoices = await all(d, 'invoices', { customer: cus, expand: ['data.payments'] }, invoiceSchema);
    for (const inv of invoices) {
      d.reader.learnInvoice(inv, subscriptionOfInvoice(inv), paymentOfInvoice(inv));
      invoiceEvents(mc, inv, b);
    }
    const charges = await all(d, 'charges', { customer: cus, expand: ['data.refunds'] }, chargeSchema);
    await d.reader.completeRefunds(charges);
    for (const ch of charges) {
      d.reader.charges.set(ch.id, ch);
      if (!mc.subscriptionOfPayment(ch.payment_intent ?? ch.id)) chargeEvents(mc, ch, b);
      for (const r of ch.refunds?.data ?? []) refundEvents(mc, r, ch, 'stripe_backfill', b);
      if (ch.disputed) {
        for (const dp of await all(d, 'disputes', { charge: ch.id }, disputeSchema)) disputeEvents(mc, dp, null, 'stripe_backfill', b);
      }
    }
    ctx.progress({ phase: `refresh: ${cus}`, fetched: b.events.length });
    yield { purchases: [...b.purchases.values()], events: b.events };
  }
}
