// The reference platform's webhook body: { "api_version": "1.0", "event": { … } }.
// Field names and event types follow RevenueCat's "Event Types and Fields" reference
// (revenuecat.com/docs/integrations/webhooks/event-types-and-fields) and its "Sample
// Events" page. Each documented type has its own timeline meaning; only the types that
// tell a payment (purchase, renewal, non-renewing purchase) carry a price.
import { z } from 'zod';
import type { EventType, IdKind, Store } from '../../ipc/vocabulary';
import type { LedgerFact } from '../../domain/ledger';
import type { CustomerHint, EventDetail, EventInput, PurchaseInput } from '../../domain/model';
import { toMinor } from './money';

const STORE_MAP: Record<string, Store> = {
  APP_STORE: 'apple',
  MAC_APP_STORE: 'apple',
  PLAY_STORE: 'google',
  STRIPE: 'stripe',
  AMAZON: 'amazon',
};

const ms = z.number().int().nonnegative();
const str = z.string().min(1);

export const rcEventSchema = z.object({
  id: str,
  type: z.string(),
  event_timestamp_ms: ms,
  app_user_id: z.string().nullish(),
  original_app_user_id: z.string().nullish(),
  aliases: z.array(z.string()).nullish(),
  store: z.string().nullish(),
  environment: z.enum(['PRODUCTION', 'SANDBOX']).nullish(),
  product_id: z.string().nullish(),
  new_product_id: z.string().nullish(),
  period_type: z.string().nullish(),
  purchased_at_ms: ms.nullish(),
  expiration_at_ms: ms.nullish(),
  grace_period_expiration_at_ms: ms.nullish(),
  auto_resume_at_ms: ms.nullish(),
  price_in_purchased_currency: z.number().nullish(),
  currency: z.string().length(3).nullish(),
  transaction_id: z.string().nullish(),
  original_transaction_id: z.string().nullish(),
  is_trial_conversion: z.boolean().nullish(),
  cancel_reason: z.string().nullish(),
  expiration_reason: z.string().nullish(),
  transferred_from: z.array(z.string()).nullish(),
  transferred_to: z.array(z.string()).nullish(),
  subscriber_attributes: z.record(z.string(), z.object({ value: z.string().nullish() }).passthrough()).nullish(),
});
export const rcBodySchema = z.object({ api_version: z.string().optional(), event: rcEventSchema });
export type RcEvent = z.infer<typeof rcEventSchema>;

/** A record that is well formed but on purpose not imported, counted apart from errors. */
export interface NotImported {
  kind: 'not_imported';
  reason: string;
}

export type CustomerConverted = {
  kind: 'customer';
  /** App user IDs to attach the event to, best first (non-anonymous IDs first). */
  appUserIds: string[];
  event: Omit<EventInput, 'purchaseKey' | 'store'> & { purchaseKey: null; store: Store | null };
};

export type Converted =
  | { kind: 'purchase'; purchase: PurchaseInput; event: EventInput; at: number; paidAt: number | null }
  | CustomerConverted
  | NotImported;

export class ImportRecordError extends Error {}

/**
 * Documented types that tell nothing about a store purchase: the dashboard's TEST,
 * A/B test enrolment, virtual-currency balance changes, Web Billing invoices (issued,
 * not yet paid), and the retired SUBSCRIBER_ALIAS.
 */
const NOT_A_PURCHASE = new Set(['TEST', 'EXPERIMENT_ENROLLMENT', 'VIRTUAL_CURRENCY_TRANSACTION', 'INVOICE_ISSUANCE', 'SUBSCRIBER_ALIAS']);
/** Stores whose grants are not purchases: RevenueCat's own promotional entitlements. */
const NOT_A_STORE = new Set(['PROMOTIONAL']);

/** The reference's cancel_reason values in words; CUSTOMER_SUPPORT is a refund (above). */
const CANCEL_WORDS: Record<string, string> = {
  UNSUBSCRIBE: 'the customer turned off auto-renew',
  BILLING_ERROR: 'the store could not charge the customer (billing error), not the customer’s choice',
  DEVELOPER_INITIATED: 'cancelled by the developer',
  PRICE_INCREASE: 'the customer did not agree to a price increase',
  UNKNOWN: 'the store gave no reason',
};

const isAnonymous = (id: string) => id.startsWith('$RCAnonymousID:');

/** Every app user ID the event names, the first non-anonymous one first. */
function userIds(e: RcEvent): string[] {
  const all = [e.original_app_user_id, e.app_user_id, ...(e.aliases ?? [])].filter((v): v is string => !!v);
  const unique = [...new Set(all)];
  return [...unique.filter((id) => !isAnonymous(id)), ...unique.filter(isAnonymous)];
}

