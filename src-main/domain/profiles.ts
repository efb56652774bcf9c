// STORE_PROFILES: the one table of store rules (DESIGN §2). Main refuses what a profile
// does not allow (refunds/policy.ts); the renderer explains the same rules from the same
// table (the purchase panel, the ready replies). The stores themselves are this table's
// keys (Store, STORES in domain/stores.ts): a new store is one entry here, one folder in
// src-main/stores/ and one import + one table line in stores/registry.ts. Pure TypeScript:
// no SQL, no SDKs.
import { NO_OPTIONS as NONE, type RefundShape, type StoreProfile } from './profile';
import { REFUND_REASONS } from './refunds';
import { STORE_DISPLAY } from './storeDisplay';
import { AMAZON_PROCEDURE, amazonReply, APPLE_HELP_URL, APPLE_REPORT_URL, appleReply, type ReplyInput } from './replies';
import type { PurchaseKind } from './vocabulary';

export { APPLE_HELP_URL, APPLE_REPORT_URL, type ReplyInput, type RefundShape, type StoreProfile };


const GOOGLE_ITEM: readonly RefundShape[] = [
  { mode: 'refund_and_revoke', refundKind: 'full', label: 'Refund and revoke the item' },
  { mode: 'refund', refundKind: 'full', label: 'Refund, keep the item' },
];
const STRIPE_PAYMENT: readonly RefundShape[] = [
  { mode: 'refund', refundKind: 'full', label: 'Full refund' },
  { mode: 'refund', refundKind: 'partial', label: 'Partial refund' },
];

