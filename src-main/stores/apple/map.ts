// App Store Server Notifications V2 and signed transactions → the normalized timeline.
// The wire is checked twice: the library's validators (inside SignedDataVerifier and the
// API client) check each field's type, but every field is optional to them; the keys the
// ledger is built on are checked here with zod (appleKeys), so none can be ''.
import { z } from 'zod';
import type {
  JWSRenewalInfoDecodedPayload,
  JWSTransactionDecodedPayload,
  ResponseBodyV2DecodedPayload,
} from '@apple/app-store-server-library';
import { minorUnitDigits, type DetectedVia, type Environment, type EventSource, type EventType, type PurchaseKind, type RefundKind } from '../../ipc/vocabulary';
import type { EventDetail, EventInput, PurchaseInput } from '../types';

const SHORTEST_GRACE_MS = 3 * 86_400_000;

/**
 * JWSTransaction (App Store Server API): transactionId and originalTransactionId identify
 * every transaction, productId what was bought. A payload without them cannot be keyed
 * (its charge and refund would share the key 'apple:charge:'), so it is refused.
 */
const appleKeys = z.object({ transactionId: z.string().min(1), originalTransactionId: z.string().min(1), productId: z.string().min(1) }).passthrough();

/** Why a verified transaction cannot be written, or null when it can. */
export function transactionProblem(t: JWSTransactionDecodedPayload): string | null {
  const r = appleKeys.safeParse(t);
  if (r.success) return null;
  const i = r.error.issues[0]!;
  return `Apple transaction rejected: ${i.path.join('.') || 'payload'} ${i.message.toLowerCase()}; nothing of it was written.`;
}

/** Apple lets the developer answer a CONSUMPTION_REQUEST for 12 hours. */
export const CONSUMPTION_WINDOW_MS = 12 * 3_600_000;

function purchaseKind(type: string | undefined): PurchaseKind {
  if (type === 'Consumable') return 'consumable';
  if (type === 'Non-Consumable') return 'one_time';
  return 'subscription'; // auto-renewable and non-renewing subscriptions
}

/** Apple's `price` is in milliunits of the currency (9990 = 9.99); the cache keeps minor units. */
export function priceToMinor(price: number | undefined, currency: string | undefined): number | null {
  if (price == null || !currency) return null;
  return Math.round(price / 10 ** (3 - minorUnitDigits(currency)));
}

export function isFreeTrial(t: JWSTransactionDecodedPayload): boolean {
  return t.offerDiscountType === 'FREE_TRIAL' || (t.offerType === 1 && (t.price ?? 1) === 0);
}

export function purchaseFromTransaction(
  t: JWSTransactionDecodedPayload,
  environment: Environment,
  renewal?: JWSRenewalInfoDecodedPayload | null,
): PurchaseInput {
  const original = t.originalTransactionId ?? t.transactionId ?? '';
  const token = t.appAccountToken || renewal?.appAccountToken || null;
  const ids: PurchaseInput['ids'] = { apple_original_transaction_id: original };
  if (t.transactionId) ids.apple_transaction_id = t.transactionId;
  return {
    store: 'apple',
    storeKey: original,
    productId: t.productId ?? 'unknown',
    kind: purchaseKind(t.type),
    environment,
    purchasedAt: t.originalPurchaseDate ?? t.purchaseDate ?? t.signedDate ?? 0,
    priceMinor: priceToMinor(t.price, t.currency),
    currency: t.currency ?? null,
    expiresAt: t.expiresDate ?? null,
    autoRenew: renewal ? renewal.autoRenewStatus === 1 : null,
    ids,
    customer: {
      // appAccountToken is the app's own user ID (a UUID the app sets at purchase).
      appUserId: token,
      ids: [
        ...(token ? [{ kind: 'apple_app_account_token' as const, value: token }] : []),
        { kind: 'apple_original_transaction_id' as const, value: original },
      ],
    },
  };
}

const REVOCATION_REASONS: Record<number, string> = {
  0: 'refunded for another reason',
  1: 'refunded because of an actual or perceived issue in the app',
};

interface Mapped {
  type: EventType;
  detail: EventDetail;
  amountMinor?: number | null;
}

/** Apple's revocation of a transaction as a refund fact; notification and history paths share it. */
export function refundDetail(t: JWSTransactionDecodedPayload, via: DetectedVia): Mapped {
  const kind: RefundKind = t.revocationType === 'REFUND_PRORATED' ? 'prorated' : 'full';
  const price = priceToMinor(t.price, t.currency);
  // revocationPercentage is in milliunits of a percent: 50000 = 50 %.
  const pct = t.revocationPercentage != null ? t.revocationPercentage / 1000 : kind === 'full' ? 100 : null;
  const amount = price == null ? null : kind === 'full' ? price : pct == null ? null : Math.round((price * pct) / 100);
  return {
    type: 'refund',
    amountMinor: amount,
    detail: {
      refundKind: kind,
      percentage: pct,
      reason: t.revocationReason != null ? (REVOCATION_REASONS[t.revocationReason] ?? `reason ${t.revocationReason}`) : null,
      revokesAccess: true,
      detectedVia: via,
      summary: `refunded by Apple${t.type === 'Consumable' ? ' (consumable)' : ''}`,
    },
  };
}

