// One page of Stripe Events → one batch. Each event is first brought to the pinned shape
// (versions.ts: events are rendered in the API version of their creation), then every
// payment the page names is tied to its subscription (resolve.ts), so nothing below
// depends on the account's API version or on which event told a payment first.
// Refunds made anywhere (API, Dashboard) reach us as refund.* (since acacia) and
// charge.refunded; a charge.refunded whose amount is not explained by the refunds
// already seen has its refunds listed. A new one-off payment reaches us as
// charge.succeeded; a subscription's own payments do too, and must not become one-off
// purchases, so those charges are decided at the end of the page (see oneOffCharges).
import type { StripeReader } from './api';
import {
  BatchBuilder,
  chargeEvents,
  chargePurchase,
  disputeEvents,
  invoiceEvents,
  ms,
  refundEvents,
  subscriptionEvents,
  subscriptionPurchase,
  type MapContext,
} from './map';
import { customerUpdated, resolvePayments } from './resolve';
import { subscriptionOfInvoice, wireEvent, type RawEvent, type SCharge, type SEvent, type SRefund } from './shapes';
import { normaliseEvent } from './versions';

export const EVENT_TYPES = [
  'charge.succeeded',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
  // Before API 2024-10-28 a card refund's change is told only by this one (versions.ts).
  'charge.refund.updated',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.updated',
  'customer.deleted',
] as const;

/** Refund amounts seen per charge in this run, to tell whether a charge.refunded is explained. */
export type RefundLedger = Map<string, Map<string, number>>;

export async function eventsToBatch(
  reader: StripeReader,
  ctx: MapContext,
  page: RawEvent[],
  ledger: RefundLedger,
): Promise<BatchBuilder> {
  const b = new BatchBuilder();
  // Each object brought to the pinned shape, then checked (shapes.ts); other objects are not read.
  const events = page.map((e) => wireEvent(normaliseEvent(e))).filter((e): e is SEvent => e !== null);
  // Pass 1: objects the events carry, so pass 2 fetches only what is missing.
  for (const e of events) {
    const o = e.data.object;
    if (o.object === 'charge') reader.charges.set(o.id, o);
    if (o.object === 'subscription') reader.subscriptions.set(o.id, o);
    // an event's customer is the customer as of the event; an older event never overwrites a newer one
    if (o.object === 'customer' && (reader.customerAt.get(o.id) ?? -Infinity) <= e.created * 1000) {
      reader.customers.set(o.id, e.type === 'customer.deleted' ? null : o);
      reader.customerAt.set(o.id, e.created * 1000);
    }
  }
  const subIds = await resolvePayments(reader, events);
  const chargeIds = new Set<string>();
  for (const e of events) {
    const o = e.data.object;
    if ((o.object === 'refund' || o.object === 'dispute') && o.charge) chargeIds.add(o.charge);
    if (o.object === 'invoice') {
      const sub = subscriptionOfInvoice(o);
      if (sub) subIds.add(sub);
    }
  }
  for (const id of chargeIds) await reader.charge(id);
  for (const id of subIds) if (!reader.subscriptions.has(id)) await reader.subscription(id);
  const customers = new Set<string>();
  for (const id of chargeIds) {
    const c = reader.charges.get(id)?.customer;
    if (c) customers.add(c);
  }
  for (const id of subIds) {
    const c = reader.subscriptions.get(id)?.customer;
    if (c) customers.add(c);
  }
  for (const e of events) {
    const o = e.data.object;
    if ((o.object === 'charge' || o.object === 'subscription' || o.object === 'invoice') && o.customer) customers.add(o.customer);
  }
  for (const id of customers) await reader.customer(id);

  // Pass 2, in the order things happened.
  const succeeded: SCharge[] = [];
  for (const e of events) {
    const at = ms(e.created);
    const obj = e.data.object;
    // The event's type names its object (Stripe's types of events); `object` is what narrows it here.
    if (e.type === 'charge.succeeded' && obj.object === 'charge') {
      succeeded.push(obj);
    } else if (e.type.startsWith('refund.') && obj.object === 'refund') {
      const r = obj;
      const ch = r.charge ? (reader.charges.get(r.charge) ?? null) : null;
      addCharge(ctx, ch, b);
      note(ledger, r);
      refundEvents(ctx, r, ch, 'stripe_events', b, at);
    } else if (e.type === 'charge.refunded' && obj.object === 'charge') {
      const ch = obj;
      addCharge(ctx, ch, b);
      const embedded = ch.refunds && !ch.refunds.has_more ? ch.refunds.data : null;
      const known = [...(ledger.get(ch.id)?.values() ?? [])].reduce((s, a) => s + a, 0);
      const refunds = embedded ?? (known >= ch.amount_refunded ? [] : await reader.refundsOf(ch.id));
      for (const r of refunds) {
        note(ledger, r);
        refundEvents(ctx, r, ch, 'stripe_events', b, at);
      }
    } else if (e.type.startsWith('charge.dispute.') && obj.object === 'dispute') {
      const d = obj;
      addCharge(ctx, reader.charges.get(d.charge) ?? null, b);
      disputeEvents(ctx, d, at, 'stripe_events', b);
    } else if (e.type.startsWith('customer.subscription.') && obj.object === 'subscription') {
      const s = obj;
      subscriptionEvents(ctx, s, b);
      const prev = e.data.previous_attributes ?? {};
      if (prev.cancel_at_period_end === true && !s.cancel_at_period_end && s.status !== 'canceled') {
        b.event({
          store: 'stripe',
          purchaseKey: s.id,
          type: 'renewal_enabled',
          occurredAt: at,
          source: 'store_api',
          dedupeKey: `stripe:subscription:${s.id}:renewal_enabled:${e.id}`,
          detail: { storeRef: s.id },
        });
      }
    } else if (e.type === 'customer.updated') {
      await customerUpdated(reader, ctx, e, b);
    } else if (e.type.startsWith('invoice.') && obj.object === 'invoice') {
      const inv = obj;
      const sub = subscriptionOfInvoice(inv);
      const s = sub ? reader.subscriptions.get(sub) : undefined;
      if (!s) continue;
      b.purchase(subscriptionPurchase(ctx, s));
      invoiceEvents(ctx, inv, b);
    }
  }
  await oneOffCharges(reader, ctx, succeeded, b);
  return b;
}