function storeIdKind(store: Store, key: string): IdKind | null {
  switch (store) {
    case 'apple':
      return 'apple_original_transaction_id';
    case 'google':
      return 'google_order_id';
    case 'stripe':
      return key.startsWith('sub_') ? 'stripe_subscription' : key.startsWith('pi_') ? 'stripe_payment_intent' : null;
    case 'amazon':
      return 'amazon_receipt_id';
    default:
      // RevenueCat names only the four stores above (its `store` field); no other reaches here
      return null;
  }
}

interface Meaning {
  type: EventType;
  /** The event tells a payment: it sets the price and is dated at the payment. */
  paid: boolean;
  detail: EventDetail;
}

function meaning(e: RcEvent): Meaning {
  const plain = (type: EventType, detail: EventDetail = {}): Meaning => ({ type, paid: false, detail });
  switch (e.type) {
    case 'INITIAL_PURCHASE':
      // period_type TRIAL: a free trial started; no money moved
      return e.period_type === 'TRIAL' ? plain('trial_started') : { type: 'purchase', paid: true, detail: {} };
    case 'RENEWAL':
      return { type: e.is_trial_conversion ? 'trial_converted' : 'renewal', paid: true, detail: {} };
    case 'NON_RENEWING_PURCHASE':
      return { type: 'purchase', paid: true, detail: { summary: 'one-time purchase' } };
    case 'CANCELLATION':
      // The reference: refunds arrive as CANCELLATION with cancel_reason CUSTOMER_SUPPORT.
      if (e.cancel_reason === 'CUSTOMER_SUPPORT') return plain('refund', { refundKind: 'full' });
      return plain('cancellation', CANCEL_WORDS[e.cancel_reason ?? ''] ? { summary: CANCEL_WORDS[e.cancel_reason ?? ''] } : {});
    case 'UNCANCELLATION':
      return plain('renewal_enabled');
    case 'SUBSCRIPTION_PAUSED':
      // Documented: do not revoke on SUBSCRIPTION_PAUSED; EXPIRATION follows at the period's end.
      return plain('subscription_paused', { autoResumeAt: e.auto_resume_at_ms ?? null });
    case 'EXPIRATION':
      return plain('expiration');
    case 'BILLING_ISSUE':
      // grace_period_expiration_at_ms is set only while the store keeps access in a grace period
      return e.grace_period_expiration_at_ms
        ? plain('grace_period', { graceUntil: e.grace_period_expiration_at_ms, summary: 'billing failed; access continues in the grace period' })
        : plain('billing_issue');
    case 'PRODUCT_CHANGE':
      // Documented: the new product is not necessarily in effect yet; the purchase keeps its product.
      return plain('product_change', { fromProduct: e.product_id ?? null, toProduct: e.new_product_id ?? null });
    case 'SUBSCRIPTION_EXTENDED':
      // The expiry moved later without a renewal (store API extension, Play's 24 h retry hold).
      return plain('subscription_extended');
    case 'TEMPORARY_ENTITLEMENT_GRANT':
      return plain('entitlement_granted', { summary: 'granted by RevenueCat while the store could not confirm the purchase' });
    case 'REFUND_REVERSED':
      return plain('refund_reversed');
    default:
      throw new ImportRecordError(`unknown event type ${JSON.stringify(e.type)}`);
  }
}

function convertTransfer(e: RcEvent, base: Pick<EventInput, 'source' | 'dedupeKey' | 'raw'>): CustomerConverted {
  const to = [...(e.transferred_to ?? [])];
  if (!to.length) throw new ImportRecordError('TRANSFER without transferred_to');
  const ordered = [...to.filter((id) => !isAnonymous(id)), ...to.filter(isAnonymous)];
  return {
    kind: 'customer',
    appUserIds: ordered,
    event: {
      ...base,
      // TRANSFER names no store in the reference's payloads; the row says none rather than guess
      store: STORE_MAP[e.store ?? ''] ?? null,
      purchaseKey: null,
      type: 'transfer',
      occurredAt: e.event_timestamp_ms,
      detail: { summary: `Transferred from ${(e.transferred_from ?? []).join(', ') || 'another user'} to ${to.join(', ')}`, detectedVia: 'import' },
    },
  };
}

