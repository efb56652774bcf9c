// The reference platform's webhook body: { "api_version": "1.0", "event": { … } }.
// Field names and event types follow its "Event Types and Fields" documentation.
import { z } from 'zod';
import type { EventType, IdKind, Store } from '../../ipc/vocabulary';
import type { CustomerHint, EventInput, PurchaseInput } from '../../stores/types';
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

export type Converted =
  | { kind: 'purchase'; purchase: PurchaseInput; event: EventInput }
  | { kind: 'customer'; appUserId: string; event: Omit<EventInput, 'purchaseKey'> & { purchaseKey: null } };

export class ImportRecordError extends Error {}

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
  }
}

function mapType(e: RcEvent): EventType {
  switch (e.type) {
    case 'INITIAL_PURCHASE':
      return e.period_type === 'TRIAL' ? 'trial_started' : 'purchase';
    case 'RENEWAL':
      return e.is_trial_conversion ? 'trial_converted' : 'renewal';
    case 'CANCELLATION':
      // The platform reports refunds as CANCELLATION with cancel_reason CUSTOMER_SUPPORT.
      return e.cancel_reason === 'CUSTOMER_SUPPORT' ? 'refund' : 'cancellation';
    case 'UNCANCELLATION':
      return 'renewal_enabled';
    case 'NON_RENEWING_PURCHASE':
    case 'TEMPORARY_ENTITLEMENT_GRANT':
      return 'purchase';
    case 'SUBSCRIPTION_PAUSED':
      return 'cancellation';
    case 'EXPIRATION':
      return 'expiration';
    case 'BILLING_ISSUE':
      return 'billing_issue';
    case 'PRODUCT_CHANGE':
      return 'product_change';
    case 'TRANSFER':
      return 'transfer';
    case 'SUBSCRIPTION_EXTENDED':
      return 'renewal';
    case 'REFUND_REVERSED':
      return 'refund_reversed';
    default:
      throw new ImportRecordError(`unknown event type ${JSON.stringify(e.type)}`);
  }
}

export function convertRcEvent(e: RcEvent, raw: unknown): Converted {
  if (e.type === 'TEST') throw new ImportRecordError('TEST events are not imported');
  const type = mapType(e);
  const base = { source: 'import' as const, dedupeKey: `rc:${e.id}`, raw };
  if (e.type === 'TRANSFER') {
    const to = e.transferred_to?.find((id) => !id.startsWith('$RCAnonymousID'));
    if (!to) throw new ImportRecordError('TRANSFER without transferred_to');
    return {
      kind: 'customer',
      appUserId: to,
      event: {
        ...base,
        store: STORE_MAP[e.store ?? ''] ?? 'stripe',
        purchaseKey: null,
        type,
        occurredAt: e.event_timestamp_ms,
        detail: { summary: `Transferred from ${(e.transferred_from ?? []).join(', ')}`, detectedVia: 'import' },
      },
    };
  }
  const store = STORE_MAP[e.store ?? ''];
  if (!store) throw new ImportRecordError(`store ${JSON.stringify(e.store ?? null)} is not one of APP_STORE, PLAY_STORE, STRIPE, AMAZON`);
  const storeKey = e.original_transaction_id || e.transaction_id;
  if (!storeKey) throw new ImportRecordError('missing original_transaction_id and transaction_id');
  if (!e.product_id) throw new ImportRecordError('missing product_id');
  const appUserId = e.original_app_user_id || e.app_user_id || null;
  const ids: CustomerHint['ids'] = [];
  const kind = storeIdKind(store, storeKey);
  if (kind) ids.push({ kind, value: storeKey });
  for (const alias of [e.app_user_id, ...(e.aliases ?? [])]) {
    if (alias && !alias.startsWith('$RCAnonymousID') && alias !== appUserId) ids.push({ kind: 'app_user_id', value: alias });
  }
  const email = e.subscriber_attributes?.['$email']?.value ?? null;
  const currency = e.currency ? e.currency.toUpperCase() : null;
  const price = e.price_in_purchased_currency != null && currency ? toMinor(e.price_in_purchased_currency, currency) : null;
  const paid = type === 'purchase' || type === 'renewal' || type === 'trial_converted';
  const purchase: PurchaseInput = {
    store,
    storeKey,
    productId: e.type === 'PRODUCT_CHANGE' && e.new_product_id ? e.new_product_id : e.product_id,
    kind: e.type === 'NON_RENEWING_PURCHASE' ? 'one_time' : 'subscription',
    environment: e.environment === 'SANDBOX' ? 'sandbox' : 'production',
    purchasedAt: e.purchased_at_ms ?? e.event_timestamp_ms,
    priceMinor: paid ? price : null,
    currency,
    expiresAt: e.expiration_at_ms ?? null,
    customer: { appUserId, email, ids },
  };
  const occurredAt = paid && e.purchased_at_ms ? e.purchased_at_ms : e.event_timestamp_ms;
  const event: EventInput = {
    ...base,
    store,
    purchaseKey: storeKey,
    type,
    occurredAt,
    amountMinor: paid || type === 'refund' ? price : null,
    currency,
    orderId: e.transaction_id ?? null,
    detail: {
      detectedVia: 'import',
      reason: e.cancel_reason ?? e.expiration_reason ?? (e.type === 'SUBSCRIPTION_PAUSED' ? 'paused' : null),
      ...(e.expiration_at_ms ? { expiresAt: e.expiration_at_ms } : {}),
      ...(type === 'refund'
        ? {
            refundKind: 'full' as const,
            // Apple and the platform's Google refunds end access; Amazon keeps it to the period's end.
            revokesAccess: store === 'apple' || store === 'google',
          }
        : {}),
    },
  };
  return { kind: 'purchase', purchase, event };
}
