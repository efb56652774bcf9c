// The words both processes share: timeline event types, sources, states. Pure TypeScript
// that imports nothing: the renderer and preload may import it. The stores, their names
// and identifier kinds follow from STORE_PROFILES (domain/stores.ts), not from lists here.

export const PURCHASE_KINDS = ['subscription', 'one_time', 'consumable'] as const;
export type PurchaseKind = (typeof PURCHASE_KINDS)[number];

/** The normalized timeline vocabulary, one list for all four stores. */
export const EVENT_TYPES = [
  'purchase',
  'renewal',
  'trial_started',
  'trial_converted',
  'cancellation', // auto-renew turned off, or the store cancelled the subscription
  'renewal_enabled', // auto-renew turned back on
  'billing_issue',
  'grace_period',
  'expiration',
  'refund', // detail.refundKind: full | partial | prorated; amountMinor is the refunded amount
  'refund_failed', // a refund that failed after it was reported (Stripe: closed card)
  'refund_declined',
  'refund_reversed',
  'revoke', // access taken away without a refund of its own (Apple family sharing, Google revoke)
  'dispute_opened',
  'dispute_won',
  'dispute_lost',
  'consumption_request',
  'consumption_answered',
  'product_change',
  'transfer',
  'note',
  'subscription_paused', // set to pause at the end of the period (Google Play); access stays until then
  'subscription_extended', // expiry moved later without a payment (store API extension, Play's 24 h hold)
  'entitlement_granted', // access granted for a while without a confirmed store purchase
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const REFUND_KINDS = ['full', 'partial', 'prorated'] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];

/** Where an event came from, shown on each timeline row so the agent can trust the cache. */
export const EVENT_SOURCES = ['store_api', 'notification_history', 'import', 'console'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** How a refund was found; shown as "found through …". */
export const DETECTED_VIA = [
  'stripe_events',
  'stripe_backfill',
  'google_voided_purchases',
  'google_orders',
  'google_subscriptions',
  'apple_notification_history',
  'apple_refund_history',
  'apple_transaction_history',
  'amazon_rvs',
  'import',
  'console',
] as const;
export type DetectedVia = (typeof DETECTED_VIA)[number];

export const ENTITLEMENT_STATES = [
  'active',
  'in_grace',
  'billing_retry',
  'expired',
  'revoked', // access ended by a refund or revoke
  'refunded_active', // refunded, access kept to the end of the period (Google refund-only, Stripe refund without cancel, Amazon)
  'cancelled_active', // auto-renew off, access until expiry
  'consumed',
  'unknown',
] as const;
export type EntitlementState = (typeof ENTITLEMENT_STATES)[number];

export const ENVIRONMENTS = ['production', 'sandbox'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Digits of a currency's minor unit (JPY 0, USD 2, KWD 3), as the platform's ICU data
 * (CLDR) knows them; 2 for a code it does not know. The cache stores money as integer
 * minor units, so main and the renderer must agree on this one table.
 */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a plain decimal in major units ("12.34", "1200" for JPY), for messages and CSV. */
export function majorUnits(minor: number, currency: string | null): string {
  const digits = currency ? minorUnitDigits(currency) : 2;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}