function ledgerFact(e: RcEvent, m: Meaning, store: Store, storeKey: string, price: number | null, currency: string | null): LedgerFact | undefined {
  const paymentKey = e.transaction_id || storeKey;
  if (m.paid) {
    return {
      kind: 'payment',
      store,
      paymentKey,
      purchaseKey: storeKey,
      status: 'paid',
      amountMinor: price,
      currency,
      paidAt: e.purchased_at_ms ?? e.event_timestamp_ms,
      periodStart: e.purchased_at_ms ?? null,
      periodEnd: e.expiration_at_ms ?? null,
      source: 'import',
      observedAt: e.event_timestamp_ms,
    };
  }
  if (m.type !== 'refund' && m.type !== 'refund_reversed') return undefined;
  return {
    kind: 'refund',
    store,
    // Apple's refund key is the refunded transaction; other stores' refund IDs are not in the payload
    refundKey: store === 'apple' ? paymentKey : `${paymentKey}#import`,
    paymentKey,
    purchaseKey: storeKey,
    status: m.type === 'refund' ? 'succeeded' : 'reversed',
    refundKind: 'full',
    amountMinor: price,
    currency,
    revokesAccess: store === 'apple' || store === 'google',
    reason: e.cancel_reason ?? null,
    createdAt: e.event_timestamp_ms,
    observedAt: e.event_timestamp_ms,
    source: 'import',
    detectedVia: 'import',
  };
}

export function convertRcEvent(e: RcEvent, raw: unknown): Converted {
  if (NOT_A_PURCHASE.has(e.type)) return { kind: 'not_imported', reason: `not imported: ${e.type} is not a store purchase` };
  const base = { source: 'import' as const, dedupeKey: `rc:${e.id}`, raw };
  if (e.type === 'TRANSFER') return convertTransfer(e, base);
  const m = meaning(e);
  if (NOT_A_STORE.has(e.store ?? '')) return { kind: 'not_imported', reason: `not imported: ${e.type} from ${e.store} is not a store purchase` };
  const store = STORE_MAP[e.store ?? ''];
  if (!store) {
    if (e.store) return { kind: 'not_imported', reason: `not imported: ${e.store} is not one of the four stores (APP_STORE, PLAY_STORE, STRIPE, AMAZON)` };
    throw new ImportRecordError('missing store');
  }
  const storeKey = e.original_transaction_id || e.transaction_id;
  if (!storeKey) {
    if (e.type === 'TEMPORARY_ENTITLEMENT_GRANT') return { kind: 'not_imported', reason: `not imported: ${e.type} without a transaction is not a store purchase` };
    throw new ImportRecordError('missing original_transaction_id and transaction_id');
  }
  if (!e.product_id) throw new ImportRecordError('missing product_id');
  const ids = userIds(e);
  const appUserId = ids.find((id) => !isAnonymous(id)) ?? null;
  const hintIds: CustomerHint['ids'] = [];
  const kind = storeIdKind(store, storeKey);
  if (kind) hintIds.push({ kind, value: storeKey });
  for (const id of ids) if (id !== appUserId) hintIds.push({ kind: 'app_user_id', value: id });
  const email = e.subscriber_attributes?.['$email']?.value ?? null;
  const currency = e.currency ? e.currency.toUpperCase() : null;
  const price = e.price_in_purchased_currency != null && currency ? toMinor(e.price_in_purchased_currency, currency) : null;
  const carriesAmount = m.paid || m.type === 'refund' || m.type === 'refund_reversed';
  const purchase: PurchaseInput = {
    store,
    storeKey,
    productId: e.product_id,
    // The reference sends expiration_at_ms null for purchases that do not renew.
    kind: e.type === 'NON_RENEWING_PURCHASE' || e.expiration_at_ms == null ? 'one_time' : 'subscription',
    environment: e.environment === 'SANDBOX' ? 'sandbox' : 'production',
    purchasedAt: e.purchased_at_ms ?? e.event_timestamp_ms,
    priceMinor: m.paid ? price : null,
    currency: m.paid ? currency : null,
    expiresAt: e.expiration_at_ms ?? null,
    customer: { appUserId, email, ids: hintIds },
  };
  const paidAt = m.paid ? (e.purchased_at_ms ?? e.event_timestamp_ms) : null;
  const occurredAt = paidAt ?? e.event_timestamp_ms;
  const reason = e.cancel_reason ?? e.expiration_reason ?? null;
  const event: EventInput = {
    ...base,
    store,
    purchaseKey: storeKey,
    type: m.type,
    occurredAt,
    amountMinor: carriesAmount ? price : null,
    currency: carriesAmount ? currency : null,
    orderId: e.transaction_id ?? null,
    detail: {
      detectedVia: 'import',
      // the product this event was about: a later PRODUCT_CHANGE does not rewrite this row
      productId: m.type === 'product_change' ? (e.new_product_id ?? e.product_id) : e.product_id,
      ...(reason ? { reason } : {}),
      ...(e.expiration_at_ms ? { expiresAt: e.expiration_at_ms } : {}),
      ...m.detail,
      ...(m.type === 'refund' ? { revokesAccess: store === 'apple' || store === 'google' } : {}),
    },
  };
  const ledger = ledgerFact(e, m, store, storeKey, price, currency);
  if (ledger) event.ledger = ledger;
  return { kind: 'purchase', purchase, event, at: e.event_timestamp_ms, paidAt };
}
