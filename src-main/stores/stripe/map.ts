// Stripe objects → normalized purchases and timeline events. Dedupe keys name the Stripe
// object and what happened to it, never how it was found, so a refund seen by the
// backfill and again through the Events API is stored once.
import type { Environment } from '../../ipc/vocabulary';
import type { PaymentFact } from '../../domain/ledger';
import type { CustomerHint, EventInput, PurchaseInput } from '../types';
import {
  paymentOfInvoice,
  subscriptionOfInvoice,
  type SCharge,
  type SCustomer,
  type SInvoice,
  type SSubscription,
} from './shapes';

export const ms = (sec: number): number => sec * 1000;
export const cur = (c: string): string => c.toUpperCase();

/** Collects one batch; purchases are keyed so each appears once per batch. */
export class BatchBuilder {
  readonly purchases = new Map<string, PurchaseInput>();
  readonly events: EventInput[] = [];
  private readonly keys = new Set<string>();
  purchase(p: PurchaseInput): void {
    const prev = this.purchases.get(p.storeKey);
    this.purchases.set(p.storeKey, prev ? { ...prev, ...p, ids: { ...prev.ids, ...p.ids } } : p);
  }
  /** A fact whose status moved on within the batch is kept: the ledger needs each status it passed. */
  event(e: EventInput): void {
    const status = e.ledger && e.ledger.kind !== 'payment' ? `|${e.ledger.status}` : '';
    if (this.keys.has(e.dedupeKey + status)) return;
    this.keys.add(e.dedupeKey + status);
    this.events.push(e);
  }
  get size(): number {
    return this.events.length + this.purchases.size;
  }
}

export interface MapContext {
  environment: Environment;
  metadataKey: string;
  customer(id: string | null): SCustomer | null;
  /** When the customer above was said (an event's time); null: read from the API now. */
  customerAt?(id: string): number | null;
  /** Subscription paid by this payment intent / charge, when its invoice has been seen. */
  subscriptionOfPayment(ref: string): string | null;
  subscription(id: string): SSubscription | null;
  /** When a fact read now (backfill, refresh) is observed; events use their own time. */
  now(): number;
}

export function customerHint(ctx: MapContext, customerId: string | null, fallbackEmail?: string | null): CustomerHint {
  const c = ctx.customer(customerId);
  const email = c?.email ?? fallbackEmail ?? null;
  const appUserId = c?.metadata?.[ctx.metadataKey] || null;
  const ids: CustomerHint['ids'] = [];
  if (customerId) ids.push({ kind: 'stripe_customer', value: customerId });
  if (appUserId) ids.push({ kind: 'app_user_id', value: appUserId });
  // dated, so the cache keeps the newest email and name whatever order facts arrive in
  const asOf = (customerId ? ctx.customerAt?.(customerId) : null) ?? ctx.now();
  return { appUserId, email, displayName: c?.name ?? null, ids, asOf };
}

/** The purchase a charge belongs to: its subscription when known, else its payment intent (or the charge). */
export function chargePurchaseKey(ctx: MapContext, ch: Pick<SCharge, 'id' | 'payment_intent'>): string {
  return (ch.payment_intent && ctx.subscriptionOfPayment(ch.payment_intent)) || ctx.subscriptionOfPayment(ch.id) || ch.payment_intent || ch.id;
}

export function chargePurchase(ctx: MapContext, ch: SCharge): PurchaseInput | null {
  const key = chargePurchaseKey(ctx, ch);
  if (key.startsWith('sub_')) return null; // the subscription's own purchase carries it
  return {
    store: 'stripe',
    storeKey: key,
    productId: ch.description || 'payment',
    kind: 'one_time',
    environment: ctx.environment,
    purchasedAt: ms(ch.created),
    priceMinor: ch.amount,
    currency: cur(ch.currency),
    ids: { stripe_charge: ch.id, ...(ch.payment_intent ? { stripe_payment_intent: ch.payment_intent } : {}) },
    customer: customerHint(ctx, ch.customer ?? null, ch.receipt_email ?? ch.billing_details?.email ?? null),
  };
}

export function chargeEvents(ctx: MapContext, ch: SCharge, b: BatchBuilder): void {
  const p = chargePurchase(ctx, ch);
  if (!p) return;
  b.purchase(p);
  b.event({
    store: 'stripe',
    purchaseKey: p.storeKey,
    type: 'purchase',
    occurredAt: ms(ch.created),
    source: 'store_api',
    dedupeKey: `stripe:charge:${ch.id}:paid`,
    amountMinor: ch.amount,
    currency: cur(ch.currency),
    orderId: ch.payment_intent ?? ch.id,
    detail: { storeRef: ch.id, summary: ch.description ?? null },
    ledger: paymentFact(ctx, { paymentKey: ch.payment_intent ?? ch.id, purchaseKey: p.storeKey, amountMinor: ch.amount, currency: ch.currency, paidAt: ms(ch.created), refs: { stripe_charge: ch.id } }),
  });
}

