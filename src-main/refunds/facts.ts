// What the cache knows about a purchase and its payments, read once per refund decision.
// The policy and the preview are pure functions over these facts.
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { EntitlementState, PurchaseKind, Store } from '../ipc/vocabulary';

export interface PaymentFacts {
  /** Google order ID, Stripe payment intent (or charge). */
  ref: string;
  paidAt: number;
  amountMinor: number;
  currency: string;
  /** Sum of refunds already in the timeline (minus refunds that later failed or were reversed). */
  refundedMinor: number;
  /** A dispute/chargeback opened and not closed. */
  disputeOpen: boolean;
  /** Chargeback lost: the money already went back through the bank. */
  chargedBack: boolean;
  /** End of the period this payment paid for, when the store said. */
  periodEnd: number | null;
  latest: boolean;
}

export interface PurchaseFacts {
  id: number;
  store: Store;
  storeKey: string;
  productId: string;
  kind: PurchaseKind;
  purchasedAt: number;
  priceMinor: number | null;
  currency: string | null;
  expiresAt: number | null;
  autoRenew: boolean | null;
  state: EntitlementState;
  stateUntil: number | null;
  customerId: number;
  ids: Record<string, string>;
  /** Oldest first. */
  payments: PaymentFacts[];
  /** Whether the app reported the item consumed (Google one-time). */
  consumed: boolean;
}

interface PurchaseRow {
  id: number;
  store: Store;
  store_key: string;
  product_id: string;
  kind: PurchaseKind;
  purchased_at: number;
  price_minor: number | null;
  currency: string | null;
  expires_at: number | null;
  auto_renew: number | null;
  state: EntitlementState;
  state_until: number | null;
  customer_id: number;
  ids: string;
}

interface EventRow {
  type: string;
  occurred_at: number;
  amount_minor: number | null;
  currency: string | null;
  order_id: string | null;
  detail: string | null;
}

const PAID = new Set(['purchase', 'renewal', 'trial_converted']);

export function readPurchaseFacts(db: Db, purchaseId: number): PurchaseFacts | null {
  const p = stmt(db, 'SELECT * FROM purchases WHERE id = ?').get(purchaseId) as PurchaseRow | undefined;
  if (!p) return null;
  const rows = stmt(
    db,
    // At equal times (stores report seconds) the purchase is still the first payment.
    `SELECT type, occurred_at, amount_minor, currency, order_id, detail FROM events WHERE purchase_id = ?
     ORDER BY occurred_at, CASE type WHEN 'purchase' THEN 0 ELSE 1 END, id`,
  ).all(purchaseId) as EventRow[];
  const ids = JSON.parse(p.ids) as Record<string, string>;
  const byRef = new Map<string, PaymentFacts>();
  for (const r of rows) {
    const ref = r.order_id;
    if (!ref || !PAID.has(r.type) || r.amount_minor == null) continue;
    if (byRef.has(ref)) continue;
    const detail = r.detail ? (JSON.parse(r.detail) as { expiresAt?: number }) : {};
    byRef.set(ref, {
      ref,
      paidAt: r.occurred_at,
      amountMinor: r.amount_minor,
      currency: (r.currency ?? p.currency ?? '').toUpperCase(),
      refundedMinor: 0,
      disputeOpen: false,
      chargedBack: false,
      periodEnd: detail.expiresAt ?? null,
      latest: false,
    });
  }
  // A purchase whose paying event carries no payment reference (a Stripe subscription's
  // first invoice, a one-off charge) still has one payment: the purchase's own IDs.
  if (byRef.size === 0) {
    const ref = ids.stripe_payment_intent ?? ids.stripe_charge ?? ids.google_order_id ?? null;
    const first = rows.find((r) => PAID.has(r.type));
    const amount = first?.amount_minor ?? p.price_minor;
    if (ref && amount != null) {
      byRef.set(ref, {
        ref,
        paidAt: first?.occurred_at ?? p.purchased_at,
        amountMinor: amount,
        currency: (first?.currency ?? p.currency ?? '').toUpperCase(),
        refundedMinor: 0,
        disputeOpen: false,
        chargedBack: false,
        periodEnd: p.expires_at,
        latest: false,
      });
    }
  }
  for (const r of rows) {
    const pay = r.order_id ? byRef.get(r.order_id) : undefined;
    if (!pay) continue;
    const amount = r.amount_minor ?? 0;
    if (r.type === 'refund') pay.refundedMinor += amount || pay.amountMinor - pay.refundedMinor;
    else if (r.type === 'refund_failed' || r.type === 'refund_reversed') pay.refundedMinor -= amount;
    else if (r.type === 'dispute_opened') pay.disputeOpen = true;
    else if (r.type === 'dispute_won') pay.disputeOpen = false;
    else if (r.type === 'dispute_lost') {
      pay.disputeOpen = false;
      pay.chargedBack = true;
    }
  }
  const payments = [...byRef.values()].sort((a, b) => a.paidAt - b.paidAt);
  for (const pay of payments) pay.refundedMinor = Math.max(0, Math.min(pay.amountMinor, pay.refundedMinor));
  if (payments.length) payments[payments.length - 1]!.latest = true;
  const consumed = p.kind === 'consumable' || p.state === 'consumed' || rows.some((r) => r.type === 'consumption_answered' && /consumed/i.test(r.detail ?? ''));
  return {
    id: p.id,
    store: p.store,
    storeKey: p.store_key,
    productId: p.product_id,
    kind: p.kind,
    purchasedAt: p.purchased_at,
    priceMinor: p.price_minor,
    currency: p.currency,
    expiresAt: p.expires_at,
    autoRenew: p.auto_renew == null ? null : p.auto_renew === 1,
    state: p.state,
    stateUntil: p.state_until,
    customerId: p.customer_id,
    ids,
    payments,
    consumed,
  };
}
