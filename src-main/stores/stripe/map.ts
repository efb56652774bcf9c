// Stripe objects → normalized purchases and timeline events. Dedupe keys name the Stripe
// object and what happened to it, never how it was found, so a refund seen by the
// backfill and again through the Events API is stored once.
import type { DetectedVia, Environment } from '../../ipc/vocabulary';
import type { CustomerHint, EventInput, PurchaseInput } from '../types';
import {
  paymentOfInvoice,
  subscriptionOfInvoice,
  type SCharge,
  type SCustomer,
  type SDispute,
  type SInvoice,
  type SRefund,
  type SSubscription,
} from './shapes';

export const ms = (sec: number): number => sec * 1000;
const cur = (c: string): string => c.toUpperCase();

const REFUND_REASONS: Record<string, string> = {
  duplicate: 'duplicate',
  fraudulent: 'fraudulent',
  requested_by_customer: 'requested by customer',
  expired_uncaptured_charge: 'uncaptured charge expired',
};
const FAILURE_REASONS: Record<string, string> = {
  expired_or_canceled_card: 'the card was closed or expired',
  lost_or_stolen_card: 'the card was reported lost or stolen',
  declined: 'the card issuer declined the refund',
  unknown: 'Stripe does not know why',
};

/** Collects one batch; purchases are keyed so each appears once per batch. */
export class BatchBuilder {
  readonly purchases = new Map<string, PurchaseInput>();
  readonly events: EventInput[] = [];
  private readonly keys = new Set<string>();
  purchase(p: PurchaseInput): void {
    const prev = this.purchases.get(p.storeKey);
    this.purchases.set(p.storeKey, prev ? { ...prev, ...p, ids: { ...prev.ids, ...p.ids } } : p);
  }
  event(e: EventInput): void {
    if (this.keys.has(e.dedupeKey)) return;
    this.keys.add(e.dedupeKey);
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
  /** Subscription paid by this payment intent / charge, when its invoice has been seen. */
  subscriptionOfPayment(ref: string): string | null;
  subscription(id: string): SSubscription | null;
}

export function customerHint(ctx: MapContext, customerId: string | null, fallbackEmail?: string | null): CustomerHint {
  const c = ctx.customer(customerId);
  const email = c?.email ?? fallbackEmail ?? null;
  const appUserId = c?.metadata?.[ctx.metadataKey] || null;
  const ids: CustomerHint['ids'] = [];
  if (customerId) ids.push({ kind: 'stripe_customer', value: customerId });
  if (appUserId) ids.push({ kind: 'app_user_id', value: appUserId });
  return { appUserId, email, displayName: c?.name ?? null, ids };
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
    customer: customerHint(ctx, ch.customer, ch.receipt_email ?? ch.billing_details?.email ?? null),
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
  });
}

/**
 * A refund, and its failure when a succeeded refund later failed (Stripe: status
 * `failed` with a `failure_reason`, e.g. a closed card) or was canceled.
 * `chargeAmount` decides partial vs full.
 */
export function refundEvents(
  ctx: MapContext,
  r: SRefund,
  ch: Pick<SCharge, 'id' | 'payment_intent' | 'amount'> | null,
  via: DetectedVia,
  b: BatchBuilder,
): void {
  const charge = ch ?? { id: r.charge ?? r.payment_intent ?? r.id, payment_intent: r.payment_intent, amount: null as unknown as number };
  const purchaseKey = chargePurchaseKey(ctx, charge);
  const base = {
    store: 'stripe' as const,
    purchaseKey,
    source: 'store_api' as const,
    amountMinor: r.amount,
    currency: cur(r.currency),
    orderId: r.payment_intent ?? r.charge,
  };
  const reason = r.reason ? (REFUND_REASONS[r.reason] ?? r.reason.replace(/_/g, ' ')) : null;
  const kind = charge.amount != null && r.amount < charge.amount ? 'partial' : 'full';
  const intent = r.metadata?.refund_desk_intent ?? null;
  b.event({
    ...base,
    type: 'refund',
    occurredAt: ms(r.created),
    dedupeKey: `stripe:refund:${r.id}`,
    detail: {
      refundKind: kind,
      reason,
      status: r.status,
      detectedVia: intent ? 'console' : via,
      revokesAccess: false,
      storeRef: r.id,
      summary: intent ? 'Refunded from this console' : 'Refunded in Stripe (Dashboard or API)',
      ...(intent ? { intentId: intent } : {}),
    },
  });
  if (r.status === 'failed' || r.status === 'canceled') {
    const why = r.failure_reason ? (FAILURE_REASONS[r.failure_reason] ?? r.failure_reason.replace(/_/g, ' ')) : null;
    b.event({
      ...base,
      type: 'refund_failed',
      // Stripe does not date the failure on the refund; the event's own time is used when known.
      occurredAt: ms(r.created),
      dedupeKey: `stripe:refund:${r.id}:${r.status}`,
      detail: {
        reason: why,
        status: r.status,
        detectedVia: via,
        storeRef: r.id,
        summary: r.status === 'failed' ? `The refund failed after it was issued${why ? `: ${why}` : ''}; the money stays with you` : 'The refund was canceled',
      },
    });
  }
}

const DISPUTE_CLOSED: Record<string, 'dispute_won' | 'dispute_lost'> = { won: 'dispute_won', lost: 'dispute_lost' };

export function disputeEvents(ctx: MapContext, d: SDispute, at: number | null, via: DetectedVia, b: BatchBuilder): void {
  const purchaseKey = chargePurchaseKey(ctx, { id: d.charge, payment_intent: d.payment_intent });
  const base = {
    store: 'stripe' as const,
    purchaseKey,
    source: 'store_api' as const,
    amountMinor: d.amount,
    currency: cur(d.currency),
    orderId: d.payment_intent ?? d.charge,
  };
  const reason = d.reason.replace(/_/g, ' ');
  b.event({
    ...base,
    type: 'dispute_opened',
    occurredAt: ms(d.created),
    dedupeKey: `stripe:dispute:${d.id}:opened`,
    detail: { reason, status: d.status, detectedVia: via, storeRef: d.id, summary: `Chargeback opened: ${reason}` },
  });
  const closed = DISPUTE_CLOSED[d.status];
  if (closed) {
    b.event({
      ...base,
      type: closed,
      occurredAt: at ?? ms(d.created),
      dedupeKey: `stripe:dispute:${d.id}:${d.status}`,
      detail: { reason, status: d.status, detectedVia: via, storeRef: d.id },
    });
  }
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