// `satisfies`, not a type: the keys stay literal so that Store can be derived from them,
// and each entry's identifier kinds (`as const`) become the IdKind words.
const PROFILES = {
  apple: {
    store: 'apple',
    display: STORE_DISPLAY.apple,
    name: 'Apple App Store',
    ids: {
      kinds: ['apple_app_account_token', 'apple_original_transaction_id', 'apple_transaction_id', 'apple_order_id'] as const,
      orderIds: [['', 'apple_transaction_id']],
    },
    canRefund: false,
    refundModes: [],
    partialAmounts: false,
    options: NONE,
    maxRefundAgeYears: null,
    reasons: { offered: [], sentToStore: false, note: 'Apple decides refunds itself; the customer gives Apple the reason.' },
    policyLine: {
      subscription: 'Apple refunds only via Apple: developers cannot refund App Store purchases.',
      one_time: 'Apple refunds only via Apple: developers cannot refund App Store purchases.',
      consumable: 'Apple refunds only via Apple: developers cannot refund App Store purchases.',
    },
    procedure: `Apple does not let developers refund App Store purchases. Ask the customer to request a refund at ${APPLE_REPORT_URL} (Apple explains the steps at ${APPLE_HELP_URL}).`,
    links: [
      { label: 'Request a refund (Apple)', url: APPLE_REPORT_URL },
      { label: 'Apple\u2019s steps', url: APPLE_HELP_URL },
    ],
    reply: appleReply,
    detection: {
      sees: [
        'Refunds, declined and reversed refunds, revokes and consumption requests, from App Store Server Notifications V2 pulled with Get Notification History (consumables included)',
        'Refunds per customer through Get Refund History',
      ],
      cannotSee: [
        'A refund request that Apple has not decided yet, unless Apple sends a consumption request for it',
        'Notifications older than Get Notification History keeps (180 days), except through Get Refund History per customer',
      ],
    },
    caveat: null,
    revoke: { notLatest: null, ended: null, warning: null },
    consumedWarning: null,
    restRefundedIn: null,
    access: {
      refundRevokes: true,
      refundKeptWords: 'Refunded; access stays to the end of the period',
      refundRevokedWords: 'Refunded by Apple: access revoked',
      cancellationMayHideRefund: false,
      // "the App Store attempts to renew the subscription for up to 60 days" (StoreKit, Handling lapsed subscriptions)
      retryWindowDays: 60,
    },
  },
  google: {
    store: 'google',
    display: STORE_DISPLAY.google,
    name: 'Google Play',
    ids: { kinds: ['google_external_account_id', 'google_order_id', 'google_purchase_token'] as const, orderIds: [['', 'google_order_id']] },
    canRefund: true,
    refundModes: ['refund', 'refund_and_revoke'],
    // Google refunds whole orders (orders.refund takes no amount); "prorated" exists only as
    // the revoke of a subscription (purchases.subscriptionsv2.revoke, proratedRefund).
    partialAmounts: false,
    options: {
      subscription: [
        { mode: 'refund_and_revoke', refundKind: 'full', label: 'Refund and revoke (full)' },
        { mode: 'refund_and_revoke', refundKind: 'prorated', label: 'Refund and revoke (prorated)' },
        { mode: 'refund', refundKind: 'full', label: 'Refund only (access stays)' },
      ],
      // orders.refund treats an item the same whether it was consumed or not (`revoke`)
      one_time: GOOGLE_ITEM,
      consumable: GOOGLE_ITEM,
    },
    // androidpublisher v3 REST, orders.refund: "Orders older than 3 years cannot be refunded."
    maxRefundAgeYears: 3,
    reasons: {
      // androidpublisher v3 REST: orders.refund takes only `revoke`, and subscriptionsv2.revoke
      // only a revocation context; neither has a reason field. The Play Console's own refund
      // form is not documented field by field, so nothing of it is imitated here.
      offered: REFUND_REASONS,
      sentToStore: false,
      note: 'Google Play takes no refund reason: the reason and the note stay in this console (timeline and audit log).',
    },
    policyLine: {
      subscription: 'Refund and revoke (access ends now), or refund only this order (access stays).',
      one_time: 'Refund, with or without revoking the item.',
      consumable: 'Refund, with or without revoking; a consumed item must be taken back by the app itself.',
    },
    procedure: null,
    links: [],
    reply: null,
    detection: {
      sees: [
        'Refunds made here, at once',
        'Refunds that revoke access (Play Console, Google, chargebacks) through the Voided Purchases API',
        'Refund-only and partial refunds made in the Play Console through the Orders API, with their amounts',
      ],
      cannotSee: [
        'Voided purchases older than 30 days: after a longer gap only the Orders API of orders already in the cache tells',
        'Orders the cache never saw',
      ],
    },
    caveat: null,
    // subscriptionsv2.revoke acts on the subscription's current (latest) order, and only while it is active.
    revoke: {
      notLatest: 'Google revokes only with the latest order of a subscription; for an older renewal choose "Refund only".',
      ended: 'The subscription has already ended; Google revokes only an active subscription. Use "Refund only".',
      warning: null,
    },
    // androidpublisher v3 orders.refund, `revoke`: consumed in-app items need to be handled by the developer's app.
    consumedWarning: 'This item was consumed: Google cannot take it back. If it should be, the app must take back the content itself.',
    restRefundedIn: 'the Play Console',
    access: {
      refundRevokes: false,
      refundKeptWords: 'Refunded without revoking (Google "refund only"): access stays to the end of the period',
      refundRevokedWords: 'Refunded and revoked',
      cancellationMayHideRefund: false,
      // Play Console base plans: grace period up to 30 days, then account hold up to 30 days
      retryWindowDays: 60,
    },
  },
  stripe: {
    store: 'stripe',
    display: STORE_DISPLAY.stripe,
    name: 'Stripe',
    ids: {
      kinds: ['stripe_customer', 'stripe_payment_intent', 'stripe_charge', 'stripe_subscription', 'stripe_invoice'] as const,
      // a payment's order ID is a PaymentIntent, an invoice, or a charge (ch_, or py_ for non-card payments)
      orderIds: [['pi_', 'stripe_payment_intent'], ['in_', 'stripe_invoice'], ['ch_', 'stripe_charge'], ['py_', 'stripe_charge']],
    },
    canRefund: true,
    refundModes: ['refund', 'refund_and_revoke'],
    partialAmounts: true,
    options: {
      subscription: [
        { mode: 'refund', refundKind: 'full', label: 'Refund (the subscription stays)' },
        { mode: 'refund', refundKind: 'partial', label: 'Partial refund' },
        { mode: 'refund_and_revoke', refundKind: 'full', label: 'Refund and revoke access (cancel now)' },
        { mode: 'refund_and_revoke', refundKind: 'partial', label: 'Partial refund and revoke access (cancel now)' },
      ],
      one_time: STRIPE_PAYMENT,
      consumable: STRIPE_PAYMENT,
    },
    // Stripe documents no age limit of its own for refunds (a card network may still refuse
    // an old one: the refund then fails and the ledger says so).
    maxRefundAgeYears: null,
    reasons: { offered: REFUND_REASONS, sentToStore: true, note: 'Stripe records the reason on the refund; the note stays in this console.' },
    policyLine: {
      subscription: 'Full or partial refund; refund and revoke also cancels the subscription now.',
      one_time: 'Full or partial refund, with a reason and a note.',
      consumable: 'Full or partial refund, with a reason and a note.',
    },
    procedure: null,
    links: [],
    reply: null,
    detection: {
      sees: [
        'Refunds made anywhere, the Stripe Dashboard included, through the Events API, with their status (pending, succeeded, failed, canceled)',
        'Disputes and inquiries through charge.dispute.*',
        'Older history through a backfill of charges, refunds, invoices, subscriptions and disputes',
      ],
      cannotSee: ['Events older than the 30 days the Events API keeps, except through the backfill'],
    },
    caveat: null,
    revoke: {
      notLatest: 'Cancelling refunds the latest paid invoice; choose that payment, or "Refund" for an older one.',
      ended: null,
      warning: 'Two steps at Stripe: the subscription is cancelled first, then the payment is refunded.',
    },
    consumedWarning: null,
    restRefundedIn: null,
    access: {
      refundRevokes: false,
      refundKeptWords: 'Refunded without cancelling the subscription: access stays to the end of the period',
      refundRevokedWords: 'Refunded and revoked',
      cancellationMayHideRefund: false,
      // Smart Retries retry for at most 2 months, the longest schedule the Billing settings offer
      retryWindowDays: 60,
    },
  },
  amazon: {
    store: 'amazon',
    display: STORE_DISPLAY.amazon,
    name: 'Amazon Appstore',
    ids: { kinds: ['amazon_user_id', 'amazon_receipt_id'] as const, orderIds: [['', 'amazon_receipt_id']] },
    canRefund: false,
    refundModes: [],
    partialAmounts: false,
    options: NONE,
    maxRefundAgeYears: null,
    reasons: { offered: [], sentToStore: false, note: 'Amazon customer service decides refunds.' },
    policyLine: {
      subscription: 'Only Amazon customer service can refund Appstore purchases.',
      one_time: 'Only Amazon customer service can refund Appstore purchases.',
      consumable: 'Only Amazon customer service can refund Appstore purchases.',
    },
    procedure: `Amazon does not let developers refund Appstore purchases. ${AMAZON_PROCEDURE}`,
    links: [],
    reply: amazonReply,
    detection: {
      sees: ['Cancellations through the Receipt Verification Service (cancelDate, cancelReason), per known receipt'],
      cannotSee: ['Whether a cancellation came with a refund, and how much', 'Receipts the cache never saw'],
    },
    caveat: `${AMAZON_PROCEDURE} Amazon tells developers only that a subscription was cancelled: a refund cannot be told apart from a cancellation.`,
    revoke: { notLatest: null, ended: null, warning: null },
    consumedWarning: null,
    restRefundedIn: null,
    access: {
      refundRevokes: false,
      refundKeptWords: 'Cancelled by Amazon (RVS cancelDate); may be a refund, Amazon does not say',
      refundRevokedWords: 'Refunded and revoked',
      cancellationMayHideRefund: true,
      // The Appstore documents no retry window; the longest of the others is used
      retryWindowDays: 60,
    },
  },
  // ANCHOR: store profiles (a new store's entry goes above this line)
} satisfies Record<string, StoreProfile>;