/**
 * One notification → one timeline event (or none for types the timeline does not show).
 * `wasTrial` says whether the subscription's previous period was a free trial, so that a
 * DID_RENEW after it reads as a trial conversion.
 */
export function eventFromNotification(
  n: ResponseBodyV2DecodedPayload,
  t: JWSTransactionDecodedPayload,
  renewal: JWSRenewalInfoDecodedPayload | null,
  wasTrial: boolean,
): Mapped | null {
  const via: DetectedVia = 'apple_notification_history';
  const sub = n.subtype ?? null;
  const base: EventDetail = { detectedVia: via, notificationType: n.notificationType, subtype: sub };
  const paid = priceToMinor(t.price, t.currency);
  switch (n.notificationType) {
    case 'SUBSCRIBED':
    case 'ONE_TIME_CHARGE':
      if (isFreeTrial(t)) return { type: 'trial_started', detail: { ...base, summary: 'free trial started' } };
      return { type: 'purchase', amountMinor: paid, detail: { ...base, summary: sub === 'RESUBSCRIBE' ? 'resubscribed' : null } };
    case 'DID_RENEW':
      return {
        type: wasTrial ? 'trial_converted' : 'renewal',
        amountMinor: paid,
        detail: { ...base, summary: sub === 'BILLING_RECOVERY' ? 'renewed after a billing problem' : null },
      };
    case 'DID_FAIL_TO_RENEW':
      if (sub === 'GRACE_PERIOD') {
        // `graceUntil` is the field entitlement reads (src-main/db/entitlement.ts): Apple's
        // JWSRenewalInfo gracePeriodExpiresDate, the end of the billing grace period. Without
        // renewal info, the shortest grace Apple offers (3 days after the period's end, App
        // Store Connect "Billing grace period": 3, 16 or 28 days) rather than none at all.
        const stated = renewal?.gracePeriodExpiresDate ?? null;
        const graceUntil = stated ?? (t.expiresDate ? t.expiresDate + SHORTEST_GRACE_MS : null);
        return {
          type: 'grace_period',
          detail: { ...base, graceUntil, ...(stated == null && graceUntil != null ? { graceEstimated: true } : {}), summary: 'billing failed; access continues in the grace period' },
        };
      }
      return { type: 'billing_issue', detail: { ...base, summary: 'billing failed; Apple keeps retrying' } };
    case 'GRACE_PERIOD_EXPIRED':
      return { type: 'expiration', detail: { ...base, reason: 'billing grace period ended without a renewal', revokesAccess: true } };
    case 'EXPIRED':
      return { type: 'expiration', detail: { ...base, reason: sub ? sub.toLowerCase().replace(/_/g, ' ') : null } };
    case 'DID_CHANGE_RENEWAL_STATUS':
      return sub === 'AUTO_RENEW_ENABLED'
        ? { type: 'renewal_enabled', detail: base }
        : { type: 'cancellation', detail: { ...base, summary: 'auto-renew turned off; access until the end of the period' } };
    case 'DID_CHANGE_RENEWAL_PREF':
      return { type: 'product_change', detail: { ...base, toProduct: renewal?.autoRenewProductId ?? null } };
    case 'OFFER_REDEEMED':
      if (sub === 'INITIAL_BUY' || sub === 'RESUBSCRIBE') {
        return isFreeTrial(t)
          ? { type: 'trial_started', detail: { ...base, offer: t.offerIdentifier ?? null } }
          : { type: 'purchase', amountMinor: paid, detail: { ...base, offer: t.offerIdentifier ?? null, summary: 'bought with an offer' } };
      }
      return { type: 'product_change', detail: { ...base, offer: t.offerIdentifier ?? null, summary: 'offer redeemed' } };
    case 'REFUND':
      return refundDetail(t, via);
    case 'REFUND_DECLINED':
      return { type: 'refund_declined', detail: { ...base, summary: 'Apple declined the refund request' } };
    case 'REFUND_REVERSED':
      return { type: 'refund_reversed', detail: { ...base, summary: 'Apple reversed an earlier refund; access is back' } };
    case 'REVOKE':
      return { type: 'revoke', detail: { ...base, revokesAccess: true, reason: 'family sharing ended for this family member' } };
    case 'CONSUMPTION_REQUEST':
      return {
        type: 'consumption_request',
        detail: {
          ...base,
          reason: n.data?.consumptionRequestReason ?? null,
          // Apple's consumption rules depend on it (consumptionPercentage: not for auto-renewable subscriptions)
          productType: t.type ?? null,
          deadlineAt: (n.signedDate ?? 0) + CONSUMPTION_WINDOW_MS,
          summary: 'the customer asked Apple for a refund; Apple asks for consumption information',
        },
      };
    default:
      return null;
  }
}

export function toEvent(
  m: Mapped,
  t: JWSTransactionDecodedPayload,
  occurredAt: number,
  source: EventSource,
  dedupeKey: string,
  raw: unknown,
): EventInput {
  return {
    store: 'apple',
    purchaseKey: t.originalTransactionId ?? t.transactionId ?? '',
    type: m.type,
    occurredAt,
    source,
    dedupeKey,
    amountMinor: m.amountMinor ?? null,
    currency: m.amountMinor != null ? (t.currency ?? null) : null,
    orderId: t.transactionId ?? null,
    detail: { ...m.detail, transactionId: t.transactionId ?? null, storeRef: t.transactionId ?? null },
    raw,
  };
}