/** A payment as the ledger keys it: the PaymentIntent (the charge only when there is none). */
function paymentFact(
  ctx: MapContext,
  o: { paymentKey: string; purchaseKey: string; amountMinor: number; currency: string; paidAt: number; periodStart?: number; periodEnd?: number; refs: Record<string, string> },
): PaymentFact {
  return { kind: 'payment', store: 'stripe', status: 'paid', source: 'store_api', observedAt: ctx.now(), ...o, currency: cur(o.currency) };
}

export function subscriptionPurchase(ctx: MapContext, s: SSubscription): PurchaseInput {
  const item = s.items.data[0];
  return {
    store: 'stripe',
    storeKey: s.id,
    productId: item?.price.product ?? 'subscription',
    kind: 'subscription',
    environment: ctx.environment,
    purchasedAt: ms(s.start_date ?? s.created),
    priceMinor: item?.price.unit_amount ?? null,
    currency: cur(item?.price.currency ?? s.currency),
    expiresAt: item?.current_period_end ? ms(item.current_period_end) : null,
    autoRenew: s.status !== 'canceled' && !s.cancel_at_period_end,
    ids: { stripe_subscription: s.id },
    customer: customerHint(ctx, s.customer),
  };
}

/** What a subscription's state says happened: created, cancelled (now or at period end), ended. */
export function subscriptionEvents(ctx: MapContext, s: SSubscription, b: BatchBuilder): void {
  const p = subscriptionPurchase(ctx, s);
  b.purchase(p);
  const base = { store: 'stripe' as const, purchaseKey: s.id, source: 'store_api' as const };
  // A subscription with an invoice gets its purchase event from the first invoice
  // (invoiceEvents), which names the payment: the console can refund only a payment it knows.
  if (!s.latest_invoice) {
    b.event({
      ...base,
      type: 'purchase',
      occurredAt: ms(s.start_date ?? s.created),
      dedupeKey: `stripe:subscription:${s.id}:created`,
      amountMinor: p.priceMinor ?? null,
      currency: p.currency ?? null,
      detail: { storeRef: s.id, ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}) },
    });
  }
  if (s.canceled_at && (s.cancel_at_period_end || s.status === 'canceled')) {
    b.event({
      ...base,
      type: 'cancellation',
      occurredAt: ms(s.canceled_at),
      dedupeKey: `stripe:subscription:${s.id}:cancel:${s.canceled_at}`,
      detail: { storeRef: s.id, summary: s.status === 'canceled' ? 'Cancelled now' : 'Cancelled at the end of the period' },
    });
  }
  if (s.status === 'canceled' && s.ended_at) {
    b.event({
      ...base,
      type: 'expiration',
      occurredAt: ms(s.ended_at),
      dedupeKey: `stripe:subscription:${s.id}:ended`,
      detail: { storeRef: s.id, revokesAccess: true },
    });
  }
}

/** A paid renewal invoice → renewal with its amount; a failed payment → billing issue. */
export function invoiceEvents(ctx: MapContext, inv: SInvoice, b: BatchBuilder): void {
  const sub = subscriptionOfInvoice(inv);
  if (!sub) return;
  const payment = paymentOfInvoice(inv);
  const base = { store: 'stripe' as const, purchaseKey: sub, source: 'store_api' as const, currency: cur(inv.currency) };
  // Never keyed by the invoice: a payment unknown here gets no ledger row (events.ts resolves it first).
  const fact = payment
    ? paymentFact(ctx, {
        paymentKey: payment,
        purchaseKey: sub,
        amountMinor: inv.amount_paid,
        currency: inv.currency,
        paidAt: ms(inv.status_transitions.paid_at ?? inv.created),
        periodEnd: ms(inv.period_end),
        refs: { stripe_invoice: inv.id },
      })
    : null;
  if (inv.status === 'paid') {
    if (inv.billing_reason === 'subscription_create') {
      // Same key as a subscription seen without its invoice: the purchase is stored once.
      b.event({
        ...base,
        type: 'purchase',
        occurredAt: ms(inv.status_transitions.paid_at ?? inv.created),
        dedupeKey: `stripe:subscription:${sub}:created`,
        amountMinor: inv.amount_paid,
        orderId: payment ?? inv.id,
        detail: { storeRef: sub, invoice: inv.id, expiresAt: ms(inv.period_end) },
        ...(fact ? { ledger: fact } : {}),
      });
      return;
    }
    b.event({
      ...base,
      type: 'renewal',
      occurredAt: ms(inv.status_transitions.paid_at ?? inv.created),
      dedupeKey: `stripe:invoice:${inv.id}:paid`,
      amountMinor: inv.amount_paid,
      orderId: payment ?? inv.id,
      detail: { storeRef: inv.id, expiresAt: ms(inv.period_end) },
      ...(fact ? { ledger: fact } : {}),
    });
  } else if (inv.status === 'open' && inv.attempt_count > 0) {
    b.event({
      ...base,
      type: 'billing_issue',
      occurredAt: ms(inv.created),
      dedupeKey: `stripe:invoice:${inv.id}:payment_failed:${inv.attempt_count}`,
      amountMinor: inv.amount_due,
      orderId: inv.id,
      detail: { storeRef: inv.id, summary: 'The renewal payment failed; Stripe retries it' },
    });
  }
}

export { paymentOfInvoice, subscriptionOfInvoice };
export { disputeEvents, refundEvents } from './money';