/** A store the console knows: a key of STORE_PROFILES. */
export type Store = keyof typeof PROFILES;
/** The identifier kinds a store's profile lists. */
export type StoreIdKind = (typeof PROFILES)[Store]['ids']['kinds'][number];

export const STORE_PROFILES: Readonly<Record<Store, StoreProfile>> = PROFILES;

export const profileOf = (store: Store): StoreProfile => STORE_PROFILES[store];

const YEAR_MONTHS = 12;

/**
 * The last moment the store still refunds a payment made at `paidAt`, or null when it
 * sets no limit. Counted in calendar years from the payment's time (Google: "older than 3
 * years"), not in 365-day blocks: a leap day in between moves the end by a day. Google does
 * not say in which time zone; UTC is used. A payment on 29 Feb ends on 28 Feb (the earlier
 * day: a refund the store might refuse is not offered).
 */
export function refundWindowEnd(store: Store, paidAt: number): number | null {
  const years = STORE_PROFILES[store].maxRefundAgeYears;
  if (years == null) return null;
  const d = new Date(paidAt);
  const month = d.getUTCMonth() + years * YEAR_MONTHS;
  const end = new Date(Date.UTC(d.getUTCFullYear(), month, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return end.getTime();
}

/** Whether the payment is past the store's refund age at `now`. */
export function pastRefundAge(store: Store, paidAt: number, now: number): boolean {
  const end = refundWindowEnd(store, paidAt);
  return end != null && now > end;
}

/** The options the store offers for this kind of purchase. */
export const refundShapes = (store: Store, kind: PurchaseKind): readonly RefundShape[] => STORE_PROFILES[store].options[kind];