/**
 * Purchases for charges that paid no subscription. Decided after the whole page, when
 * every invoice.paid of the page has taught payment → subscription; a charge still
 * unexplained is checked against Stripe's invoice payments before it counts as one-off,
 * because its invoice.paid may be on the next page (or older than the cursor).
 */
async function oneOffCharges(reader: StripeReader, ctx: MapContext, charges: SCharge[], b: BatchBuilder): Promise<void> {
  for (const ch of charges) {
    if (ctx.subscriptionOfPayment(ch.payment_intent ?? ch.id)) continue;
    if (ch.payment_intent && (await reader.subscriptionOfPayment(ch.payment_intent))) continue;
    // Same key as the backfill's: a payment seen by both is stored once.
    chargeEvents(ctx, reader.charges.get(ch.id) ?? ch, b);
  }
}

function addCharge(ctx: MapContext, ch: SCharge | null, b: BatchBuilder): void {
  if (!ch) return;
  const p = chargePurchase(ctx, ch);
  if (p) b.purchase(p);
  else {
    const sub = ctx.subscriptionOfPayment(ch.payment_intent ?? ch.id);
    const s = sub ? ctx.subscription(sub) : null;
    if (s) b.purchase(subscriptionPurchase(ctx, s));
  }
}

function note(ledger: RefundLedger, r: SRefund): void {
  if (!r.charge) return;
  let m = ledger.get(r.charge);
  if (!m) ledger.set(r.charge, (m = new Map()));
  m.set(r.id, r.status === 'failed' || r.status === 'canceled' ? 0 : r.amount);
}
